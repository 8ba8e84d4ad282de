/**
 * The streaming half of COCO RLE: run lengths in, pycocotools' compressed string out, with the mask's area and
 * box gathered on the way, so no run-length array and no 0/1 mask is ever held. Platform-neutral.
 *
 * String form (cocoapi maskApi.c rleToString): run i (minus run i - 2 when i > 2) as a signed number in 5-bit
 * groups, low group first; 0x20 on a group means another follows, the last group's 0x10 is the sign; each group
 * plus 48 is one character ('0'..'o').
 */

/** `[x, y, width, height]` of the set pixels, as pycocotools.mask.toBbox gives it. */
export type RleBox = [x: number, y: number, width: number, height: number];

export interface RleSummary {
  counts: string;
  area: number;
  bbox: RleBox;
}

const ascii = new TextDecoder();

export class RleWriter {
  private bytes = new Uint8Array(64);
  private length = 0;
  private runs = 0;
  private back1 = 0;
  private back2 = 0;
  /** Pixels covered so far (column-major position of the next run). */
  private position = 0;
  private area = 0;
  private xs = Number.MAX_SAFE_INTEGER;
  private xe = -1;
  private ys = Number.MAX_SAFE_INTEGER;
  private ye = -1;
  /** Where the class's current run started (for encoders that see many classes at once). */
  start = 0;

  constructor(private readonly height: number) {}

  /** Appends the next run: zeros for even runs (the first may be 0), ones for odd runs. */
  push(run: number): void {
    if (this.runs % 2 === 1 && run > 0) this.box(this.position, this.position + run - 1);
    this.position += run;
    let x = this.runs > 2 ? run - this.back2 : run;
    this.back2 = this.back1;
    this.back1 = run;
    this.runs++;
    if (this.length + 7 > this.bytes.length) this.grow();
    const bytes = this.bytes;
    for (;;) {
      // `x & 0x1f` reads the low bits of the two's complement for any safe integer; (x - c) / 32 is the arithmetic
      // shift, exact beyond 32 bits too (differences of 32-bit runs need 33).
      const c = x & 0x1f;
      x = x === (x | 0) ? x >> 5 : (x - c) / 32;
      if (c & 0x10 ? x === -1 : x === 0) {
        bytes[this.length++] = c + 48;
        return;
      }
      bytes[this.length++] = (c | 0x20) + 48;
    }
  }

  finish(): RleSummary {
    const counts = ascii.decode(this.bytes.subarray(0, this.length));
    if (this.area === 0) return { counts, area: 0, bbox: [0, 0, 0, 0] };
    return { counts, area: this.area, bbox: [this.xs, this.ys, this.xe - this.xs + 1, this.ye - this.ys + 1] };
  }

  /** A ones run over column-major positions first..last (as maskApi.c rleToBbox: a run over columns spans all rows). */
  private box(first: number, last: number): void {
    const h = this.height;
    this.area += last - first + 1;
    const x0 = Math.floor(first / h);
    const x1 = Math.floor(last / h);
    if (x0 < this.xs) this.xs = x0;
    if (x1 > this.xe) this.xe = x1;
    const y0 = x0 < x1 ? 0 : first - x0 * h;
    const y1 = x0 < x1 ? h - 1 : last - x1 * h;
    if (y0 < this.ys) this.ys = y0;
    if (y1 > this.ye) this.ye = y1;
  }

  private grow(): void {
    const bigger = new Uint8Array(this.bytes.length * 2);
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }
}

/** pycocotools' compressed string of run lengths (maskApi.c rleToString); `height` only matters for the box. */
export function summarizeRuns(runs: ArrayLike<number>, height: number): RleSummary {
  const writer = new RleWriter(height);
  for (let i = 0; i < runs.length; i++) writer.push(runs[i]);
  return writer.finish();
}
