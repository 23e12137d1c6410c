// cblas_sgemm over byte ranges of one ArrayBuffer (tfjs-backend-wasm's heap): no copies.
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#if defined(__APPLE__)
#define ACCELERATE_NEW_LAPACK 1
#include <Accelerate/Accelerate.h>
static const char* kLibrary = "Accelerate";
static void SetThreads(int) {}
static int GetThreads() { return 0; }
static std::string Config() { return "Accelerate"; }
#else
// The header's name: cblas.h unless WORKBENCH_BLAS_HEADER names another at install (e.g. mkl_cblas.h).
#define WORKBENCH_STRING2(x) #x
#define WORKBENCH_STRING(x) WORKBENCH_STRING2(x)
#include WORKBENCH_STRING(WORKBENCH_BLAS_HEADER)
extern "C" {
void openblas_set_num_threads(int);
int openblas_get_num_threads(void);
char* openblas_get_config(void);
}
static const char* kLibrary = "OpenBLAS";
static void SetThreads(int n) { openblas_set_num_threads(n); }
static int GetThreads() { return openblas_get_num_threads(); }
static std::string Config() { return openblas_get_config(); }
#endif

// Where the loader can pick a function's build by CPU (ELF ifuncs), the element-wise epilogues get an
// AVX2 build beside the baseline one: the same operations, twice the width.
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__)
#define WORKBENCH_WIDE_VECTORS __attribute__((target_clones("avx2", "default")))
#else
#define WORKBENCH_WIDE_VECTORS
#endif

namespace {

int64_t IntArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (v < 0 || v != static_cast<double>(static_cast<int64_t>(v))) {
    throw Napi::RangeError::New(info.Env(), std::string(name) + " must be a non-negative integer");
  }
  return static_cast<int64_t>(v);
}

void CheckRange(const Napi::Env& env, const char* name, int64_t offset, int64_t stride, int64_t batch, int64_t elements, size_t length) {
  if (offset % 4 != 0) throw Napi::RangeError::New(env, std::string(name) + " offset must be a multiple of 4 bytes");
  int64_t end = offset + 4 * (stride * (batch - 1) + elements);
  if (end > static_cast<int64_t>(length)) throw Napi::RangeError::New(env, std::string(name) + " lies past the end of the buffer");
}

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
WORKBENCH_WIDE_VECTORS void SigmoidInPlace(float* __restrict c, int64_t count) {
  for (int64_t i = 0; i < count; i++) {
    float z = c[i];
    float e = ExpNonPositive(-std::fabs(z));
    float s = 1.0f / (1.0f + e);
    c[i] = z >= 0 ? s : e * s;
  }
}

// c ← c · y (1 - y): a gradient taken back through logistic units whose outputs are y.
WORKBENCH_WIDE_VECTORS void ThroughLogisticInPlace(float* __restrict c, const float* __restrict y, int64_t count) {
  for (int64_t i = 0; i < count; i++) c[i] = c[i] * (y[i] * (1.0f - y[i]));
}

enum Epilogue { kNone = 0, kSigmoid = 1, kThroughLogistic = 2 };

// sgemm(buffer, transA, transB, batch, m, n, k, aOffset, aStride, bOffset, bStride, cOffset, beta[, epilogue, yOffset])
// Row-major C[i] = op(A[i]) op(B[i]) + beta C[i] for i < batch; offsets in bytes, strides in
// elements (0: the same matrix for every i); op(A) is m x k, op(B) k x n, C m x n. The epilogue
// then runs over C while it is in cache: 1 applies the logistic function, 2 multiplies by
// y (1 - y) for the m x n matrix y at yOffset.
Napi::Value Sgemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if ((info.Length() != 13 && info.Length() != 15) || !info[0].IsArrayBuffer()) {
    throw Napi::TypeError::New(env, "sgemm(buffer: ArrayBuffer, transA, transB, batch, m, n, k, aOffset, aStride, bOffset, bStride, cOffset, beta[, epilogue, yOffset])");
  }
  Napi::ArrayBuffer buffer = info[0].As<Napi::ArrayBuffer>();
  bool transA = info[1].ToBoolean();
  bool transB = info[2].ToBoolean();
  int64_t batch = IntArg(info, 3, "batch"), m = IntArg(info, 4, "m"), n = IntArg(info, 5, "n"), k = IntArg(info, 6, "k");
  int64_t aOffset = IntArg(info, 7, "aOffset"), aStride = IntArg(info, 8, "aStride");
  int64_t bOffset = IntArg(info, 9, "bOffset"), bStride = IntArg(info, 10, "bStride");
  int64_t cOffset = IntArg(info, 11, "cOffset");
  float beta = static_cast<float>(info[12].As<Napi::Number>().DoubleValue());
  if (batch == 0 || m == 0 || n == 0) return env.Undefined();
  if (m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) throw Napi::RangeError::New(env, "matrix sizes must fit in 32 bits");
  size_t length = buffer.ByteLength();
  CheckRange(env, "a", aOffset, aStride, batch, m * k, length);
  CheckRange(env, "b", bOffset, bStride, batch, k * n, length);
  CheckRange(env, "c", cOffset, m * n, batch, m * n, length);
  auto* base = static_cast<uint8_t*>(buffer.Data());
  const float* a = reinterpret_cast<const float*>(base + aOffset);
  const float* b = reinterpret_cast<const float*>(base + bOffset);
  float* c = reinterpret_cast<float*>(base + cOffset);
  int lda = static_cast<int>(transA ? m : k), ldb = static_cast<int>(transB ? k : n), ldc = static_cast<int>(n);
  int64_t epilogue = info.Length() == 15 ? IntArg(info, 13, "epilogue") : kNone;
  if (epilogue > kThroughLogistic) throw Napi::RangeError::New(env, "epilogue must be 0 (none), 1 (sigmoid) or 2 (through logistic units)");
  const float* y = nullptr;
  if (epilogue == kThroughLogistic) {
    int64_t yOffset = IntArg(info, 14, "yOffset");
    CheckRange(env, "y", yOffset, m * n, batch, m * n, length);
    y = reinterpret_cast<const float*>(base + yOffset);
  }
  for (int64_t i = 0; i < batch; i++) {
    float* ci = c + i * m * n;
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0f,
                a + i * aStride, lda, b + i * bStride, ldb, beta, ci, ldc);
    if (epilogue == kSigmoid) SigmoidInPlace(ci, m * n);
    if (epilogue == kThroughLogistic) ThroughLogisticInPlace(ci, y + i * m * n, m * n);
  }
  return env.Undefined();
}

Napi::Value SetThreadCount(const Napi::CallbackInfo& info) {
  SetThreads(static_cast<int>(IntArg(info, 0, "threads")));
  return Napi::Number::New(info.Env(), GetThreads());
}

Napi::Value ThreadCount(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), GetThreads()); }

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("sgemm", Napi::Function::New(env, Sgemm));
  exports.Set("epilogues", Napi::Boolean::New(env, true));
  exports.Set("setThreads", Napi::Function::New(env, SetThreadCount));
  exports.Set("threads", Napi::Function::New(env, ThreadCount));
  exports.Set("library", Napi::String::New(env, kLibrary));
  exports.Set("config", Napi::String::New(env, Config()));
  return exports;
}

}  // namespace

NODE_API_MODULE(workbench_blas, Init)
