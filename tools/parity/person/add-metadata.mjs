/**
 * Adds TFLite Metadata (tensorflow_lite_support/metadata/metadata_schema.fbs, identifier "M001") to a copy of a
 * TFLite model: an RGB image input with NormalizationOptions, which MediaPipe Tasks requires before it feeds a
 * float input. The original flatbuffer is kept byte for byte; a new root Model table is placed in front of it that
 * points into it for every field and adds one buffer and one `Metadata { name: "TFLITE_METADATA" }` entry.
 */
import { Builder, ByteBuffer } from 'flatbuffers';

/** ModelMetadata { subgraph_metadata: [{ input_tensor_metadata: [image RGB, normalization (x - mean) / std] }] }. */
export function modelMetadata({ name, mean, std }) {
  const b = new Builder(256);
  const floats = (values) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i -= 1) b.addFloat32(values[i]);
    return b.endVector();
  };
  const offsets = (values) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i -= 1) b.addOffset(values[i]);
    return b.endVector();
  };
  const meanVector = floats(mean);
  const stdVector = floats(std);
  b.startObject(2); // NormalizationOptions: mean, std
  b.addFieldOffset(0, meanVector, 0);
  b.addFieldOffset(1, stdVector, 0);
  const normalization = b.endObject();
  b.startObject(2); // ProcessUnit: options_type, options (1 = NormalizationOptions)
  b.addFieldInt8(0, 1, 0);
  b.addFieldOffset(1, normalization, 0);
  const processUnit = b.endObject();
  b.startObject(2); // ImageProperties: color_space (1 = RGB), default_size
  b.addFieldInt8(0, 1, 0);
  const imageProperties = b.endObject();
  b.startObject(3); // Content: content_properties_type (2 = ImageProperties), content_properties, range
  b.addFieldInt8(0, 2, 0);
  b.addFieldOffset(1, imageProperties, 0);
  const content = b.endObject();
  const tensorName = b.createString('image');
  const processUnits = offsets([processUnit]);
  b.startObject(7); // TensorMetadata: name, description, dimension_names, content, process_units, ...
  b.addFieldOffset(0, tensorName, 0);
  b.addFieldOffset(3, content, 0);
  b.addFieldOffset(4, processUnits, 0);
  const inputTensor = b.endObject();
  const inputs = offsets([inputTensor]);
  b.startObject(7); // SubGraphMetadata: name, description, input_tensor_metadata, ...
  b.addFieldOffset(2, inputs, 0);
  const subgraph = b.endObject();
  const modelName = b.createString(name);
  const subgraphs = offsets([subgraph]);
  const parserVersion = b.createString('1.0.0');
  b.startObject(8); // ModelMetadata: name, description, version, subgraph_metadata, author, license, files, min_parser_version
  b.addFieldOffset(0, modelName, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(7, parserVersion, 0);
  b.finish(b.endObject(), 'M001');
  return b.asUint8Array().slice();
}

const MODEL_FIELDS = 8; // version, operator_codes, subgraphs, description, buffers, metadata_buffer, metadata, signature_defs
const BUFFERS = 4;
const METADATA = 6;

