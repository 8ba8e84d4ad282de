/**
 * Connected components of a binary mask (platform-neutral): every foreground pixel gets the id of its component,
 * 1..count in raster order of each component's first pixel (0 = background). Meant as the one implementation for
 * weed patches, COCO instances and anything else that needs components.
 */

/** A pixel is foreground where the mask byte is nonzero, or where the predicate says so. */
export type ForegroundMask = Uint8Array | ((index: number) => boolean);

export type Connectivity = 4 | 8;

export interface ComponentBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Components {
  /** Per pixel: its component id (1..count), 0 for background. */
  ids: Int32Array;
  count: number;
  /** Pixels of component k at index k - 1. */
  areas: Uint32Array;
  /** Bounding box of component k at index k - 1. */
  bboxes: ComponentBox[];
}

const OFFSETS_4 = [[1, 0], [-1, 0], [0, 1], [0, -1]] as const;
const OFFSETS_8 = [...OFFSETS_4, [1, 1], [1, -1], [-1, 1], [-1, -1]] as const;

export function labelComponents(mask: ForegroundMask, width: number, height: number, connectivity: Connectivity = 8): Components {
  const n = width * height;
  if (mask instanceof Uint8Array && mask.length !== n) throw new RangeError(`Expected a mask of ${n} pixels (${width}x${height}) but received ${mask.length}`);
  const isForeground = mask instanceof Uint8Array ? (i: number) => mask[i] !== 0 : mask;
  const offsets = connectivity === 4 ? OFFSETS_4 : OFFSETS_8;
  const ids = new Int32Array(n);
  // Each pixel enters the stack at most once (it is labelled when pushed), so n entries always suffice.
  const stack = new Int32Array(n);
  const areas: number[] = [];
  const bboxes: ComponentBox[] = [];
  let count = 0;
  for (let start = 0; start < n; start++) {
    if (ids[start] !== 0 || !isForeground(start)) continue;
    const id = ++count;
    let top = 0;
    stack[top++] = start;
    ids[start] = id;
    let area = 0;
    let x0 = width, y0 = height, x1 = -1, y1 = -1;
    while (top > 0) {
      const p = stack[--top];
      const x = p % width;
      const y = (p - x) / width;
      area++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (const [dx, dy] of offsets) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const q = ny * width + nx;
        if (ids[q] !== 0 || !isForeground(q)) continue;
        ids[q] = id;
        stack[top++] = q;
      }
    }
    areas.push(area);
    bboxes.push({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
  }
  return { ids, count, areas: Uint32Array.from(areas), bboxes };
}
