/**
 * Douglas-Peucker simplification of traced rings that keeps shared boundaries shared. A boundary between two
 * regions appears in both of their rings (in opposite directions); each ring is cut into arcs at fixed vertices
 * (junctions of three or more regions, saddles, image corners) and every arc is simplified in a canonical direction
 * with canonical tie-breaking, so both copies of an arc simplify to the same line: no gaps or overlaps open between
 * neighbours. A ring that would collapse (fewer than 3 corners or no area) stays as traced, on both sides alike.
 * Platform-neutral.
 */

export interface RingToSimplify {
  /** Map coordinates `[x0, y0, x1, y1, ...]`, not closed. */
  xy: Float64Array;
  /** A key per vertex that names its position identically in every ring through it (its pixel-corner index). */
  keys: Int32Array;
  /** 1 where the vertex must stay. */
  fixed: Uint8Array;
}

function segmentDistance(xy: Float64Array, p: number, a: number, b: number): number {
  const ax = xy[2 * a];
  const ay = xy[2 * a + 1];
  const dx = xy[2 * b] - ax;
  const dy = xy[2 * b + 1] - ay;
  const px = xy[2 * p] - ax;
  const py = xy[2 * p + 1] - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / length2));
  return Math.hypot(px - t * dx, py - t * dy);
}

/** Marks in `keep` the vertices Douglas-Peucker keeps on the arc `indices` (first and last always). */
function simplifyArc(ring: RingToSimplify, indices: number[], tolerance: number, keep: Uint8Array): void {
  const { xy, keys } = ring;
  // Canonical direction: both copies of an arc are walked from the end with the smaller key.
  if (keys[indices[0]] > keys[indices[indices.length - 1]]) indices.reverse();
  const stack: [number, number][] = [[0, indices.length - 1]];
  while (stack.length) {
    const [lo, hi] = stack.pop()!;
    keep[indices[lo]] = 1;
    keep[indices[hi]] = 1;
    let best = -1;
    let bestDistance = tolerance;
    for (let k = lo + 1; k < hi; k++) {
      const distance = segmentDistance(xy, indices[k], indices[lo], indices[hi]);
      if (distance > bestDistance || (distance === bestDistance && best >= 0 && keys[indices[k]] < keys[indices[best]])) {
        best = k;
        bestDistance = distance;
      }
    }
    if (best < 0) continue;
    stack.push([lo, best], [best, hi]);
  }
}

/** The farthest vertex from vertex `from` (ties: smallest key). */
function farthest(ring: RingToSimplify, from: number): number {
  const { xy, keys } = ring;
  let best = from;
  let bestDistance = -1;
  for (let i = 0; i < keys.length; i++) {
    const distance = Math.hypot(xy[2 * i] - xy[2 * from], xy[2 * i + 1] - xy[2 * from + 1]);
    if (distance > bestDistance || (distance === bestDistance && keys[i] < keys[best])) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}

/** Indices where the ring is cut into arcs: its fixed vertices, or two canonical ones when it has fewer than two. */
function anchorsOf(ring: RingToSimplify): number[] {
  const anchors: number[] = [];
  ring.fixed.forEach((f, i) => {
    if (f) anchors.push(i);
  });
  if (anchors.length >= 2) return anchors;
  let first = anchors[0];
  if (first === undefined) {
    first = 0;
    ring.keys.forEach((key, i) => {
      if (key < ring.keys[first]) first = i;
    });
  }
  const second = farthest(ring, first);
  return first < second ? [first, second] : [second, first];
}

function area2(xy: ArrayLike<number>): number {
  let sum = 0;
  const n = xy.length;
  for (let i = 0; i < n; i += 2) {
    const j = (i + 2) % n;
    sum += xy[i] * xy[j + 1] - xy[j] * xy[i + 1];
  }
  return sum;
}

/** The simplified ring's coordinates (not closed); the ring itself when simplifying would collapse it. */
export function simplifyRing(ring: RingToSimplify, tolerance: number): Float64Array {
  const n = ring.keys.length;
  if (!(tolerance > 0) || n <= 4) return ring.xy;
  const keep = new Uint8Array(n);
  const anchors = anchorsOf(ring);
  for (let a = 0; a < anchors.length; a++) {
    const start = anchors[a];
    const end = anchors[(a + 1) % anchors.length];
    const indices: number[] = [];
    for (let i = start; ; i = (i + 1) % n) {
      indices.push(i);
      if (i === end) break;
    }
    simplifyArc(ring, indices, tolerance, keep);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(ring.xy[2 * i], ring.xy[2 * i + 1]);
  if (out.length < 6 || area2(out) === 0) return ring.xy;
  return Float64Array.from(out);
}
