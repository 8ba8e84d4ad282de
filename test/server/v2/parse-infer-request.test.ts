import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInferRequest } from '../../../src/server/v2/parse-infer-request.js';
import type { FixedInput, BytesInput } from '../../../src/server/v2/types.js';
import { assertInvalid, binaryBody, jsonBody, lengthPrefixed, utf8 } from './helpers.js';

test("the spec's JSON example parses, once its BOOL input holds as many elements as its shape says", () => {
  // required_api.md "Inference Request Examples": input1 declares shape [3] but sends one element; refused precisely.
  const example = {
    id: '42',
    inputs: [
      { name: 'input0', shape: [2, 2], datatype: 'UINT32', data: [1, 2, 3, 4] },
      { name: 'input1', shape: [3], datatype: 'BOOL', data: [true] },
    ],
    outputs: [{ name: 'output0' }],
  };
  assertInvalid(() => parseInferRequest(jsonBody(example)), /^Expected 3 elements \(the product of shape \[3\]\) for inputs\[1\]\.data but received "1 elements"$/);
  example.inputs[1].data = [true, false, true];
  const request = parseInferRequest(jsonBody(example), { contentType: 'application/json' });
  assert.equal(request.id, '42');
  assert.equal(request.raw, false);
  assert.deepEqual(request.outputs, [{ name: 'output0' }]);
  const [a, b] = request.inputs as FixedInput[];
  assert.deepEqual([a.name, a.datatype, a.shape, a.binary], ['input0', 'UINT32', [2, 2], false]);
  assert.deepEqual(Array.from(a.data), [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0]);
  assert.deepEqual(Array.from(b.data), [1, 0, 1]);
});

test('JSON data may be flat or nested exactly as the shape (the spec\'s [[1, 2], [4, 5]])', () => {
  const nested = parseInferRequest(jsonBody({ inputs: [{ name: 'm', shape: [2, 2], datatype: 'INT16', data: [[1, 2], [4, -5]] }] }));
  assert.deepEqual(Array.from((nested.inputs[0] as FixedInput).data), [1, 0, 2, 0, 4, 0, 0xfb, 0xff]);
  const pixels = [[[255, 0, 0], [0, 255, 0]], [[0, 0, 255], [10, 20, 30]]];
  const image = parseInferRequest(jsonBody({ inputs: [{ name: 'image', shape: [2, 2, 3], datatype: 'UINT8', data: pixels }] }));
  const flat = parseInferRequest(jsonBody({ inputs: [{ name: 'image', shape: [2, 2, 3], datatype: 'UINT8', data: pixels.flat(2) }] }));
  assert.deepEqual((image.inputs[0] as FixedInput).data, Uint8Array.from(pixels.flat(2)));
  assert.deepEqual((flat.inputs[0] as FixedInput).data, Uint8Array.from(pixels.flat(2)));
  const wide = parseInferRequest(jsonBody({ inputs: [{ name: 'x', shape: [2], datatype: 'FP64', data: [0.1, -2] }, { name: 'y', shape: [1], datatype: 'UINT64', data: [2 ** 40] }] }));
  const x = (wide.inputs[0] as FixedInput).data;
  assert.deepEqual([...new Float64Array(x.buffer, x.byteOffset, 2)], [0.1, -2]);
  assert.equal(new DataView((wide.inputs[1] as FixedInput).data.buffer).getBigUint64(0, true), 2n ** 40n);
  const strings = parseInferRequest(jsonBody({ inputs: [{ name: 's', shape: [1, 2], datatype: 'BYTES', data: [['a', 'bc']] }] }));
  assert.deepEqual((strings.inputs[0] as BytesInput).data, ['a', 'bc']);
});

