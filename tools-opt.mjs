import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
const { readOnnxModel } = await import('/work/wt-quant/dist/src/models/onnx/reader.js');
const f = process.argv[2];
await ort.InferenceSession.create(f, { graphOptimizationLevel: 'all', optimizedModelFilePath: '/tmp/opt.onnx', intraOpNumThreads: 2 });
const m = readOnnxModel(new Uint8Array(readFileSync('/tmp/opt.onnx')));
const ops = {}; for (const n of m.graph.nodes) { const k=(n.domain?n.domain+':':'')+n.opType; ops[k]=(ops[k]??0)+1; }
console.log(JSON.stringify(ops));
