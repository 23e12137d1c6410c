// cblas_sgemm over byte ranges of one ArrayBuffer (tfjs-backend-wasm's heap): no copies. A product
// and Adam's step are split over the calling thread's own workers (worker-pool.h), each part on the
// library's single-threaded path.
#include <napi.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "element-wise.h"
#include "worker-pool.h"

#if defined(__APPLE__)
#define ACCELERATE_NEW_LAPACK 1
#include <Accelerate/Accelerate.h>
static const char* kLibrary = "Accelerate";
static void SetLibraryThreads(int) {}
static std::string Config() { return "Accelerate"; }
#else
// The header's name: cblas.h unless WORKBENCH_BLAS_HEADER names another at install (e.g. mkl_cblas.h).
#define WORKBENCH_STRING2(x) #x
#define WORKBENCH_STRING(x) WORKBENCH_STRING2(x)
#include WORKBENCH_STRING(WORKBENCH_BLAS_HEADER)
extern "C" {
void openblas_set_num_threads(int);
char* openblas_get_config(void);
}
static const char* kLibrary = "OpenBLAS";
static void SetLibraryThreads(int n) { openblas_set_num_threads(n); }
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

// Threads for each calling thread's products and updates: one count for the process, as the
// engine shares the cores among the threads that train; every caller gets its own pool of that size.
std::atomic<int> threadsPerCaller{1};
thread_local std::unique_ptr<WorkerPool> callerPool;

WorkerPool& PoolOfCaller() {
  int size = threadsPerCaller.load(std::memory_order_relaxed);
  if (!callerPool || callerPool->size() != size) {
    callerPool.reset();
    callerPool = std::make_unique<WorkerPool>(size);
  }
  return *callerPool;
}

// Below about a million multiply-adds per part, a part costs less than handing it over.
int PartsFor(const WorkerPool& pool, int64_t multiplyAdds) {
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(pool.size(), multiplyAdds >> 20)));
}

// Part `index` of `parts` of [0, count), its ends multiples of `align` (the last part takes the rest).
void PartOf(int64_t count, int64_t align, int parts, int index, int64_t* from, int64_t* to) {
  auto bound = [&](int64_t t) { return std::min(count, (count * t / parts) / align * align); };
  *from = bound(index);
  *to = index + 1 == parts ? count : bound(index + 1);
}

// A pass over memory: a part under about 64k floats is not worth a hand-over.
int PartsOfStream(const WorkerPool& pool, int64_t count) {
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(pool.size(), count >> 16)));
}

enum Epilogue { kNone = 0, kSigmoid = 1, kThroughLogistic = 2 };

struct Product {
  bool transA, transB;
  int64_t batch, m, n, k;
  const float* a;
  int64_t aStride;
  const float* b;
  int64_t bStride;
  float* c;
  float beta;
  int64_t epilogue;
  const float* y;
};

// Rows [r0, r1) and columns [c0, c1) of every C[i]: a block of the product, then its epilogue. Each
// element of C is the same dot product whichever block computes it.
void ProductBlock(const Product& p, int64_t r0, int64_t r1, int64_t c0, int64_t c1) {
  if (r1 <= r0 || c1 <= c0) return;
  int lda = static_cast<int>(p.transA ? p.m : p.k), ldb = static_cast<int>(p.transB ? p.k : p.n), ldc = static_cast<int>(p.n);
  for (int64_t i = 0; i < p.batch; i++) {
    const float* a = p.a + i * p.aStride + (p.transA ? r0 : r0 * lda);
    const float* b = p.b + i * p.bStride + (p.transB ? c0 * ldb : c0);
    float* c = p.c + i * p.m * p.n + r0 * ldc + c0;
    cblas_sgemm(CblasRowMajor, p.transA ? CblasTrans : CblasNoTrans, p.transB ? CblasTrans : CblasNoTrans,
                static_cast<int>(r1 - r0), static_cast<int>(c1 - c0), static_cast<int>(p.k), 1.0f, a, lda, b, ldb, p.beta, c, ldc);
    for (int64_t r = 0; r < r1 - r0 && p.epilogue != kNone; r++) {
      float* row = c + r * ldc;
      if (p.epilogue == kSigmoid) SigmoidInPlace(row, c1 - c0);
      else ThroughLogisticInPlace(row, p.y + i * p.m * p.n + (r0 + r) * p.n + c0, c1 - c0);
    }
  }
}

