// Argmax and softmax confidence over class planes (NCHW scores already at image size), alone or averaged with a
// mirrored run (flip TTA), WebAssembly SIMD.
// Built by tools/wasm/build.sh into src/postprocess/wasm-kernels.ts; the JS loop in scores-to-labels.ts is the
// reference and the fallback where WebAssembly SIMD is missing.
#include <wasm_simd128.h>

// exp(x) for x in [-87, 0]: 2^(x log2 e) = 2^k * 2^f, k the nearest integer, f in [-0.5, 0.5], 2^f by a degree-5
// polynomial fitted for relative error (< 1e-7 on [-0.5, 0.5]). Adding 1.5 * 2^23 rounds t to an integer and leaves
// that integer in the low mantissa bits, which saves the float -> int conversions (slow in WebAssembly SIMD).
static inline v128_t exp_nonpositive(v128_t x) {
  const v128_t magic = wasm_f32x4_splat(12582912.0f);
  const v128_t t = wasm_f32x4_mul(wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f)), wasm_f32x4_splat(1.4426950408889634f));
  const v128_t shifted = wasm_f32x4_add(t, magic);
  const v128_t f = wasm_f32x4_sub(t, wasm_f32x4_sub(shifted, magic));
  v128_t p = wasm_f32x4_splat(1.3276465e-3f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), wasm_f32x4_splat(9.6755419e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), wasm_f32x4_splat(5.5507135e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), wasm_f32x4_splat(2.4022120e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), wasm_f32x4_splat(6.9314694e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), wasm_f32x4_splat(1.0000001f));
  const v128_t k = wasm_i32x4_sub(shifted, magic);
  const v128_t bits = wasm_i32x4_shl(wasm_i32x4_add(k, wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, bits);
}

// exp(x) for x in [-87, 0] as above with a degree-4 polynomial (relative error < 2.7e-6): the resize kernel's
// confidence, where the exp is most of the cost and 1e-5 is the accuracy asked of it. The constants come in as
// values (ExpConstants, splatted once per call): V8 rebuilds every v128.const where it is used, inside the loops.
typedef struct {
  v128_t magic, floor, log2e, p4, p3, p2, p1, p0, bias;
} ExpConstants;

static inline ExpConstants exp_constants(const float *table) {
  ExpConstants k;
  k.magic = wasm_f32x4_splat(table[0]);
  k.floor = wasm_f32x4_splat(table[1]);
  k.log2e = wasm_f32x4_splat(table[2]);
  k.p4 = wasm_f32x4_splat(table[3]);
  k.p3 = wasm_f32x4_splat(table[4]);
  k.p2 = wasm_f32x4_splat(table[5]);
  k.p1 = wasm_f32x4_splat(table[6]);
  k.p0 = wasm_f32x4_splat(table[7]);
  k.bias = wasm_i32x4_splat(127);
  return k;
}

static inline v128_t exp_nonpositive4(v128_t x, const ExpConstants *k) {
  const v128_t t = wasm_f32x4_mul(wasm_f32x4_max(x, k->floor), k->log2e);
  const v128_t shifted = wasm_f32x4_add(t, k->magic);
  const v128_t f = wasm_f32x4_sub(t, wasm_f32x4_sub(shifted, k->magic));
  v128_t p = wasm_f32x4_add(wasm_f32x4_mul(k->p4, f), k->p3);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), k->p2);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), k->p1);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), k->p0);
  const v128_t bits = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_sub(shifted, k->magic), k->bias), 23);
  return wasm_f32x4_mul(p, bits);
}

