// cblas_sgemm over byte ranges of one ArrayBuffer (tfjs-backend-wasm's heap): no copies.
#include <napi.h>

#include <cstdint>
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

// sgemm(buffer, transA, transB, batch, m, n, k, aOffset, aStride, bOffset, bStride, cOffset, beta)
// Row-major C[i] = op(A[i]) op(B[i]) + beta C[i] for i < batch; offsets in bytes, strides in
// elements (0: the same matrix for every i); op(A) is m x k, op(B) k x n, C m x n.
Napi::Value Sgemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 13 || !info[0].IsArrayBuffer()) throw Napi::TypeError::New(env, "sgemm(buffer: ArrayBuffer, transA, transB, batch, m, n, k, aOffset, aStride, bOffset, bStride, cOffset, beta)");
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
  for (int64_t i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0f,
                a + i * aStride, lda, b + i * bStride, ldb, beta, c + i * m * n, ldc);
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
  exports.Set("setThreads", Napi::Function::New(env, SetThreadCount));
  exports.Set("threads", Napi::Function::New(env, ThreadCount));
  exports.Set("library", Napi::String::New(env, kLibrary));
  exports.Set("config", Napi::String::New(env, Config()));
  return exports;
}

}  // namespace

NODE_API_MODULE(workbench_blas, Init)
