/**
 * Boundary F-score of a binary mask (F. Perazzi et al., DAVIS, CVPR 2016; G. Csurka et al., BMVC 2013): the mask's
 * boundary pixels (in the mask, with a 4-neighbour outside it; the image edge is not a boundary) are matched to the
 * ground truth's within a tolerance of `tolerance` pixels (chessboard distance). Precision = predicted boundary
 * pixels near a true one / predicted boundary pixels, recall = true boundary pixels near a predicted one / true
 * boundary pixels, F = 2PR / (P + R). Pixels where `valid` is 0 (void) are left out of both. Counts add up over
 * images (accumulate them), so a figure over a set weighs every boundary pixel alike. Platform-neutral.
 */

export interface BoundaryCounts {
  /** Predicted boundary pixels, and those within the tolerance of a true boundary pixel. */
  predicted: number;
  predictedMatched: number;
  /** True boundary pixels, and those within the tolerance of a predicted boundary pixel. */
  truth: number;
  truthMatched: number;
}

/** 1 on the mask's boundary pixels. */
export function maskBoundary(mask: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      const outside = (x > 0 && !mask[i - 1]) || (x < width - 1 && !mask[i + 1]) || (y > 0 && !mask[i - width]) || (y < height - 1 && !mask[i + width]);
      if (outside) out[i] = 1;
    }
  }
  return out;
}

/** The set dilated by a (2r+1) square, separably (a row pass then a column pass of running counts). */
export function dilateSquare(set: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const rows = new Uint8Array(set.length);
  for (let y = 0; y < height; y++) {
    const base = y * width;
    let count = 0;
    for (let x = 0; x < Math.min(r, width); x++) count += set[base + x];
    for (let x = 0; x < width; x++) {
      if (x + r < width) count += set[base + x + r];
      if (x - r - 1 >= 0) count -= set[base + x - r - 1];
      rows[base + x] = count > 0 ? 1 : 0;
    }
  }
  const out = new Uint8Array(set.length);
  for (let x = 0; x < width; x++) {
    let count = 0;
    for (let y = 0; y < Math.min(r, height); y++) count += rows[y * width + x];
    for (let y = 0; y < height; y++) {
      if (y + r < height) count += rows[(y + r) * width + x];
      if (y - r - 1 >= 0) count -= rows[(y - r - 1) * width + x];
      out[y * width + x] = count > 0 ? 1 : 0;
    }
  }
  return out;
}

/** Boundary counts of one image: `predicted` and `truth` are 0/1 masks; `valid` (optional) 0 where void. */
export function boundaryCounts(predicted: Uint8Array, truth: Uint8Array, width: number, height: number, tolerance: number, valid?: Uint8Array): BoundaryCounts {
  const pb = maskBoundary(predicted, width, height);
  const tb = maskBoundary(truth, width, height);
  const nearTruth = dilateSquare(tb, width, height, tolerance);
  const nearPredicted = dilateSquare(pb, width, height, tolerance);
  const counts: BoundaryCounts = { predicted: 0, predictedMatched: 0, truth: 0, truthMatched: 0 };
  for (let i = 0; i < pb.length; i++) {
    if (valid && !valid[i]) continue;
    if (pb[i]) {
      counts.predicted++;
      if (nearTruth[i]) counts.predictedMatched++;
    }
    if (tb[i]) {
      counts.truth++;
      if (nearPredicted[i]) counts.truthMatched++;
    }
  }
  return counts;
}

export function addBoundaryCounts(into: BoundaryCounts, more: BoundaryCounts): void {
  into.predicted += more.predicted;
  into.predictedMatched += more.predictedMatched;
  into.truth += more.truth;
  into.truthMatched += more.truthMatched;
}

/** Precision, recall and F from counts; an empty side counts as 1 when the other is empty too, else 0. */
export function boundaryFScore(counts: BoundaryCounts): { precision: number; recall: number; f: number } {
  const none = counts.predicted === 0 && counts.truth === 0;
  const precision = counts.predicted === 0 ? (none ? 1 : 0) : counts.predictedMatched / counts.predicted;
  const recall = counts.truth === 0 ? (none ? 1 : 0) : counts.truthMatched / counts.truth;
  const f = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f };
}
