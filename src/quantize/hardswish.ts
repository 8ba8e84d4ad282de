/**
 * HardSwish(x) = x * HardSigmoid(x; alpha 1/6, beta 0.5), written out before quantization. onnxruntime has no
 * quantized HardSwish and splits it this way itself, leaving the Mul in float; written out here, the Mul gets
 * quantized inputs and output and becomes QLinearMul (MobileNetV3 spends a fifth of its int8 time in those Muls).
 */
import { floatAttribute } from '../models/onnx/attributes.js';
import type { ProtoModel, ProtoNode } from '../models/onnx/proto-types.js';

export function splitHardSwish(model: ProtoModel): ProtoModel {
  const used = new Set(model.graph.nodes.flatMap((n) => [...n.inputs, ...n.outputs]));
  const nodes: ProtoNode[] = [];
  for (const node of model.graph.nodes) {
    if (node.opType !== 'HardSwish' || (node.domain ?? '') !== '') {
      nodes.push(node);
      continue;
    }
    let gate = `${node.outputs[0]}_gate`;
    for (let n = 1; used.has(gate); n++) gate = `${node.outputs[0]}_gate_${n}`;
    used.add(gate);
    const name = node.name ?? node.outputs[0];
    nodes.push(
      { opType: 'HardSigmoid', name: `${name}_HardSigmoid`, inputs: [node.inputs[0]], outputs: [gate], attributes: [floatAttribute('alpha', 1 / 6), floatAttribute('beta', 0.5)], rest: [] },
      { opType: 'Mul', name: `${name}_Mul`, inputs: [node.inputs[0], gate], outputs: node.outputs, attributes: [], rest: [] },
    );
  }
  return { ...model, graph: { ...model.graph, nodes } };
}
