/**
 * fp16 storage: float32 weight initializers (>= MIN_ELEMENTS values; small constants such as Resize scales stay
 * exact) become float16 initializers behind Cast(to=float). The file halves; every op still computes in float32,
 * which is what onnxruntime-web's wasm backend and onnxruntime-node's CPU provider run (neither has float16
 * kernels for Conv on x86 / wasm).
 */
import { intAttribute } from '../models/onnx/attributes.js';
import type { ProtoModel, ProtoNode, ProtoTensor } from '../models/onnx/proto-types.js';
import { TensorType } from '../models/onnx/proto-types.js';
import { buildTensor, floatValues } from '../models/onnx/tensor-data.js';
import { floatsToHalves } from './half.js';

const MIN_ELEMENTS = 64;

export function toFp16Storage(model: ProtoModel): { model: ProtoModel; converted: number } {
  const { graph } = model;
  const used = new Set([...graph.initializers.map((t) => t.name), ...graph.nodes.flatMap((n) => [...n.inputs, ...n.outputs])]);
  const casts: ProtoNode[] = [];
  const initializers: ProtoTensor[] = [];
  for (const tensor of graph.initializers) {
    const count = tensor.dims.reduce((a, b) => a * b, 1);
    if (tensor.dataType !== TensorType.FLOAT || count < MIN_ELEMENTS) {
      initializers.push(tensor);
      continue;
    }
    let name = `${tensor.name}_fp16`;
    for (let n = 1; used.has(name); n++) name = `${tensor.name}_fp16_${n}`;
    used.add(name);
    initializers.push(buildTensor(name, tensor.dims, TensorType.FLOAT16, floatsToHalves(floatValues(tensor))));
    casts.push({ opType: 'Cast', name: `${name}_Cast`, inputs: [name], outputs: [tensor.name], attributes: [intAttribute('to', TensorType.FLOAT)], rest: [] });
  }
  const inputs = graph.inputs.filter((i) => !casts.some((c) => c.outputs[0] === i.name));
  return { model: { ...model, graph: { ...graph, nodes: [...casts, ...graph.nodes], initializers, inputs } }, converted: casts.length };
}