// Pixel-major: eight pixels (two vectors) at a time, all classes of those pixels before moving on, so the scores are read from
// memory once (the second look for the softmax sum hits the cache) and nothing but the outputs is written.
// scores: C planes of n floats, any n (the last n % 8 pixels go one by one); labels: n int32;
// confidence: n floats or 0 (softmax: 1 / sum exp(s - max); probabilities: the max itself).
__attribute__((export_name("argmax_planes")))
void argmax_planes(const float *scores, int classes, int n, int *labels, float *confidence, int softmax) {
  const int whole = n & ~7;
  for (int i = 0; i < whole; i += 8) {
    v128_t best0 = wasm_v128_load(scores + i);
    v128_t best1 = wasm_v128_load(scores + i + 4);
    v128_t id0 = wasm_i32x4_splat(0);
    v128_t id1 = id0;
    for (int c = 1; c < classes; c++) {
      const float *row = scores + (long)c * n + i;
      const v128_t v0 = wasm_v128_load(row);
      const v128_t v1 = wasm_v128_load(row + 4);
      const v128_t h0 = wasm_f32x4_gt(v0, best0);
      const v128_t h1 = wasm_f32x4_gt(v1, best1);
      const v128_t cid = wasm_i32x4_splat(c);
      best0 = wasm_v128_bitselect(v0, best0, h0);
      best1 = wasm_v128_bitselect(v1, best1, h1);
      id0 = wasm_v128_bitselect(cid, id0, h0);
      id1 = wasm_v128_bitselect(cid, id1, h1);
    }
    wasm_v128_store(labels + i, id0);
    wasm_v128_store(labels + i + 4, id1);
    if (!confidence) continue;
    if (!softmax) {
      wasm_v128_store(confidence + i, best0);
      wasm_v128_store(confidence + i + 4, best1);
      continue;
    }
    v128_t sum0 = wasm_f32x4_splat(0.0f);
    v128_t sum1 = sum0;
    for (int c = 0; c < classes; c++) {
      const float *row = scores + (long)c * n + i;
      sum0 = wasm_f32x4_add(sum0, exp_nonpositive(wasm_f32x4_sub(wasm_v128_load(row), best0)));
      sum1 = wasm_f32x4_add(sum1, exp_nonpositive(wasm_f32x4_sub(wasm_v128_load(row + 4), best1)));
    }
    wasm_v128_store(confidence + i, wasm_f32x4_div(wasm_f32x4_splat(1.0f), sum0));
    wasm_v128_store(confidence + i + 4, wasm_f32x4_div(wasm_f32x4_splat(1.0f), sum1));
  }
  for (int i = whole; i < n; i++) {
    float best = scores[i];
    int id = 0;
    for (int c = 1; c < classes; c++) {
      const float v = scores[(long)c * n + i];
      if (v > best) {
        best = v;
        id = c;
      }
    }
    labels[i] = id;
    if (!confidence) continue;
    if (!softmax) {
      confidence[i] = best;
      continue;
    }
    v128_t sum = wasm_f32x4_splat(0.0f);
    for (int c = 0; c < classes; c++) {
      sum = wasm_f32x4_add(sum, exp_nonpositive(wasm_f32x4_splat(scores[(long)c * n + i] - best)));
    }
    confidence[i] = 1.0f / wasm_f32x4_extract_lane(sum, 0);
  }
}

// Reverses the four lanes of a vector (pixels x..x+3 of a mirrored row come in as W-4-x..W-1-x).
static inline v128_t reversed(v128_t v) { return wasm_i32x4_shuffle(v, v, 3, 2, 1, 0); }

// Scores of the image at a (4 pixels, or one pixel in every lane for `single`) and of the mirror image at the
// mirrored place b (4 pixels read backwards, or one).
static inline v128_t load_a(const float *p, int single) { return single ? wasm_f32x4_splat(*p) : wasm_v128_load(p); }
static inline v128_t load_b(const float *p, int single) { return single ? wasm_f32x4_splat(*p) : reversed(wasm_v128_load(p)); }

// One block of flip_average below: the averaged probabilities' argmax and maximum for 4 pixels (or one, in lane 0).
static inline void flip_block(const float *a, const float *b, int classes, long n, int softmax, float *scratch, int single,
                              v128_t *best_out, v128_t *id_out) {
  const v128_t half = wasm_f32x4_splat(0.5f);
  v128_t scaleA = half, scaleB = half;
  if (softmax) {
    v128_t maxA = load_a(a, single), maxB = load_b(b, single);
    for (int c = 1; c < classes; c++) {
      maxA = wasm_f32x4_max(maxA, load_a(a + c * n, single));
      maxB = wasm_f32x4_max(maxB, load_b(b + c * n, single));
    }
    v128_t sumA = wasm_f32x4_splat(0.0f), sumB = sumA;
    for (int c = 0; c < classes; c++) {
      const v128_t ea = exp_nonpositive(wasm_f32x4_sub(load_a(a + c * n, single), maxA));
      const v128_t eb = exp_nonpositive(wasm_f32x4_sub(load_b(b + c * n, single), maxB));
      wasm_v128_store(scratch + 8 * c, ea);
      wasm_v128_store(scratch + 8 * c + 4, eb);
      sumA = wasm_f32x4_add(sumA, ea);
      sumB = wasm_f32x4_add(sumB, eb);
    }
    scaleA = wasm_f32x4_div(half, sumA);
    scaleB = wasm_f32x4_div(half, sumB);
  } else {
    for (int c = 0; c < classes; c++) {
      wasm_v128_store(scratch + 8 * c, load_a(a + c * n, single));
      wasm_v128_store(scratch + 8 * c + 4, load_b(b + c * n, single));
    }
  }
  v128_t best = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(scratch), scaleA), wasm_f32x4_mul(wasm_v128_load(scratch + 4), scaleB));
  v128_t id = wasm_i32x4_splat(0);
  for (int c = 1; c < classes; c++) {
    const v128_t p = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(scratch + 8 * c), scaleA), wasm_f32x4_mul(wasm_v128_load(scratch + 8 * c + 4), scaleB));
    const v128_t higher = wasm_f32x4_gt(p, best);
    best = wasm_v128_bitselect(p, best, higher);
    id = wasm_v128_bitselect(wasm_i32x4_splat(c), id, higher);
  }
  *best_out = best;
  *id_out = id;
}