test("the binary extension's example request, byte by byte (UINT32 [2, 2] then BOOL [3])", () => {
  const header = {
    model_name: 'mymodel',
    inputs: [
      { name: 'input0', shape: [2, 2], datatype: 'UINT32', parameters: { binary_data_size: 16 } },
      { name: 'input1', shape: [3], datatype: 'BOOL', parameters: { binary_data_size: 3 } },
    ],
    outputs: [{ name: 'output0', parameters: { binary_data: true } }],
  };
  const input0 = [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0];
  const input1 = [1, 0, 1];
  const { body, headerLength } = binaryBody(header, input0, input1);
  assert.equal(body.length, headerLength + 19);
  const request = parseInferRequest(body, { contentType: 'application/octet-stream', inferenceHeaderContentLength: String(headerLength) });
  const [a, b] = request.inputs as FixedInput[];
  assert.deepEqual([a.binary, Array.from(a.data)], [true, input0]);
  assert.deepEqual([b.binary, Array.from(b.data)], [true, input1]);
  assert.equal(a.data.buffer, body.buffer, 'binary data is a view of the body, not a copy');
  assert.deepEqual(request.outputs, [{ name: 'output0', parameters: { binary_data: true } }]);
  assert.deepEqual(parseInferRequest(body, { inferenceHeaderContentLength: headerLength }).inputs.length, 2);
  assert.deepEqual(parseInferRequest(body, { inferenceHeaderContentLength: [` ${headerLength} `] }).inputs.length, 2);
});

test('an image tensor as binary data, mixed with JSON inputs, and BYTES elements with their 4-byte lengths', () => {
  const pixels = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 255, 128];
  const header = {
    id: 'mix',
    parameters: { binary_data_output: true, tta: 'flip' },
    inputs: [
      { name: 'note', shape: [1], datatype: 'BYTES', data: ['hello'] },
      { name: 'image', shape: [1, 2, 2, 3], datatype: 'UINT8', parameters: { binary_data_size: 12 } },
      { name: 'scale', shape: [], datatype: 'FP32', data: [0.5] },
      { name: 'files', shape: [2], datatype: 'BYTES', parameters: { binary_data_size: 4 + 3 + 4 + 0 } },
    ],
  };
  const { body, headerLength } = binaryBody(header, pixels, lengthPrefixed([0x89, 0x50, 0x4e], []));
  const request = parseInferRequest(body, { inferenceHeaderContentLength: String(headerLength) });
  assert.deepEqual(request.parameters, { binary_data_output: true, tta: 'flip' });
  const [note, image, scale, files] = request.inputs;
  assert.deepEqual([note.binary, note.data], [false, ['hello']]);
  assert.deepEqual([image.binary, image.shape, Array.from(image.data as Uint8Array)], [true, [1, 2, 2, 3], pixels]);
  assert.deepEqual(Array.from(scale.data as Uint8Array), [0, 0, 0, 0x3f]);
  assert.deepEqual((files.data as Uint8Array[]).map((e) => Array.from(e)), [[0x89, 0x50, 0x4e], []]);
});

test('a raw binary request (Inference-Header-Content-Length: 0) is one encoded image', () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const request = parseInferRequest(png, { contentType: 'image/png', inferenceHeaderContentLength: '0' });
  assert.equal(request.raw, true);
  assert.deepEqual(request.inputs, [{ name: 'image', datatype: 'BYTES', shape: [1], binary: true, data: [png] }]);
  assertInvalid(() => parseInferRequest(new Uint8Array(0), { inferenceHeaderContentLength: '0' }), /^Expected the bytes of an encoded image \(a raw binary request\) for body/);
});

const image = (extra: Record<string, unknown> = {}) => ({ name: 'image', shape: [1, 1, 3], datatype: 'UINT8', data: [1, 2, 3], ...extra });
const request = (fields: Record<string, unknown>) => jsonBody({ inputs: [image()], ...fields });

