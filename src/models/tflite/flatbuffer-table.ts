/**
 * A small, typed view over one FlatBuffers table: fields are addressed by their schema field id (declaration order,
 * unions take two ids: the type byte, then the value). Absent fields give the schema default.
 */
import { ByteBuffer } from 'flatbuffers';

export class FbTable {
  constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
  ) {}

  /** The table the buffer's root offset points at. */
  static root(bytes: Uint8Array): FbTable {
    const bb = new ByteBuffer(bytes);
    return new FbTable(bb, bb.readUint32(0));
  }

  /** Byte position of the field's value inside the buffer, or 0 when the field is absent. */
  private field(id: number): number {
    const offset = this.bb.__offset(this.pos, 4 + 2 * id);
    return offset ? this.pos + offset : 0;
  }

  has(id: number): boolean {
    return this.field(id) !== 0;
  }

  int8(id: number, fallback = 0): number {
    const at = this.field(id);
    return at ? this.bb.readInt8(at) : fallback;
  }

  bool(id: number, fallback = false): boolean {
    const at = this.field(id);
    return at ? this.bb.readUint8(at) !== 0 : fallback;
  }

  int32(id: number, fallback = 0): number {
    const at = this.field(id);
    return at ? this.bb.readInt32(at) : fallback;
  }

  uint32(id: number, fallback = 0): number {
    const at = this.field(id);
    return at ? this.bb.readUint32(at) : fallback;
  }

  string(id: number): string | undefined {
    const at = this.field(id);
    return at ? (this.bb.__string(at) as string) : undefined;
  }

  table(id: number): FbTable | undefined {
    const at = this.field(id);
    return at ? new FbTable(this.bb, this.bb.__indirect(at)) : undefined;
  }

  tables(id: number): FbTable[] {
    const at = this.field(id);
    if (!at) return [];
    const start = this.bb.__vector(at);
    const length = this.bb.__vector_len(at);
    return Array.from({ length }, (_, i) => new FbTable(this.bb, this.bb.__indirect(start + 4 * i)));
  }

  int32s(id: number): number[] {
    return this.scalars(id, 4, (at) => this.bb.readInt32(at));
  }

  float32s(id: number): number[] {
    return this.scalars(id, 4, (at) => this.bb.readFloat32(at));
  }

  /** A `[ubyte]` vector as a view into the buffer (no copy); empty when absent. */
  bytes(id: number): Uint8Array {
    const at = this.field(id);
    if (!at) return new Uint8Array(0);
    const all = this.bb.bytes();
    const start = this.bb.__vector(at);
    return all.subarray(start, start + this.bb.__vector_len(at));
  }

  private scalars<T>(id: number, size: number, read: (at: number) => T): T[] {
    const at = this.field(id);
    if (!at) return [];
    const start = this.bb.__vector(at);
    return Array.from({ length: this.bb.__vector_len(at) }, (_, i) => read(start + size * i));
  }
}
