/**
 * Instances of a label map: each connected component of a class is one instance (what "instances from a semantic
 * map" can mean without an instance model: touching objects of one class merge). Instance ids run 1..n in the
 * row-major order of each instance's first pixel; 0 marks pixels of classes left out. Platform-neutral.
 */
import type { LabelMap } from '../core/types.js';
import { labelComponents, type Connectivity } from '../vectors/components.js';
import { checkVectorOptions } from '../vectors/geojson.js';

export interface Instance {
  /** 1-based, as in the instance id raster. */
  id: number;
  classId: number;
  /** Pixels. */
  area: number;
  /** `[x, y, width, height]` in pixels (pycocotools.mask.toBbox). */
  bbox: [number, number, number, number];
  /** Mean of the pixel centres `[x, y]`, pixel (x, y) covering [x, x+1] x [y, y+1]. */
  centroid: [number, number];
}

export interface InstanceOptions {
  /** Default 4 (scipy.ndimage.label's and gdal_polygonize's default). */
  connectivity?: Connectivity;
  /** Class ids whose components become instances; default every class. */
  classes?: readonly number[];
}

export interface Instances {
  /** Instance id per pixel (0: a class left out), row-major. */
  ids: Uint32Array;
  instances: Instance[];
  width: number;
  height: number;
  /** The component index of each instance, for outputs that reuse the components (polygons). */
  components: Int32Array;
  connectivity: Connectivity;
}

export function checkInstanceOptions(options: InstanceOptions): void {
  checkVectorOptions({ connectivity: options.connectivity, classes: options.classes });
}

export function findInstances(map: Pick<LabelMap, 'labels' | 'width' | 'height'>, options: InstanceOptions = {}): Instances {
  checkInstanceOptions(options);
  const connectivity = options.connectivity ?? 4;
  const { width, height } = map;
  const components = labelComponents(map, connectivity);
  const wanted = options.classes ? new Set(options.classes) : undefined;
  // Component index -> instance id (0: left out).
  const instanceOf = new Uint32Array(components.count);
  const kept: number[] = [];
  for (let k = 0; k < components.count; k++) {
    if (wanted && !wanted.has(components.classOf[k])) continue;
    kept.push(k);
    instanceOf[k] = kept.length;
  }
  const n = kept.length;
  const area = new Float64Array(n + 1);
  const sumX = new Float64Array(n + 1);
  const sumY = new Float64Array(n + 1);
  const minX = new Int32Array(n + 1).fill(width);
  const minY = new Int32Array(n + 1).fill(height);
  const maxX = new Int32Array(n + 1).fill(-1);
  const maxY = new Int32Array(n + 1).fill(-1);
  const ids = new Uint32Array(width * height);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const id = instanceOf[components.ids[i]];
      ids[i] = id;
      if (id === 0) continue;
      area[id]++;
      sumX[id] += x;
      sumY[id] += y;
      if (x < minX[id]) minX[id] = x;
      if (x > maxX[id]) maxX[id] = x;
      if (y < minY[id]) minY[id] = y;
      if (y > maxY[id]) maxY[id] = y;
    }
  }
  const instances = kept.map((k, index): Instance => {
    const id = index + 1;
    return {
      id,
      classId: components.classOf[k],
      area: area[id],
      bbox: [minX[id], minY[id], maxX[id] - minX[id] + 1, maxY[id] - minY[id] + 1],
      centroid: [sumX[id] / area[id] + 0.5, sumY[id] / area[id] + 0.5],
    };
  });
  return { ids, instances, width, height, components: Int32Array.from(kept), connectivity };
}
