/**
 * The embedded `ndvi` model: a rule-based index baseline for 4-band (R, G, B, NIR) rasters, not a learned model.
 * Pixels with NDWI = (G − NIR)/(G + NIR) > 0 are water; of the rest, NDVI = (NIR − R)/(NIR + R) > 0.3 is
 * vegetation; everything else is other. Built as a small ONNX graph with semseg's own writer (one-hot
 * probabilities out); `npm run models:ndvi` rewrites models/ndvi/, and a test checks it equals a fresh build.
 */
import { OnnxGraphBuilder } from './onnx/graph-builder.js';
import { encodeOnnxModel, OnnxDataType } from './onnx/model-writer.js';

export const NDVI_THRESHOLD = 0.3;
export const NDWI_THRESHOLD = 0;
/** Keeps 0/0 (black or nodata-filled pixels) finite: they come out as other. */
const EPSILON = 1e-6;

export const NDVI_CLASSES = [
  { id: 0, name: 'other', color: [160, 160, 160] },
  { id: 1, name: 'water', color: [30, 90, 200] },
  { id: 2, name: 'vegetation', color: [40, 160, 40] },
] as const;

function buildGraph(g: OnnxGraphBuilder): void {
  const band = (index: number, name: string) => {
    const out = g.uniqueName(name);
    g.node('Slice', ['bands', g.int64(`${name}_start`, [index]), g.int64(`${name}_end`, [index + 1]), g.int64(`${name}_axis`, [1])], out);
    return out;
  };
  const op = (type: string, inputs: string[], name: string, attributes?: Record<string, number>) => {
    const out = g.uniqueName(name);
    g.node(type, inputs, out, attributes);
    return out;
  };
  const [red, green, nir] = [band(0, 'red'), band(1, 'green'), band(3, 'nir')];
  const ratio = (a: string, b: string, name: string) =>
    op('Div', [op('Sub', [a, b], `${name}_diff`), op('Add', [op('Add', [a, b], `${name}_sum`), g.scalar(EPSILON)], `${name}_sum_eps`)], name);
  const ndwi = ratio(green, nir, 'ndwi');
  const ndvi = ratio(nir, red, 'ndvi');
  const asFloat = (name: string, input: string) => op('Cast', [input], name, { to: OnnxDataType.FLOAT });
  const water = asFloat('water', op('Greater', [ndwi, g.scalar(NDWI_THRESHOLD)], 'is_water'));
  const dry = op('Sub', [g.scalar(1), water], 'dry');
  const green_ = asFloat('green_cover', op('Greater', [ndvi, g.scalar(NDVI_THRESHOLD)], 'is_green'));
  const vegetation = op('Mul', [green_, dry], 'vegetation');
  const other = op('Sub', [dry, vegetation], 'other');
  g.node('Concat', [other, water, vegetation], 'probabilities', { axis: 1 });
}

export function buildNdviModel(): { onnx: Uint8Array; cardJson: string } {
  const g = new OnnxGraphBuilder();
  g.uniqueName('bands');
  g.uniqueName('probabilities');
  buildGraph(g);
  const onnx = encodeOnnxModel({
    irVersion: 8,
    opsetVersion: 17,
    producerName: 'semseg tools/models/build-ndvi.mjs',
    producerVersion: '1',
    docString: 'Rule-based index baseline: water NDWI > 0, vegetation NDVI > 0.3, other',
    graph: {
      name: 'ndvi',
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [{ name: 'bands', dataType: OnnxDataType.FLOAT, dims: [1, 4, -1, -1] }],
      outputs: [{ name: 'probabilities', dataType: OnnxDataType.FLOAT, dims: [1, 3, -1, -1] }],
    },
  });
  const card = {
    name: 'ndvi',
    description: `Rule-based spectral index baseline for 4-band (R, G, B, NIR) rasters, not a learned model: water where NDWI = (G-NIR)/(G+NIR) > ${NDWI_THRESHOLD}, else vegetation where NDVI = (NIR-R)/(NIR+R) > ${NDVI_THRESHOLD}, else other`,
    version: '1',
    input: {
      name: 'bands',
      layout: 'NCHW',
      dtype: 'float32',
      channels: 4,
      bands: [0, 1, 2, 3],
      // Ratios do not change under a scale that keeps 0 at 0: any range starting at 0 gives the same classes.
      range: { min: 0, max: 65535 },
      size: { mode: 'dynamic', multipleOf: 1 },
      resize: 'none',
      valueScale: 1,
      mean: [0],
      std: [1],
    },
    output: { name: 'probabilities', kind: 'probabilities', layout: 'NCHW' },
    classes: NDVI_CLASSES,
    license: 'Apache-2.0',
    provenance: {
      source: 'semseg src/models/ndvi.ts (tools/models/build-ndvi.mjs)',
      notes: 'Index thresholds, no training: a baseline to compare learned models against (docs/gis.md)',
    },
  };
  return { onnx, cardJson: `${JSON.stringify(card, null, 2)}\n` };
}