test('every malformed request is refused with the field and the reason', () => {
  const cases: [Uint8Array, Record<string, unknown>, RegExp][] = [
    [utf8.encode('{"inputs": ['), {}, /^Expected a JSON inference request but received invalid JSON: /],
    [Uint8Array.from([0xff, 0xfe, 0x00]), {}, /not UTF-8 \(binary data needs the Inference-Header-Content-Length header\)$/],
    [jsonBody([1, 2]), {}, /^Expected a JSON object \(the inference request\) for body but received \[1, 2\]$/],
    [jsonBody({}), {}, /^Expected an array of 1 to 16 inputs for inputs but received undefined$/],
    [jsonBody({ inputs: [] }), {}, /for inputs but received \[\]$/],
    [jsonBody({ inputs: Array(17).fill(image()) }), {}, /^Expected an array of 1 to 16 inputs for inputs but received array of 17$/],
    [request({ id: 42 }), {}, /^Expected a string of at most 1024 characters for id but received 42$/],
    [request({ parameters: [] }), {}, /^Expected an object of parameters for parameters but received \[\]$/],
    [request({ parameters: { a: null } }), {}, /for parameters\.a but received null$/],
    [request({ parameters: { binary_data_output: 'yes' } }), {}, /^Expected true or false for parameters\.binary_data_output but received "yes"$/],
    [request({ outputs: {} }), {}, /^Expected an array of 0 to 16 outputs for outputs/],
    [request({ outputs: [{ name: '' }] }), {}, /^Expected a name of 1 to 256 characters for outputs\[0\]\.name but received ""$/],
    [request({ outputs: [{ name: 'labels' }, { name: 'labels' }] }), {}, /^Expected names used once for outputs\[1\]\.name but received "labels"$/],
    [request({ outputs: [{ name: 'labels', parameters: { binary_data: 1 } }] }), {}, /for outputs\[0\]\.parameters\.binary_data but received 1$/],
    [request({ outputs: [{ name: 'labels', parameters: { classification: 3 } }] }), {}, /classification extension is not supported/],
    [jsonBody({ inputs: [image(), image()] }), {}, /^Expected names used once for inputs\[1\]\.name but received "image"$/],
    [jsonBody({ inputs: ['image'] }), {}, /^Expected an input object for inputs\[0\] but received "image"$/],
    [jsonBody({ inputs: [image({ name: 7 })] }), {}, /for inputs\[0\]\.name but received 7$/],
    [jsonBody({ inputs: [image({ datatype: 'uint8' })] }), {}, /^Expected a datatype among BOOL, UINT8, .*, BYTES for inputs\[0\]\.datatype but received "uint8"$/],
    [jsonBody({ inputs: [image({ datatype: 'toString' })] }), {}, /for inputs\[0\]\.datatype but received "toString"$/],
    [jsonBody({ inputs: [image({ shape: [1, -1, 3] })] }), {}, /^Expected a whole number of 0 or more \(-1 is only for metadata\) for inputs\[0\]\.shape\[1\] but received -1$/],
    [jsonBody({ inputs: [image({ shape: [1, 1.5, 3] })] }), {}, /for inputs\[0\]\.shape\[1\] but received 1\.5$/],
    [jsonBody({ inputs: [image({ shape: '1,1,3' })] }), {}, /^Expected an array of at most 16 dimensions for inputs\[0\]\.shape/],
    [jsonBody({ inputs: [image({ shape: Array(17).fill(1) })] }), {}, /at most 16 dimensions/],
    [jsonBody({ inputs: [image({ shape: [100000, 100000, 3] })] }), {}, /^Expected at most 4294967296 elements for inputs\[0\]\.shape but received "\[100000, 100000, 3\]"$/],
    [jsonBody({ inputs: [image({ data: undefined })] }), {}, /^Expected data or parameters\.binary_data_size for inputs\[0\] but received "neither"$/],
    [jsonBody({ inputs: [image({ parameters: { binary_data_size: 3 } })] }), {}, /^Expected either data or parameters\.binary_data_size for inputs\[0\] but received "both"$/],
    [jsonBody({ inputs: [image({ parameters: { shared_memory_region: 'r' } })] }), {}, /shared-memory extension is not supported/],
    [jsonBody({ inputs: [image({ data: 'AAEC' })] }), {}, /^Expected an array \(the tensor data\) for inputs\[0\]\.data but received "AAEC"$/],
    [jsonBody({ inputs: [image({ data: [1, 2] })] }), {}, /^Expected 3 elements \(the product of shape \[1, 1, 3\]\) for inputs\[0\]\.data but received "2 elements"$/],
    [jsonBody({ inputs: [image({ data: [1, 2, 256] })] }), {}, /^Expected a whole number from 0 to 255 \(UINT8\) for inputs\[0\]\.data\[2\] but received 256$/],
    [jsonBody({ inputs: [image({ data: [1, -1, 2] })] }), {}, /for inputs\[0\]\.data\[1\] but received -1$/],
    [jsonBody({ inputs: [image({ data: [1, 2.5, 2] })] }), {}, /for inputs\[0\]\.data\[1\] but received 2\.5$/],
    [jsonBody({ inputs: [image({ data: [1, '2', 3] })] }), {}, /for inputs\[0\]\.data\[1\] but received "2"$/],
    [jsonBody({ inputs: [image({ data: [[[1, 2, 3]]], shape: [1, 1, 3] }), { name: 'b', shape: [2, 2], datatype: 'UINT8', data: [[1, 2], [3]] }] }), {}, /^Expected 2 elements \(shape dimension 1\) for inputs\[1\]\.data\[1\] but received "1 elements"$/],
    [jsonBody({ inputs: [{ name: 'b', shape: [2, 2], datatype: 'UINT8', data: [[1, 2], 3] }] }), {}, /^Expected an array of 2 \(shape dimension 1\) for inputs\[0\]\.data\[1\] but received 3$/],
    [jsonBody({ inputs: [{ name: 'b', shape: [2, 2], datatype: 'UINT8', data: [[1, 2], [3, 300]] }] }), {}, /for inputs\[0\]\.data\[1\]\[1\] but received 300$/],
    [jsonBody({ inputs: [{ name: 'b', shape: [2], datatype: 'BOOL', data: [true, 1] }] }), {}, /^Expected true or false \(BOOL\) for inputs\[0\]\.data\[1\] but received 1$/],
    [jsonBody({ inputs: [{ name: 'b', shape: [1], datatype: 'FP16', data: [1] }] }), {}, /^Expected FP16 data as binary data/],
    [jsonBody({ inputs: [{ name: 'b', shape: [1], datatype: 'INT64', data: [2 ** 60] }] }), {}, /larger JSON numbers are inexact; send binary data/],
    [jsonBody({ inputs: [{ name: 'b', shape: [1], datatype: 'BYTES', data: [[1]] }] }), {}, /^Expected a string \(BYTES elements in JSON are strings\) for inputs\[0\]\.data\[0\] but received \[1\]$/],
    [jsonBody({ inputs: [image()] }), { contentType: 'image/png' }, /^Expected a JSON inference request or binary tensor data \(send the image bytes with Inference-Header-Content-Length: 0, or as a BYTES input\) for content-type/],
    [jsonBody({ inputs: [image()] }), { contentType: 'multipart/form-data; boundary=x' }, /for content-type but received "multipart\/form-data; boundary=x"$/],
  ];
  for (const [body, headers, pattern] of cases) assertInvalid(() => parseInferRequest(body, headers), pattern);
});

