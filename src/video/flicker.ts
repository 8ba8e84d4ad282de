/** Flicker of a label sequence: the share of pixels whose label changes between consecutive frames. Platform-neutral. */

/** Share of positions where `a` and `b` differ. */
export function changedShare(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let changed = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) changed++;
  return a.length === 0 ? 0 : changed / a.length;
}

/** Keeps the previous frame's labels; add() returns this frame's changed share (null for the first frame). */
export class FlickerMeter {
  private previous: Uint8Array | Uint16Array | undefined;
  private sum = 0;
  private count = 0;

  add(labels: Uint8Array | Uint16Array): number | null {
    const before = this.previous;
    this.previous = labels.slice();
    if (!before || before.length !== labels.length) return null;
    const share = changedShare(before, labels);
    this.sum += share;
    this.count++;
    return share;
  }

  /** Mean changed share over the transitions so far (0 with fewer than two frames). */
  get mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  get transitions(): number {
    return this.count;
  }
}