// The product split over the caller's pool: by columns of C where it is wider than tall, else by rows.
void RunProduct(const Product& p) {
  WorkerPool& pool = PoolOfCaller();
  int parts = PartsFor(pool, p.batch * p.m * p.n * p.k);
  bool byColumns = p.n >= p.m;
  pool.Run([&](int index) {
    if (index >= parts) return;
    int64_t from, to;
    if (byColumns) {
      PartOf(p.n, 16, parts, index, &from, &to);
      ProductBlock(p, 0, p.m, from, to);
    } else {
      PartOf(p.m, 4, parts, index, &from, &to);
      ProductBlock(p, from, to, 0, p.n);
    }
  });
}

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
  int64_t epilogue = info.Length() == 15 ? IntArg(info, 13, "epilogue") : kNone;
  if (epilogue > kThroughLogistic) throw Napi::RangeError::New(env, "epilogue must be 0 (none), 1 (sigmoid) or 2 (through logistic units)");
  const float* y = nullptr;
  if (epilogue == kThroughLogistic) {
    int64_t yOffset = IntArg(info, 14, "yOffset");
    CheckRange(env, "y", yOffset, m * n, batch, m * n, length);
    y = reinterpret_cast<const float*>(base + yOffset);
  }
  RunProduct({transA, transB, batch, m, n, k, reinterpret_cast<const float*>(base + aOffset), aStride,
              reinterpret_cast<const float*>(base + bOffset), bStride, reinterpret_cast<float*>(base + cOffset), beta, epilogue, y});
  return env.Undefined();
}

// adam(buffer, offsets: Float64Array [p, g, m, v, out] byte offsets per parameter, counts: Float64Array, b1, b2, step, eps)
// One Adam step over every parameter in one call, split over the caller's pool.
Napi::Value Adam(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 7 || !info[0].IsArrayBuffer() || !info[1].IsTypedArray() || !info[2].IsTypedArray()) {
    throw Napi::TypeError::New(env, "adam(buffer: ArrayBuffer, offsets: Float64Array, counts: Float64Array, b1, b2, step, eps)");
  }
  Napi::ArrayBuffer buffer = info[0].As<Napi::ArrayBuffer>();
  Napi::TypedArray offsetsArray = info[1].As<Napi::TypedArray>();
  Napi::TypedArray countsArray = info[2].As<Napi::TypedArray>();
  if (offsetsArray.TypedArrayType() != napi_float64_array || countsArray.TypedArrayType() != napi_float64_array) {
    throw Napi::TypeError::New(env, "adam's offsets and counts must be Float64Arrays");
  }
  Napi::Float64Array offsets = offsetsArray.As<Napi::Float64Array>();
  Napi::Float64Array counts = countsArray.As<Napi::Float64Array>();
  if (offsets.ElementLength() != 5 * counts.ElementLength()) throw Napi::RangeError::New(env, "offsets must hold five byte offsets (p, g, m, v, out) per count");
  float b1 = static_cast<float>(info[3].As<Napi::Number>().DoubleValue());
  float b2 = static_cast<float>(info[4].As<Napi::Number>().DoubleValue());
  float step = static_cast<float>(info[5].As<Napi::Number>().DoubleValue());
  float eps = static_cast<float>(info[6].As<Napi::Number>().DoubleValue());
  size_t length = buffer.ByteLength();
  auto* base = static_cast<uint8_t*>(buffer.Data());
  std::vector<AdamOperands> operands;
  int64_t total = 0;
  for (size_t i = 0; i < counts.ElementLength(); i++) {
    double c = counts[i];
    if (c < 0 || c != static_cast<double>(static_cast<int64_t>(c))) throw Napi::RangeError::New(env, "counts must be non-negative integers");
    int64_t count = static_cast<int64_t>(c);
    float* pointers[5];
    for (int j = 0; j < 5; j++) {
      double o = offsets[5 * i + j];
      if (o < 0 || o != static_cast<double>(static_cast<int64_t>(o))) throw Napi::RangeError::New(env, "offsets must be non-negative integers");
      CheckRange(env, "adam operand", static_cast<int64_t>(o), 0, 1, count, length);
      pointers[j] = reinterpret_cast<float*>(base + static_cast<int64_t>(o));
    }
    operands.push_back({pointers[0], pointers[1], pointers[2], pointers[3], pointers[4], count});
    total += count;
  }
  WorkerPool& pool = PoolOfCaller();
  int parts = PartsOfStream(pool, total);
  pool.Run([&](int index) {
    if (index >= parts) return;
    int64_t from, to, start = 0;
    PartOf(total, 16, parts, index, &from, &to);
    for (const AdamOperands& x : operands) {
      int64_t lo = std::max(from - start, int64_t{0}), hi = std::min(to - start, x.count);
      if (lo < hi) AdamRange(x, lo, hi, b1, b2, step, eps);
      start += x.count;
      if (start >= to) break;
    }
  });
  return env.Undefined();
}

