// Argmax and softmax confidence over class planes (NCHW scores already at image size), WebAssembly SIMD.
// Built by tools/wasm/build.sh into src/postprocess/wasm-kernels.ts; the JS loop in scores-to-labels.ts is the
// reference and the fallback where WebAssembly SIMD is missing.
#include <wasm_simd128.h>

// exp(x) for x in [-87, 0]: 2^(x log2 e) = 2^k * 2^f, k the nearest integer, f in [-0.5, 0.5], 2^f by its
// degree-6 Taylor polynomial (truncation error < 2e-7 relative).
static inline v128_t exp_nonpositive(v128_t x) {
  const v128_t t = wasm_f32x4_mul(wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f)), wasm_f32x4_splat(1.4426950408889634f));
  const v128_t k = wasm_f32x4_nearest(t);
  const v128_t f = wasm_f32x4_sub(t, k);
  v128_t p = wasm_f32x4_splat(1.5403530e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), wasm_f32x4_splat(1.3333558e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), wasm_f32x4_splat(9.6181291e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), wasm_f32x4_splat(5.5504109e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), wasm_f32x4_splat(2.4022651e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), wasm_f32x4_splat(6.9314718e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, f), wasm_f32x4_splat(1.0f));
  const v128_t bits = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(k), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, bits);
}

// Pixel-major: four pixels at a time, all classes of those pixels before moving on, so the scores are read from
// memory once (the second look for the softmax sum hits the cache) and nothing but the outputs is written.
// scores: C planes of n floats, any n (the last n % 4 pixels go one by one); labels: n int32;
// confidence: n floats or 0 (softmax: 1 / sum exp(s - max); probabilities: the max itself).
__attribute__((export_name("argmax_planes")))
void argmax_planes(const float *scores, int classes, int n, int *labels, float *confidence, int softmax) {
  const int whole = n & ~3;
  for (int i = 0; i < whole; i += 4) {
    v128_t best = wasm_v128_load(scores + i);
    v128_t id = wasm_i32x4_splat(0);
    for (int c = 1; c < classes; c++) {
      const v128_t v = wasm_v128_load(scores + (long)c * n + i);
      const v128_t higher = wasm_f32x4_gt(v, best);
      best = wasm_v128_bitselect(v, best, higher);
      id = wasm_v128_bitselect(wasm_i32x4_splat(c), id, higher);
    }
    wasm_v128_store(labels + i, id);
    if (!confidence) continue;
    if (!softmax) {
      wasm_v128_store(confidence + i, best);
      continue;
    }
    v128_t sum = wasm_f32x4_splat(0.0f);
    for (int c = 0; c < classes; c++) {
      sum = wasm_f32x4_add(sum, exp_nonpositive(wasm_f32x4_sub(wasm_v128_load(scores + (long)c * n + i), best)));
    }
    wasm_v128_store(confidence + i, wasm_f32x4_div(wasm_f32x4_splat(1.0f), sum));
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
