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

// scores: C planes of n floats (n a multiple of 4; callers pad); best: n floats scratch; labels: n int32;
// confidence: n floats or 0 (softmax: 1 / sum exp(s - max); probabilities: max).
__attribute__((export_name("argmax_planes")))
void argmax_planes(const float *scores, int classes, int n, float *best, int *labels, float *confidence, int softmax) {
  for (int i = 0; i < n; i += 4) {
    wasm_v128_store(best + i, wasm_v128_load(scores + i));
    wasm_v128_store(labels + i, wasm_i32x4_splat(0));
  }
  for (int c = 1; c < classes; c++) {
    const float *plane = scores + (long)c * n;
    const v128_t id = wasm_i32x4_splat(c);
    for (int i = 0; i < n; i += 4) {
      const v128_t v = wasm_v128_load(plane + i);
      const v128_t m = wasm_v128_load(best + i);
      const v128_t higher = wasm_f32x4_gt(v, m);
      wasm_v128_store(best + i, wasm_v128_bitselect(v, m, higher));
      wasm_v128_store(labels + i, wasm_v128_bitselect(id, wasm_v128_load(labels + i), higher));
    }
  }
  if (!confidence) return;
  if (!softmax) {
    for (int i = 0; i < n; i += 4) wasm_v128_store(confidence + i, wasm_v128_load(best + i));
    return;
  }
  for (int i = 0; i < n; i += 4) wasm_v128_store(confidence + i, wasm_f32x4_splat(0.0f));
  for (int c = 0; c < classes; c++) {
    const float *plane = scores + (long)c * n;
    for (int i = 0; i < n; i += 4) {
      const v128_t d = wasm_f32x4_sub(wasm_v128_load(plane + i), wasm_v128_load(best + i));
      wasm_v128_store(confidence + i, wasm_f32x4_add(wasm_v128_load(confidence + i), exp_nonpositive(d)));
    }
  }
  const v128_t one = wasm_f32x4_splat(1.0f);
  for (int i = 0; i < n; i += 4) wasm_v128_store(confidence + i, wasm_f32x4_div(one, wasm_v128_load(confidence + i)));
}