test('binary data must add up to the body after the JSON header, which must fit in the body', () => {
  const header = { inputs: [image({ data: undefined, parameters: { binary_data_size: 3 } })] };
  const { body, headerLength } = binaryBody(header, [1, 2, 3]);
  const at = (length: unknown) => ({ inferenceHeaderContentLength: length as string });
  assertInvalid(() => parseInferRequest(body), /^Expected a JSON inference request but received invalid JSON/);
  assertInvalid(() => parseInferRequest(body.subarray(0, headerLength)), /^Expected the length of the JSON header \(inputs carry binary_data_size\) for Inference-Header-Content-Length but received "no header"$/);
  assertInvalid(() => parseInferRequest(body, at(String(body.length + 1))), new RegExp(`^Expected at most the body length \\(${body.length} bytes\\) for Inference-Header-Content-Length`));
  assertInvalid(() => parseInferRequest(body, at('12abc')), /^Expected a whole number of bytes for Inference-Header-Content-Length but received "12abc"$/);
  assertInvalid(() => parseInferRequest(body, at('-5')), /but received "-5"$/);
  assertInvalid(() => parseInferRequest(body, at(['1', '2'])), /^Expected one header for Inference-Header-Content-Length but received "2 headers"$/);
  assertInvalid(() => parseInferRequest(body, at(headerLength - 1)), /invalid JSON/);
  const extra = binaryBody(header, [1, 2, 3, 4]);
  assertInvalid(() => parseInferRequest(extra.body, at(extra.headerLength)), /^Expected binary data of 3 bytes after the JSON header \(the sum of binary_data_size\) for body but received "4 bytes"$/);
  const short = binaryBody({ inputs: [image({ data: undefined, parameters: { binary_data_size: 2 } })] }, [1, 2]);
  assertInvalid(() => parseInferRequest(short.body, at(short.headerLength)), /^Expected 3 bytes \(3 UINT8 elements of 1 bytes\) for inputs\[0\]\.parameters\.binary_data_size but received 2$/);
  const fraction = binaryBody({ inputs: [image({ data: undefined, parameters: { binary_data_size: 2.5 } })] });
  assertInvalid(() => parseInferRequest(fraction.body, at(fraction.headerLength)), /^Expected a whole number of bytes for inputs\[0\]\.parameters\.binary_data_size but received 2\.5$/);
  const bools = binaryBody({ inputs: [{ name: 'b', datatype: 'BOOL', shape: [2], parameters: { binary_data_size: 2 } }] }, [1, 2]);
  assertInvalid(() => parseInferRequest(bools.body, at(bools.headerLength)), /^Expected BOOL bytes of 0 or 1 for inputs\[0\] element 1 but received 2$/);
  const trailing = binaryBody({ inputs: [image()] }, [0]);
  assertInvalid(() => parseInferRequest(trailing.body, at(trailing.headerLength)), /Expected binary data of 0 bytes .* but received "1 bytes"$/);
});