// momentum(buffer, p, inc, term, pOut, incOut (byte offsets), count, momentum, decay): the RBM's
// update in one call, split over the caller's pool.
Napi::Value Momentum(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 9 || !info[0].IsArrayBuffer()) {
    throw Napi::TypeError::New(env, "momentum(buffer: ArrayBuffer, p, inc, term, pOut, incOut, count, momentum, decay)");
  }
  Napi::ArrayBuffer buffer = info[0].As<Napi::ArrayBuffer>();
  int64_t count = IntArg(info, 6, "count");
  auto* base = static_cast<uint8_t*>(buffer.Data());
  static const char* kNames[5] = {"p", "inc", "term", "pOut", "incOut"};
  float* operands[5];
  for (int j = 0; j < 5; j++) {
    int64_t offset = IntArg(info, 1 + j, kNames[j]);
    CheckRange(env, kNames[j], offset, 0, 1, count, buffer.ByteLength());
    operands[j] = reinterpret_cast<float*>(base + offset);
  }
  float momentum = static_cast<float>(info[7].As<Napi::Number>().DoubleValue());
  float decay = static_cast<float>(info[8].As<Napi::Number>().DoubleValue());
  WorkerPool& pool = PoolOfCaller();
  int parts = PartsOfStream(pool, count);
  pool.Run([&](int index) {
    if (index >= parts) return;
    int64_t from, to;
    PartOf(count, 16, parts, index, &from, &to);
    MomentumRange(operands[0], operands[1], operands[2], operands[3], operands[4], from, to, momentum, decay);
  });
  return env.Undefined();
}

Napi::Value SetThreadCount(const Napi::CallbackInfo& info) {
  int64_t threads = IntArg(info, 0, "threads");
  if (threads < 1 || threads > 1024) throw Napi::RangeError::New(info.Env(), "threads must be between 1 and 1024");
  threadsPerCaller.store(static_cast<int>(threads));
  return Napi::Number::New(info.Env(), threadsPerCaller.load());
}

Napi::Value ThreadCount(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), threadsPerCaller.load()); }

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // The library runs each part on the thread that calls it; the pools do the threading.
  SetLibraryThreads(1);
  exports.Set("sgemm", Napi::Function::New(env, Sgemm));
  exports.Set("epilogues", Napi::Boolean::New(env, true));
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("momentum", Napi::Function::New(env, Momentum));
  exports.Set("setThreads", Napi::Function::New(env, SetThreadCount));
  exports.Set("threads", Napi::Function::New(env, ThreadCount));
  exports.Set("library", Napi::String::New(env, kLibrary));
  exports.Set("config", Napi::String::New(env, Config()));
  return exports;
}

}  // namespace

NODE_API_MODULE(workbench_blas, Init)
