/**
 * Connected components of a label map, per class: two neighbouring pixels are in one component when they have the
 * same class. 4-connectivity joins pixels that share an edge; 8-connectivity also those that share only a corner
 * (scipy.ndimage.label with the full 3x3 structure; gdal_polygonize -8). Components are numbered 0, 1, ... in the
 * row-major order of their first pixel. Two-pass labelling with union-find; platform-neutral.
 */
import type { LabelMap } from '../core/types.js';
import { expected } from '../core/errors.js';

export type Connectivity = 4 | 8;
export const CONNECTIVITIES: readonly Connectivity[] = [4, 8];

export interface Components {
  /** Component index per pixel, row-major. */
  ids: Int32Array;
  count: number;
  /** Class id of each component. */
  classOf: Int32Array;
  width: number;
  height: number;
}

export function checkConnectivity(value: unknown, parameter = 'connectivity'): asserts value is Connectivity {
  if (value !== 4 && value !== 8) throw expected('4 or 8', parameter, value);
}

function find(parent: Int32Array, i: number): number {
  let root = i;
  while (parent[root] !== root) root = parent[root];
  while (parent[i] !== root) {
    const next = parent[i];
    parent[i] = root;
    i = next;
  }
  return root;
}

/** Joins the sets of a and b; the smaller root (earlier pixel) stays root, so roots are first pixels. */
function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}

export function labelComponents(map: Pick<LabelMap, 'labels' | 'width' | 'height'>, connectivity: Connectivity): Components {
  checkConnectivity(connectivity);
  const { labels, width, height } = map;
  const n = width * height;
  if (labels.length !== n) throw expected(`${n} labels (width x height)`, 'labels', labels.length);
  // parent[i] points at an earlier pixel of the same component (or itself): pixel indices as provisional labels.
  const parent = new Int32Array(n);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      const label = labels[i];
      parent[i] = i;
      if (x > 0 && labels[i - 1] === label) parent[i] = find(parent, i - 1);
      if (y === 0) continue;
      const up = i - width;
      if (labels[up] === label) union(parent, i, up);
      if (connectivity === 8) {
        if (x > 0 && labels[up - 1] === label) union(parent, i, up - 1);
        if (x + 1 < width && labels[up + 1] === label) union(parent, i, up + 1);
      }
    }
  }
  const ids = new Int32Array(n);
  const classes: number[] = [];
  for (let i = 0; i < n; i++) {
    const root = find(parent, i);
    if (root === i) {
      ids[i] = classes.length;
      classes.push(labels[i]);
    } else {
      ids[i] = ids[root];
    }
  }
  return { ids, count: classes.length, classOf: Int32Array.from(classes), width, height };
}
