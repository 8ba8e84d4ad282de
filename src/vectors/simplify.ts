/**
 * Topology-preserving Douglas-Peucker for traced rings. A boundary between two regions appears in both of their
 * rings (in opposite directions); each ring is cut into arcs at fixed vertices (junctions of three or more regions,
 * saddles, image corners) and each distinct arc is simplified once, so both rings get the same line: no gaps or
 * overlaps open between neighbours. Then any simplified arc that touches or crosses another arc (or itself), or
 * that collapses or turns over a ring, goes back to its traced form, until none does; traced arcs never cross, so
 * the result is as valid as the exact rings (holes are also kept inside their shells). Platform-neutral.
 */
import { conflictingPolylines } from './segment-crossings.js';

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

/** Marks in `keep` the vertices Douglas-Peucker keeps on an arc (first and last always). */
function simplifyArc(xy: Float64Array, keys: Int32Array, tolerance: number, keep: Uint8Array): void {
  const stack: [number, number][] = [[0, keys.length - 1]];
  while (stack.length) {
    const [lo, hi] = stack.pop()!;
    keep[lo] = 1;
    keep[hi] = 1;
    let best = -1;
    let bestDistance = tolerance;
    for (let k = lo + 1; k < hi; k++) {
      const distance = segmentDistance(xy, k, lo, hi);
      if (distance > bestDistance || (distance === bestDistance && best >= 0 && keys[k] < keys[best])) {
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

interface Arc {
  /** Vertices in the canonical direction (from the end with the smaller key). */
  xy: Float64Array;
  keys: Int32Array;
  keep: Uint8Array;
  simplified: boolean;
}

interface ArcUse {
  arc: number;
  reversed: boolean;
}

/** The arcs of one ring, registered once each in `arcs` (by canonical end keys and first step). */
function cutRing(ring: RingToSimplify, tolerance: number, arcs: Arc[], byId: Map<string, number>): ArcUse[] {
  const n = ring.keys.length;
  const anchors = anchorsOf(ring);
  return anchors.map((start, a) => {
    const end = anchors[(a + 1) % anchors.length];
    const indices: number[] = [];
    for (let i = start; ; i = (i + 1) % n) {
      indices.push(i);
      if (i === end) break;
    }
    const k = (j: number) => ring.keys[indices[j]];
    const last = indices.length - 1;
    const reversed = k(0) > k(last);
    if (reversed) indices.reverse();
    const id = `${k(0)},${k(1)},${k(last)}`;
    let arc = byId.get(id);
    if (arc === undefined) {
      const xy = new Float64Array(2 * indices.length);
      indices.forEach((i, j) => xy.set([ring.xy[2 * i], ring.xy[2 * i + 1]], 2 * j));
      const keys = Int32Array.from(indices, (i) => ring.keys[i]);
      const keep = new Uint8Array(indices.length);
      simplifyArc(xy, keys, tolerance, keep);
      arc = arcs.push({ xy, keys, keep, simplified: keep.some((v) => !v) }) - 1;
      byId.set(id, arc);
    }
    return { arc, reversed };
  });
}

/** The kept vertices of an arc as a polyline. */
function keptLine(arc: Arc): { xy: number[]; keys: number[] } {
  const xy: number[] = [];
  const keys: number[] = [];
  arc.keep.forEach((k, j) => {
    if (!k) return;
    xy.push(arc.xy[2 * j], arc.xy[2 * j + 1]);
    keys.push(arc.keys[j]);
  });
  return { xy, keys };
}

/** A ring put back together from its arcs' kept vertices (not closed). */
function joinRing(uses: ArcUse[], arcs: Arc[]): number[] {
  const out: number[] = [];
  for (const { arc, reversed } of uses) {
    const { xy } = keptLine(arcs[arc]);
    const points = xy.length / 2;
    for (let p = 0; p < points - 1; p++) {
      const j = reversed ? points - 1 - p : p;
      out.push(xy[2 * j], xy[2 * j + 1]);
    }
  }
  return out;
}

function restore(arc: Arc): void {
  arc.keep.fill(1);
  arc.simplified = false;
}

/** Whether (px, py) is inside the ring (even-odd ray casting). */
function contains(ring: number[], px: number, py: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
    const [xi, yi, xj, yj] = [ring[i], ring[i + 1], ring[j], ring[j + 1]];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Every ring simplified with `tolerance` (map units), in the order given; see the file header. `holes` pairs a hole
 * with its shell (ring indices): a hole that touches its shell at a vertex could swing outside it without any crossing.
 */
export function simplifyRings(rings: readonly RingToSimplify[], tolerance: number, holes: readonly [hole: number, shell: number][] = []): Float64Array[] {
  if (!(tolerance > 0)) return rings.map((r) => r.xy);
  const arcs: Arc[] = [];
  const byId = new Map<string, number>();
  const uses = rings.map((ring) => cutRing(ring, tolerance, arcs, byId));
  const restoreRing = (r: number): boolean => {
    let changed = false;
    for (const { arc } of uses[r]) {
      if (arcs[arc].simplified) {
        restore(arcs[arc]);
        changed = true;
      }
    }
    return changed;
  };
  for (;;) {
    let changed = false;
    for (const [hole, shell] of holes) {
      const h = joinRing(uses[hole], arcs);
      if (contains(joinRing(uses[shell], arcs), (h[0] + h[2]) / 2, (h[1] + h[3]) / 2)) continue;
      changed = restoreRing(hole) || changed;
      changed = restoreRing(shell) || changed;
    }
    for (const a of conflictingPolylines(arcs.map(keptLine))) {
      if (arcs[a].simplified) {
        restore(arcs[a]);
        changed = true;
      }
    }
    rings.forEach((ring, r) => {
      const joined = joinRing(uses[r], arcs);
      if (joined.length >= 6 && Math.sign(area2(joined)) === Math.sign(area2(ring.xy))) return;
      changed = restoreRing(r) || changed;
    });
    if (!changed) break;
  }
  return uses.map((u) => Float64Array.from(joinRing(u, arcs)));
}
