/**
 * The sliding-window plan of MMSegmentation's `slide_inference`: along each axis there are
 * `max(size - crop + stride - 1, 0) // stride + 1` windows starting every `stride` pixels, each `crop` long (or the
 * whole axis when the image is shorter than the crop), and a window that would run past the end is shifted back so
 * it ends on the last pixel. Every pixel is covered at least once when stride <= crop.
 */

export interface Size {
  width: number;
  height: number;
}

export interface WindowPlan {
  /** Size of every window: min(crop, image) per axis. */
  width: number;
  height: number;
  /** Left edges of the window columns and top edges of the window rows, ascending. */
  xs: number[];
  ys: number[];
}

/** Number of windows along an axis `size` long. */
export function gridCount(size: number, crop: number, stride: number): number {
  return Math.floor(Math.max(size - crop + stride - 1, 0) / stride) + 1;
}

/** Window starts along one axis: every `stride`, the last one shifted back inside the image. */
export function windowStarts(size: number, crop: number, stride: number): number[] {
  const count = gridCount(size, crop, stride);
  const starts: number[] = [];
  for (let i = 0; i < count; i++) {
    const end = Math.min(i * stride + crop, size);
    starts.push(Math.max(end - crop, 0));
  }
  return starts;
}

/** Windows over a width x height image; `crop` and `stride` are validated by the caller (positive, stride <= crop). */
export function planWindows(width: number, height: number, crop: Size, stride: Size): WindowPlan {
  return {
    width: Math.min(crop.width, width),
    height: Math.min(crop.height, height),
    xs: windowStarts(width, crop.width, stride.width),
    ys: windowStarts(height, crop.height, stride.height),
  };
}
