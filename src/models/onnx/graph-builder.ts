/** Collects ONNX nodes and initializers in order, handing out unique value names. */
import { OnnxDataType, type OnnxAttributeValue, type OnnxInitializer, type OnnxNode } from './model-writer.js';

export class OnnxGraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  private readonly used = new Set<string>();
  private readonly scalars = new Map<number, string>();

  /** A value name not handed out before, derived from `base`. */
  uniqueName(base: string): string {
    let name = base;
    for (let n = 1; this.used.has(name); n += 1) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }

  /** Adds a node writing to `output` (a name from `uniqueName`). */
  node(opType: string, inputs: string[], output: string, attributes?: Record<string, OnnxAttributeValue>): void {
    this.nodes.push({ opType, name: `${opType}_${this.nodes.length}`, inputs, outputs: [output], attributes });
  }

  float(base: string, dims: number[], data: Float32Array): string {
    return this.initializer(base, dims, OnnxDataType.FLOAT, data);
  }

  /** A float32 scalar initializer, shared by every use of the same value. */
  scalar(value: number): string {
    let name = this.scalars.get(value);
    if (!name) {
      name = this.float(`scalar_${value}`, [], Float32Array.of(value));
      this.scalars.set(value, name);
    }
    return name;
  }

  int64(base: string, values: number[]): string {
    return this.initializer(base, [values.length], OnnxDataType.INT64, BigInt64Array.from(values.map(BigInt)));
  }

  private initializer(base: string, dims: number[], dataType: OnnxInitializer['dataType'], data: OnnxInitializer['data']): string {
    const name = this.uniqueName(base);
    this.initializers.push({ name, dims, dataType, data });
    return name;
  }
}
