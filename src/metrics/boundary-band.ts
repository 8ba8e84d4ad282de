/**
 * Boundary band of every class of a label map at once, as in Boundary IoU (Cheng et al. 2021): the band of class k
 * is mask_k minus its erosion by d iterations of a 3x3 square, the mask zero-padded by one pixel first (the
 * official boundary_utils.mask_to_boundary: cv2.copyMakeBorder + cv2.erode). That erosion keeps a pixel iff the
 * (2d+1)x(2d+1) square around it lies inside the image and is entirely class k. Each pixel belongs to exactly one
 * mask, so one flag per pixel says "in the band of its own class": its window is not uniform or crosses the edge.
 *
 * Uniform windows come from run lengths, separably: a row pass marks pixels whose horizontal window is one run, a
 * column pass counts consecutive such pixels of equal code. O(1) per pixel for any d, no allocation per pixel.
 */

/** Flag bit: the horizontal window around the pixel is one run of equal codes inside the image. */
const ROW_UNIFORM = 1;
/** Flag bit: the whole (2d+1)^2 window is uniform and inside the image (the pixel survives erosion). */
const INTERIOR = 2;

/** Python's round() (half to even), which the reference uses for the dilation. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The reference's erosion depth for an image: max(1, round(ratio * diagonal)). */
export function boundaryDilation(width: number, height: number, ratio: number): number {
  return Math.max(1, roundHalfEven(ratio * Math.sqrt(width * width + height * height)));
}

/**
 * Sets `band[i]` to 1 where pixel i is in the boundary band of its own code's mask, else 0. `codes` holds one
 * integer per pixel (any value, e.g. -1 for "no class"); `columnRuns` is scratch of at least `width` entries.
 */
export function markBoundaryBand(
  codes: Int32Array,
  width: number,
  height: number,
  dilation: number,
  band: Uint8Array,
  columnRuns: Int32Array,
): void {
  const span = 2 * dilation + 1;
  const size = width * height;
  band.fill(0, 0, size);
  for (let y = 0; y < height; y++) {
    const rowStart = y * width;
    let run = 0;
    for (let x = 0; x < width; x++) {
      const i = rowStart + x;
      run = x > 0 && codes[i] === codes[i - 1] ? run + 1 : 1;
      if (run >= span) band[i - dilation] = ROW_UNIFORM;
    }
  }
  columnRuns.fill(0, 0, width);
  for (let y = 0; y < height; y++) {
    const rowStart = y * width;
    for (let x = 0; x < width; x++) {
      const i = rowStart + x;
      let run = 0;
      if (band[i] & ROW_UNIFORM) run = columnRuns[x] > 0 && codes[i] === codes[i - width] ? columnRuns[x] + 1 : 1;
      columnRuns[x] = run;
      if (run >= span) band[i - dilation * width] |= INTERIOR;
    }
  }
  for (let i = 0; i < size; i++) band[i] = band[i] & INTERIOR ? 0 : 1;
}
