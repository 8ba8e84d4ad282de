/**
 * Exact pixel-edge boundaries of 4-connected regions (as gdal_polygonize traces them): every ring runs along pixel
 * edges and keeps only its corners, in pixel-corner coordinates (x right, y down; pixel (x, y) covers
 * [x, x+1] x [y, y+1]).
 *
 * Each ring is followed with its region on the right-hand side (on screen). Where two pixels of the region touch
 * only at a corner (a saddle) the walk turns so that they stay joined: the region is a single 4-component, so by the
 * Jordan curve theorem the two outside pixels of that corner cannot be 4-connected to each other, and every ring is
 * simple. Rings of one region meet other rings at most in single points (a hole touching the shell, two holes
 * touching), which OGC / GEOS validity allows. Platform-neutral.
 */

/** One traced ring: corner coordinates `[x0, y0, x1, y1, ...]`, not closed (the first corner is not repeated). */
export type PixelRing = Int32Array;

export interface RegionRings {
  /** The outer boundary. */
  shell: PixelRing;
  /** Boundaries of the holes, in no particular order. */
  holes: PixelRing[];
}

// Directions E, S, W, N (clockwise on screen); the two pixels ahead of a vertex as quadrant offsets.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];
const AHEAD_RIGHT_X = [0, -1, -1, 0];
const AHEAD_RIGHT_Y = [0, 0, -1, -1];
const AHEAD_LEFT_X = [0, 0, -1, -1];
const AHEAD_LEFT_Y = [-1, 0, 0, -1];

/**
 * The rings of every region of `regions` (a region index per pixel, regions 4-connected, numbered from 0 in the
 * row-major order of their first pixel, as labelComponents(…, 4) gives them).
 */
export function traceRegions(regions: Int32Array, width: number, height: number, count: number, keepJunctions = false): RegionRings[] {
  const at = (x: number, y: number): number => (x < 0 || y < 0 || x >= width || y >= height ? -1 : regions[y * width + x]);
  // One bit per direction per vertex: which directed edges a ring has already taken.
  const taken = new Uint8Array((width + 1) * (height + 1));
  const result: (RegionRings | undefined)[] = new Array(count);
  const corners: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const region = regions[y * width + x];
      // The top edge of a pixel whose upper neighbour is another region starts a ring (going east).
      if (at(x, y - 1) === region || taken[y * (width + 1) + x] & 1) continue;
      corners.length = 0;
      let vx = x;
      let vy = y;
      let d = 0;
      do {
        taken[vy * (width + 1) + vx] |= 1 << d;
        vx += DX[d];
        vy += DY[d];
        let next: number;
        if (at(vx + AHEAD_LEFT_X[d], vy + AHEAD_LEFT_Y[d]) === region) next = (d + 3) & 3;
        else if (at(vx + AHEAD_RIGHT_X[d], vy + AHEAD_RIGHT_Y[d]) === region) next = d;
        else next = (d + 1) & 3;
        if (next !== d || (keepJunctions && isFixedVertex(regions, width, height, vx, vy))) corners.push(vx, vy);
        d = next;
      } while (vx !== x || vy !== y || d !== 0);
      const ring = Int32Array.from(corners);
      // Scanning row by row, a region's first ring starts at its first pixel's top edge: its outer boundary.
      const rings = result[region];
      if (rings) rings.holes.push(ring);
      else result[region] = { shell: ring, holes: [] };
    }
  }
  return result as RegionRings[];
}

/**
 * Whether the corner (x, y) must survive simplification: where three or more regions (the outside counting as one)
 * meet, at saddles (two regions touching diagonally), and at the image's corners. Every ring through such a corner
 * keeps it, so the arcs between them are the same in both rings that share them.
 */
export function isFixedVertex(regions: Int32Array, width: number, height: number, x: number, y: number): boolean {
  if ((x === 0 || x === width) && (y === 0 || y === height)) return true;
  const at = (px: number, py: number): number => (px < 0 || py < 0 || px >= width || py >= height ? -1 : regions[py * width + px]);
  const nw = at(x - 1, y - 1);
  const ne = at(x, y - 1);
  const sw = at(x - 1, y);
  const se = at(x, y);
  if (nw === se && ne === sw && nw !== ne) return true;
  let distinct = 1;
  if (ne !== nw) distinct++;
  if (sw !== nw && sw !== ne) distinct++;
  if (se !== nw && se !== ne && se !== sw) distinct++;
  return distinct >= 3;
}

/** Twice the signed area of a ring (shoelace), positive when clockwise on screen (y down). */
export function ringArea2(ring: ArrayLike<number>): number {
  let sum = 0;
  const n = ring.length;
  for (let i = 0; i < n; i += 2) {
    const j = (i + 2) % n;
    sum += ring[i] * ring[j + 1] - ring[j] * ring[i + 1];
  }
  return sum;
}
