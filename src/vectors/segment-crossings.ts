/**
 * Which polylines touch or cross where they should not: two segments may meet only at a shared vertex (same key),
 * and never overlap along a line. A uniform grid keeps the pair tests near-linear. Platform-neutral.
 */

export interface Polyline {
  /** Coordinates `[x0, y0, x1, y1, ...]`. */
  xy: ArrayLike<number>;
  /** A key per vertex: equal keys are the same point. */
  keys: ArrayLike<number>;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

/** Whether segments (a, b) and (c, d) meet anywhere but at a vertex they share. */
function conflict(s: number[], t: number[]): boolean {
  const [ax, ay, bx, by, ka, kb] = s;
  const [cx, cy, dx, dy, kc, kd] = t;
  const shared = (ka === kc || ka === kd ? 1 : 0) + (kb === kc || kb === kd ? 1 : 0);
  if (shared === 2) return true;
  if (shared === 1) {
    // Meeting at the shared vertex is fine unless the two run along one line away from it.
    const [px, py, qx, qy] = ka === kc || ka === kd ? [ax, ay, bx, by] : [bx, by, ax, ay];
    const [rx, ry] = kc === ka || kc === kb ? [dx, dy] : [cx, cy];
    return orient(px, py, qx, qy, rx, ry) === 0 && (qx - px) * (rx - px) + (qy - py) * (ry - py) > 0;
  }
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  return (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) || (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy))
    || (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) || (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by));
}

/** Indices of the polylines with a segment in conflict with another segment (of any polyline, itself included). */
export function conflictingPolylines(lines: readonly Polyline[]): Set<number> {
  const segments: number[][] = [];
  const owner: number[] = [];
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  lines.forEach((line, l) => {
    for (let i = 0; i + 1 < line.keys.length; i++) {
      const s = [line.xy[2 * i], line.xy[2 * i + 1], line.xy[2 * i + 2], line.xy[2 * i + 3], line.keys[i], line.keys[i + 1]];
      segments.push(s);
      owner.push(l);
      minX = Math.min(minX, s[0], s[2]);
      maxX = Math.max(maxX, s[0], s[2]);
      minY = Math.min(minY, s[1], s[3]);
      maxY = Math.max(maxY, s[1], s[3]);
    }
  });
  const bad = new Set<number>();
  if (segments.length < 2) return bad;
  const side = Math.max(1, Math.ceil(Math.sqrt(segments.length)));
  const cellW = (maxX - minX) / side || 1;
  const cellH = (maxY - minY) / side || 1;
  const cells = new Map<number, number[]>();
  const cell = (v: number, min: number, size: number) => Math.min(side - 1, Math.floor((v - min) / size));
  segments.forEach((s, i) => {
    for (let cx = cell(Math.min(s[0], s[2]), minX, cellW); cx <= cell(Math.max(s[0], s[2]), minX, cellW); cx++) {
      for (let cy = cell(Math.min(s[1], s[3]), minY, cellH); cy <= cell(Math.max(s[1], s[3]), minY, cellH); cy++) {
        const key = cy * side + cx;
        const list = cells.get(key);
        if (list) list.push(i);
        else cells.set(key, [i]);
      }
    }
  });
  const tested = new Set<number>();
  for (const list of cells.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const [i, j] = list[a] < list[b] ? [list[a], list[b]] : [list[b], list[a]];
        const pair = i * segments.length + j;
        if (tested.has(pair)) continue;
        tested.add(pair);
        if (conflict(segments[i], segments[j])) {
          bad.add(owner[i]);
          bad.add(owner[j]);
        }
      }
    }
  }
  return bad;
}
