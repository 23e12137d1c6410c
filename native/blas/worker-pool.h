// A calling thread's own helpers: Run(f) calls f(0) on the caller and f(1) … f(size - 1) on the
// helpers at once, and returns when every part is done. Each training thread (an arm) gets its own
// pool, so two arms never queue behind one library-wide pool, and the library itself stays on one
// thread per call. Helpers spin briefly after a part (a training step's products come tens of
// microseconds apart), then sleep until the next Run.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define WORKBENCH_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define WORKBENCH_PAUSE() asm volatile("yield")
#else
#define WORKBENCH_PAUSE() std::this_thread::yield()
#endif

class WorkerPool {
 public:
  explicit WorkerPool(int size) : size_(size < 1 ? 1 : size) {
    for (int i = 1; i < size_; i++) helpers_.emplace_back(&WorkerPool::Serve, this, i);
  }

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (std::thread& helper : helpers_) helper.join();
  }

  int size() const { return size_; }

  // Every helper takes part in every Run (a part may be empty), so none can miss a generation.
  template <class Part>
  void Run(Part&& part) {
    if (size_ == 1) {
      part(0);
      return;
    }
    task_ = &part;
    call_ = [](void* task, int index) { (*static_cast<Part*>(task))(index); };
    pending_.store(size_ - 1, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    part(0);
    for (int spin = 0; pending_.load(std::memory_order_acquire) != 0; spin++) Backoff(spin);
  }

 private:
  static constexpr auto kSpin = std::chrono::microseconds(3000);

  // A short wait spins on the core; a longer one yields it, in case the thread waited for needs it
  // (more threads than cores, when a user sets more than the share).
  static void Backoff(int spin) {
    if (spin < 1024) WORKBENCH_PAUSE();
    else std::this_thread::yield();
  }

  void Serve(int index) {
    uint64_t seen = 0;
    for (;;) {
      uint64_t now = generation_.load(std::memory_order_acquire);
      if (now == seen) {
        auto until = std::chrono::steady_clock::now() + kSpin;
        for (int spin = 1; now == seen; spin++) {
          Backoff(spin);
          now = generation_.load(std::memory_order_acquire);
          if (spin % 64 == 0 && std::chrono::steady_clock::now() > until) break;
        }
      }
      if (now == seen) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return (now = generation_.load(std::memory_order_acquire)) != seen; });
      }
      seen = now;
      if (stopping_) return;
      call_(task_, index);
      pending_.fetch_sub(1, std::memory_order_acq_rel);
    }
  }

  const int size_;
  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  void* task_ = nullptr;
  void (*call_)(void*, int) = nullptr;
  bool stopping_ = false;
};