test('BYTES binary data: each element needs its length, and the elements fill binary_data_size exactly', () => {
  const bytes = (shape: number[], blob: number[]) => {
    const { body, headerLength } = binaryBody({ inputs: [{ name: 'image', datatype: 'BYTES', shape, parameters: { binary_data_size: blob.length } }] }, blob);
    return () => parseInferRequest(body, { inferenceHeaderContentLength: String(headerLength) });
  };
  assert.deepEqual((bytes([2], lengthPrefixed([7], [8, 9]))().inputs[0].data as Uint8Array[]).map((e) => Array.from(e)), [[7], [8, 9]]);
  assertInvalid(bytes([3], lengthPrefixed([7], [8])), /^Expected at least 12 bytes \(3 BYTES elements, each a 4-byte length and its bytes\) for inputs\[0\]\.parameters\.binary_data_size but received 10$/);
  assertInvalid(bytes([2], [...lengthPrefixed([7, 7, 7, 7, 7]), 1, 0]), /^Expected a 4-byte length for BYTES element 1 for inputs\[0\] but received "2 bytes left"$/);
  assertInvalid(bytes([1], [9, 0, 0, 0, 1, 2, 3]), /^Expected 9 bytes for BYTES element 0 \(its length prefix\) for inputs\[0\] but received "3 bytes left"$/);
  assertInvalid(bytes([1], [...lengthPrefixed([1]), 5]), /^Expected exactly 1 length-prefixed BYTES elements in binary_data_size bytes for inputs\[0\]\.parameters\.binary_data_size but received "1 bytes more"$/);
  assertInvalid(bytes([1], [0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]), /^Expected 4294967295 bytes for BYTES element 0/);
});

test('a declared shape never makes the parser allocate more than the data holds', () => {
  // 2^32 elements declared, 4 bytes sent: refused on the sizes alone (no 4 GB buffer).
  const { body, headerLength } = binaryBody({ inputs: [{ name: 'x', datatype: 'UINT8', shape: [65536, 65536], parameters: { binary_data_size: 4 } }] }, [1, 2, 3, 4]);
  assertInvalid(() => parseInferRequest(body, { inferenceHeaderContentLength: String(headerLength) }), /^Expected 4294967296 bytes \(4294967296 UINT8 elements of 1 bytes\)/);
  const nested = jsonBody({ inputs: [{ name: 'x', datatype: 'FP64', shape: [46340, 46340], data: [[]] }] });
  assertInvalid(() => parseInferRequest(nested), /^Expected 46340 elements \(shape dimension 0\) for inputs\[0\]\.data but received "1 elements"$/);
  const many = binaryBody({ inputs: [{ name: 'x', datatype: 'BYTES', shape: [2 ** 31], parameters: { binary_data_size: 8 } }] }, lengthPrefixed([1, 2, 3, 4]));
  assertInvalid(() => parseInferRequest(many.body, { inferenceHeaderContentLength: String(many.headerLength) }), /^Expected at least 8589934592 bytes/);
});