/** A copy of `tflite` whose Model.metadata gains `{ name, buffer }` pointing at a new buffer holding `data`. */
export function withMetadata(tflite, name, data) {
  const bb = new ByteBuffer(tflite);
  const root = bb.readUint32(0);
  const fieldAt = (id) => {
    const offset = bb.__offset(root, 4 + 2 * id);
    return offset ? root + offset : 0;
  };
  const vectorEntries = (id) => {
    const at = fieldAt(id);
    if (!at) return [];
    const start = bb.__vector(at);
    return Array.from({ length: bb.__vector_len(at) }, (_, i) => bb.__indirect(start + 4 * i));
  };
  const oldBuffers = vectorEntries(BUFFERS);
  const oldMetadata = vectorEntries(METADATA);

  const out = new Writer();
  const patches = []; // [position of a uoffset, absolute target given the original's base position]
  out.u32(0);
  patches.push([0, () => modelTable]);
  out.bytes(new TextEncoder().encode('TFL3'));
  // New Model table: version copied, buffers and metadata rebuilt, other present fields point into the original.
  const present = Array.from({ length: MODEL_FIELDS }, (_, id) => id === BUFFERS || id === METADATA || fieldAt(id) !== 0);
  const vtable = out.position;
  out.u16(4 + 2 * MODEL_FIELDS);
  out.u16(4 + 4 * MODEL_FIELDS);
  for (let id = 0; id < MODEL_FIELDS; id += 1) out.u16(present[id] ? 4 + 4 * id : 0);
  out.align(4);
  const modelTable = out.position;
  out.i32(modelTable - vtable);
  const fieldSlots = [];
  for (let id = 0; id < MODEL_FIELDS; id += 1) {
    fieldSlots.push(out.position);
    const at = fieldAt(id);
    if (id === 0) out.u32(at ? bb.readUint32(at) : 0);
    else out.u32(0);
    if (id !== 0 && id !== BUFFERS && id !== METADATA && at) patches.push([fieldSlots[id], (base) => base + at + bb.readUint32(at)]);
  }
  /** A vector of the original's tables plus one new entry; returns a function that sets the new entry. */
  const tableVector = (slot, entries) => {
    const start = out.position;
    patches.push([slot, () => start]);
    out.u32(entries.length + 1);
    for (const entry of entries) {
      patches.push([out.position, (base) => base + entry]);
      out.u32(0);
    }
    const extraSlot = out.position;
    out.u32(0);
    return (target) => patches.push([extraSlot, () => target]);
  };
  const pointBuffer = tableVector(fieldSlots[BUFFERS], oldBuffers);
  const pointMetadata = tableVector(fieldSlots[METADATA], oldMetadata);

  // Metadata table: name (string), buffer (uint32 index of the new buffer).
  const metadataVtable = out.position;
  out.u16(8);
  out.u16(12);
  out.u16(4);
  out.u16(8);
  const metadataTable = out.position;
  out.i32(metadataTable - metadataVtable);
  const nameSlot = out.position;
  out.u32(0);
  out.u32(oldBuffers.length);
  pointMetadata(metadataTable);

  // Buffer table: data ([ubyte], 16-byte aligned).
  const bufferVtable = out.position;
  out.u16(6);
  out.u16(8);
  out.u16(4);
  out.align(4);
  const bufferTable = out.position;
  out.i32(bufferTable - bufferVtable);
  const dataSlot = out.position;
  out.u32(0);
  pointBuffer(bufferTable);

  const nameBytes = new TextEncoder().encode(name);
  patches.push([nameSlot, () => nameString]);
  const nameString = out.position;
  out.u32(nameBytes.length);
  out.bytes(nameBytes);
  out.bytes(Uint8Array.of(0));
  while ((out.position + 4) % 16 !== 0) out.bytes(Uint8Array.of(0));
  patches.push([dataSlot, () => dataVector]);
  const dataVector = out.position;
  out.u32(data.length);
  out.bytes(data);
  out.align(16);
  const base = out.position;
  out.bytes(tflite);

  const result = out.finish();
  const view = new DataView(result.buffer);
  for (const [position, target] of patches) view.setUint32(position, target(base) - position, true);
  return result;
}

class Writer {
  chunks = [];
  position = 0;

  bytes(bytes) {
    this.chunks.push(bytes);
    this.position += bytes.length;
  }

  u16(value) {
    const bytes = new Uint8Array(2);
    new DataView(bytes.buffer).setUint16(0, value, true);
    this.bytes(bytes);
  }

  u32(value) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, true);
    this.bytes(bytes);
  }

  i32(value) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, value, true);
    this.bytes(bytes);
  }

  align(size) {
    while (this.position % size !== 0) this.bytes(Uint8Array.of(0));
  }

  finish() {
    const out = new Uint8Array(this.position);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}
