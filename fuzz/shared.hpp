// vsfuzz: state shared by the parent and the workers (one MAP_SHARED
// anonymous mapping made before the first fork), and KCOV.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace vsfuzz {

constexpr int kMaxWorkers = 16;
constexpr int kRing = 64;                  // calls kept per worker
constexpr int kLine = 200;                 // bytes per logged call
constexpr std::size_t kPcSlots = 1 << 16;  // open-addressing set of PCs

struct Ring {
  std::atomic<std::uint64_t> next;  // calls logged so far
  char lines[kRing][kLine];
};

struct Shared {
  std::atomic<std::uint64_t> calls;      // vserver(2) calls issued
  std::atomic<std::uint64_t> ops;        // other operations (fork, kill, socket, ...)
  std::atomic<std::uint64_t> failures;   // invariant violations
  std::atomic<std::uint64_t> errnos[3];  // bit e: errno e seen (e < 192)
  std::atomic<std::uint64_t> pcs;        // distinct PCs in pc_set
  std::atomic<std::uint64_t> corpus;     // inputs kept for reaching new PCs
  std::atomic<int> stop;                 // set by the parent: finish now
  std::atomic<std::uint64_t> pc_set[kPcSlots];
  Ring rings[kMaxWorkers];
};

// Maps the shared state (zeroed); nullptr on failure.
Shared* map_shared();

// Appends one line to worker w's ring.
void log_call(Shared* s, int w, const std::string& line);
// The ring of worker w, oldest first.
std::vector<std::string> ring_lines(Shared* s, int w);

// Runs call() under a SIGALRM every usec microseconds, so that a call
// that blocks ends with EINTR (the caller's SIGALRM handler is installed
// without SA_RESTART) even when the first signal came before it entered
// the kernel, as it does for a process preempted in between: with a
// single signal wait_exit then waited for good.  errno is call()'s.
long interrupted_within(long usec, const std::function<long()>& call);

// Adds pc to the set; true if it was new.
bool add_pc(Shared* s, std::uint64_t pc);

// One task's KCOV trace buffer (/sys/kernel/debug/kcov, KCOV_TRACE_PC).
class Kcov {
 public:
  // Opens, sizes, maps and enables KCOV for the calling task; ok() is
  // false when the kernel has no KCOV (blind mode).
  Kcov();
  ~Kcov();
  Kcov(const Kcov&) = delete;
  Kcov& operator=(const Kcov&) = delete;

  bool ok() const { return area_ != nullptr; }
  void reset();
  // The PCs collected since reset().
  std::size_t count() const;
  std::uint64_t pc(std::size_t i) const { return area_[i + 1]; }

  // Whether KCOV exists (mounting debugfs if needed), and why not.
  static bool available(std::string* why);

 private:
  int fd_ = -1;
  std::uint64_t* area_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace vsfuzz
