/**
 * Which outputs a request gets, and in which form. Without an `outputs` section (or with an empty one) the spec
 * returns every output the model has; each output is JSON unless `binary_data: true` is set on it, or
 * `binary_data_output: true` on the request (which an output's own `binary_data` overrides), or the request was
 * raw binary (Triton: every output comes back binary then). Call it before inference: it also tells the server
 * whether confidence must be computed at all.
 */
import { expected } from '../../core/errors.js';
import type { InferRequest, OutputName } from './types.js';

export interface OutputChoice {
  name: OutputName;
  /** As binary data after the JSON header (true) or as a JSON `data` array (false). */
  binary: boolean;
}

/** The outputs to return, in the request's order (or `available`'s when it names none). */
export function chooseOutputs(request: InferRequest, available: readonly OutputName[]): OutputChoice[] {
  const fallback = request.raw || request.parameters?.binary_data_output === true;
  if (!request.outputs?.length) return available.map((name) => ({ name, binary: fallback }));
  return request.outputs.map((output, i) => {
    if (!(available as readonly string[]).includes(output.name)) {
      throw expected(`an output of this model (${available.join(', ')})`, `outputs[${i}].name`, output.name);
    }
    const own = output.parameters?.binary_data;
    return { name: output.name as OutputName, binary: typeof own === 'boolean' ? own : fallback };
  });
}