// Flip test-time augmentation at scale 1: `a` holds the scores of the image, `b` those of its mirror image (both C
// planes of height rows x width). Per pixel the two are turned into probabilities (softmax of logits, or taken as
// they are) and averaged, b read at the mirrored column; labels get the argmax (ties to the lower id), confidence
// the averaged probability of the winner. scratch: 8 x classes floats.
__attribute__((export_name("argmax_flip_average")))
void argmax_flip_average(const float *a, const float *b, int classes, int width, int height, int *labels, float *confidence,
                         int softmax, float *scratch) {
  const long n = (long)width * height;
  v128_t best, id;
  for (int y = 0; y < height; y++) {
    const long row = (long)y * width;
    int x = 0;
    for (; x + 4 <= width; x += 4) {
      flip_block(a + row + x, b + row + width - 4 - x, classes, n, softmax, scratch, 0, &best, &id);
      wasm_v128_store(labels + row + x, id);
      if (confidence) wasm_v128_store(confidence + row + x, best);
    }
    // The last width % 4 pixels of the row, one at a time.
    for (; x < width; x++) {
      flip_block(a + row + x, b + row + width - 1 - x, classes, n, softmax, scratch, 1, &best, &id);
      labels[row + x] = wasm_i32x4_extract_lane(id, 0);
      if (confidence) confidence[row + x] = wasm_f32x4_extract_lane(best, 0);
    }
  }
}

// Source row r of the scores, bilinearly resampled along x to the image's width: out[c * width + x] for every class
// (the horizontal half of the bilinear resize). Any layout: channel stride c_stride, pixel stride p_stride.
static void resample_row(const float *scores, int classes, int src_w, int c_stride, int p_stride, int r, int width,
                         const int *xl, const int *xu, const float *xf, float *out) {
  const float *row = scores + (long)r * src_w * p_stride;
  for (int c = 0; c < classes; c++) {
    const float *plane = row + (long)c * c_stride;
    float *dst = out + (long)c * width;
    for (int x = 0; x < width; x++) {
      const float a = plane[xl[x] * p_stride];
      const float b = plane[xu[x] * p_stride];
      dst[x] = a + (b - a) * xf[x];
    }
  }
}

// Labels of 8 pixels (two vectors of class ids) as bytes or 16-bit values.
static inline void store_labels8(v128_t id0, v128_t id1, void *labels, long at, int wide) {
  const v128_t narrow = wasm_u16x8_narrow_i32x4(id0, id1);
  if (wide) wasm_v128_store((unsigned short *)labels + at, narrow);
  else wasm_v128_store64_lane((unsigned char *)labels + at, wasm_u8x16_narrow_i16x8(narrow, narrow), 0);
}

