// The element-wise work the addon does beside the products: the layer epilogues and Adam's step.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

// Where the loader can pick a function's build by CPU (ELF ifuncs), the element-wise loops get an
// AVX2 build beside the baseline one: the same operations, twice the width.
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__)
#define WORKBENCH_WIDE_VECTORS __attribute__((target_clones("avx2", "default")))
#else
#define WORKBENCH_WIDE_VECTORS
#endif

// e^x for x ≤ 0 (Cephes' expf: x = n ln 2 + r, a degree-6 polynomial in r, 2^n from the exponent
// bits; relative error about 1e-7), written so the compiler vectorises the loops that call it.
inline float ExpNonPositive(float x) {
  x = std::max(x, -87.33654f);  // below, e^x is under the smallest normal float: 0
  // n = round(x / ln 2) by the float adder's own rounding (1.5 · 2^23), so |r| ≤ ln 2 / 2, branch-free.
  float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float y = 1.9875691500e-4f;
  y = y * r + 1.3981999507e-3f;
  y = y * r + 8.3334519073e-3f;
  y = y * r + 4.1665795894e-2f;
  y = y * r + 1.6666665459e-1f;
  y = y * r + 5.0000001201e-1f;
  y = y * r * r + r + 1.0f;
  int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return x > -87.33654f ? y * scale : 0.0f;
}

// σ(z) = 1 / (1 + e^-z), from e^-|z| so the exponential never overflows.
WORKBENCH_WIDE_VECTORS inline void SigmoidInPlace(float* __restrict c, int64_t count) {
  for (int64_t i = 0; i < count; i++) {
    float z = c[i];
    float e = ExpNonPositive(-std::fabs(z));
    float s = 1.0f / (1.0f + e);
    c[i] = z >= 0 ? s : e * s;
  }
}

// c ← c · y (1 - y): a gradient taken back through logistic units whose outputs are y.
WORKBENCH_WIDE_VECTORS inline void ThroughLogisticInPlace(float* __restrict c, const float* __restrict y, int64_t count) {
  for (int64_t i = 0; i < count; i++) c[i] = c[i] * (y[i] * (1.0f - y[i]));
}

// One parameter's Adam step over elements [from, to): m' = b1 m + (1 - b1) g, v' = b2 v + (1 - b2) g²,
// p' = p - step m' / (√v' + eps): the same f32 operations in the same order as kernels.wat's adam
// (built without contraction into fused multiply-adds), so the result is the same to the bit
// whichever does it. m and v are written over themselves; p' goes to its own output.
struct AdamOperands {
  const float* p;
  const float* g;
  float* m;
  float* v;
  float* out;
  int64_t count;
};

WORKBENCH_WIDE_VECTORS inline void AdamRange(const AdamOperands& x, int64_t from, int64_t to, float b1, float b2, float step, float eps) {
  const float c1 = 1.0f - b1, c2 = 1.0f - b2;
  const float* __restrict p = x.p;
  const float* __restrict gs = x.g;
  float* __restrict ms = x.m;
  float* __restrict vs = x.v;
  float* __restrict out = x.out;
  for (int64_t i = from; i < to; i++) {
    float g = gs[i];
    float m = b1 * ms[i] + c1 * g;
    float v = b2 * vs[i] + c2 * (g * g);
    ms[i] = m;
    vs[i] = v;
    out[i] = p[i] - (step * m) / (std::sqrt(v) + eps);
  }
}

// The RBM's momentum update over elements [from, to): inc' = momentum · inc + term - decay · p,
// p' = p + inc', in kernels.wat's momentum's order (the same numbers to the bit).
WORKBENCH_WIDE_VECTORS inline void MomentumRange(const float* __restrict p, const float* __restrict inc, const float* __restrict term, float* __restrict pOut,
                                                 float* __restrict incOut, int64_t from, int64_t to, float momentum, float decay) {
  for (int64_t i = from; i < to; i++) {
    float next = (momentum * inc[i] + term[i]) - decay * p[i];
    incOut[i] = next;
    pOut[i] = p[i] + next;
  }
}
