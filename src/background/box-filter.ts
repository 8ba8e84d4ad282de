/**
 * Mean over a (2r+1) x (2r+1) square around each pixel, the square clipped to the image (so edges average what
 * lies inside), separably with running sums: O(1) per pixel for any radius. Platform-neutral.
 */

/** Writes the box mean of `src` (width x height) into `out`; `scratch` holds width * height values. */
export function boxMean(src: Float32Array, width: number, height: number, radius: number, out: Float32Array, scratch: Float32Array): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x < Math.min(radius, width); x++) sum += src[row + x];
    for (let x = 0; x < width; x++) {
      const enter = x + radius;
      const leave = x - radius - 1;
      if (enter < width) sum += src[row + enter];
      if (leave >= 0) sum -= src[row + leave];
      const count = Math.min(enter, width - 1) - Math.max(leave + 1, 0) + 1;
      scratch[row + x] = sum / count;
    }
  }
  for (let x = 0; x < width; x++) {
    let sum = 0;
    for (let y = 0; y < Math.min(radius, height); y++) sum += scratch[y * width + x];
    for (let y = 0; y < height; y++) {
      const enter = y + radius;
      const leave = y - radius - 1;
      if (enter < height) sum += scratch[enter * width + x];
      if (leave >= 0) sum -= scratch[leave * width + x];
      const count = Math.min(enter, height - 1) - Math.max(leave + 1, 0) + 1;
      out[y * width + x] = sum / count;
    }
  }
}