// Bilinear resize of low-resolution scores to the image, argmax and confidence in one pass, row by row: only two
// horizontally resampled source rows are kept (`cache`: 2 x classes x width floats, then 8 x classes for the block
// being decided), never the full-size score volume.
// Same arithmetic as sampleScores in resize-scores.ts (horizontal, then vertical, float32): the labels are identical.
// xl/xu/xf and yl/yu/yf: neighbours and weights per image column and row (resizeAxis). labels: bytes, or 16-bit
// values when `wide`. confidence: width x height floats or 0.
__attribute__((export_name("resize_argmax")))
void resize_argmax(const float *scores, int classes, int src_w, int c_stride, int p_stride, int width, int height,
                   const int *xl, const int *xu, const float *xf, const int *yl, const int *yu, const float *yf,
                   void *labels, int wide, float *confidence, int softmax, float *cache, const float *exp_table) {
  const ExpConstants ek = exp_constants(exp_table);
  float *slot[2] = {cache, cache + (long)classes * width};
  float *values = cache + 2L * classes * width; // the 8 pixels' scores of every class, between the two passes
  int held[2] = {-1, -1};
  const v128_t far = wasm_f32x4_splat(-17.0f);
  for (int y = 0; y < height; y++) {
    const int r0 = yl[y], r1 = yu[y];
    // The slot holding r0 (or the one not holding r1 is refilled), then the same for r1.
    int s0 = held[0] == r0 ? 0 : held[1] == r0 ? 1 : (held[0] == r1 ? 1 : 0);
    if (held[s0] != r0) {
      resample_row(scores, classes, src_w, c_stride, p_stride, r0, width, xl, xu, xf, slot[s0]);
      held[s0] = r0;
    }
    int s1 = held[0] == r1 ? 0 : held[1] == r1 ? 1 : 1 - s0;
    if (held[s1] != r1) {
      resample_row(scores, classes, src_w, c_stride, p_stride, r1, width, xl, xu, xf, slot[s1]);
      held[s1] = r1;
    }
    const float *top = slot[s0], *bottom = slot[s1];
    const float fy = yf[y];
    const v128_t vfy = wasm_f32x4_splat(fy);
    const long row = (long)y * width;
    int x = 0;
    for (; x + 8 <= width; x += 8) {
      v128_t t0 = wasm_v128_load(top + x), t1 = wasm_v128_load(top + x + 4);
      v128_t best0 = wasm_f32x4_add(t0, wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(bottom + x), t0), vfy));
      v128_t best1 = wasm_f32x4_add(t1, wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(bottom + x + 4), t1), vfy));
      v128_t id0 = wasm_i32x4_splat(0), id1 = id0;
      wasm_v128_store(values, best0);
      wasm_v128_store(values + 4, best1);
      for (int c = 1; c < classes; c++) {
        const float *tc = top + (long)c * width + x, *bc = bottom + (long)c * width + x;
        const v128_t a0 = wasm_v128_load(tc), a1 = wasm_v128_load(tc + 4);
        const v128_t v0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(bc), a0), vfy));
        const v128_t v1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(bc + 4), a1), vfy));
        wasm_v128_store(values + 8 * c, v0);
        wasm_v128_store(values + 8 * c + 4, v1);
        const v128_t h0 = wasm_f32x4_gt(v0, best0), h1 = wasm_f32x4_gt(v1, best1);
        const v128_t cid = wasm_i32x4_splat(c);
        best0 = wasm_v128_bitselect(v0, best0, h0);
        best1 = wasm_v128_bitselect(v1, best1, h1);
        id0 = wasm_v128_bitselect(cid, id0, h0);
        id1 = wasm_v128_bitselect(cid, id1, h1);
      }
      store_labels8(id0, id1, labels, row + x, wide);
      if (!confidence) continue;
      if (!softmax) {
        wasm_v128_store(confidence + row + x, best0);
        wasm_v128_store(confidence + row + x + 4, best1);
        continue;
      }
      // Classes more than 17 below the winner at all 8 pixels add under 4.2e-8 each to a sum of at least 1: skipped.
      v128_t sum0 = wasm_f32x4_splat(0.0f), sum1 = sum0;
      for (int c = 0; c < classes; c++) {
        const v128_t d0 = wasm_f32x4_sub(wasm_v128_load(values + 8 * c), best0);
        const v128_t d1 = wasm_f32x4_sub(wasm_v128_load(values + 8 * c + 4), best1);
        if (!wasm_v128_any_true(wasm_v128_or(wasm_f32x4_ge(d0, far), wasm_f32x4_ge(d1, far)))) continue;
        sum0 = wasm_f32x4_add(sum0, exp_nonpositive4(d0, &ek));
        sum1 = wasm_f32x4_add(sum1, exp_nonpositive4(d1, &ek));
      }
      wasm_v128_store(confidence + row + x, wasm_f32x4_div(wasm_f32x4_splat(1.0f), sum0));
      wasm_v128_store(confidence + row + x + 4, wasm_f32x4_div(wasm_f32x4_splat(1.0f), sum1));
    }
    // The last width % 8 pixels of the row, one at a time.
    for (; x < width; x++) {
      float best = top[x] + (bottom[x] - top[x]) * fy;
      int id = 0;
      for (int c = 1; c < classes; c++) {
        const float a = top[(long)c * width + x];
        const float v = a + (bottom[(long)c * width + x] - a) * fy;
        if (v > best) {
          best = v;
          id = c;
        }
      }
      if (wide) ((unsigned short *)labels)[row + x] = (unsigned short)id;
      else ((unsigned char *)labels)[row + x] = (unsigned char)id;
      if (!confidence) continue;
      if (!softmax) {
        confidence[row + x] = best;
        continue;
      }
      v128_t sum = wasm_f32x4_splat(0.0f);
      for (int c = 0; c < classes; c++) {
        const float a = top[(long)c * width + x];
        const float v = a + (bottom[(long)c * width + x] - a) * fy;
        sum = wasm_f32x4_add(sum, exp_nonpositive4(wasm_f32x4_splat(v - best), &ek));
      }
      confidence[row + x] = 1.0f / wasm_f32x4_extract_lane(sum, 0);
    }
  }
}
