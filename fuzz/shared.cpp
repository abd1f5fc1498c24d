// vsfuzz: shared state, the ring logs, the PC set and KCOV.
#include "shared.hpp"

#include <fcntl.h>
#include <linux/kcov.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

namespace vsfuzz {

namespace {

constexpr const char* kKcovPath = "/sys/kernel/debug/kcov";
constexpr std::size_t kCoverEntries = 64 * 1024;

}  // namespace

Shared* map_shared() {
  void* p =
      mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  return new (p) Shared{};  // the pages are zero; atomics start at 0
}

void log_call(Shared* s, int w, const std::string& line) {
  Ring& r = s->rings[w];
  const std::uint64_t n = r.next.fetch_add(1, std::memory_order_relaxed);
  char* dst = r.lines[n % kRing];
  const std::size_t len = std::min<std::size_t>(line.size(), kLine - 1);
  std::memcpy(dst, line.data(), len);
  dst[len] = 0;
}

std::vector<std::string> ring_lines(Shared* s, int w) {
  Ring& r = s->rings[w];
  const std::uint64_t n = r.next.load();
  std::vector<std::string> out;
  for (std::uint64_t i = n > kRing ? n - kRing : 0; i < n; ++i)
    out.emplace_back(r.lines[i % kRing], strnlen(r.lines[i % kRing], kLine));
  return out;
}

long interrupted_within(long usec, const std::function<long()>& call) {
  itimerval it{};
  it.it_value.tv_sec = usec / 1000000;
  it.it_value.tv_usec = usec % 1000000;
  it.it_interval = it.it_value;
  setitimer(ITIMER_REAL, &it, nullptr);
  const long ret = call();
  const int err = errno;
  const itimerval off{};
  setitimer(ITIMER_REAL, &off, nullptr);
  errno = err;
  return ret;
}

bool add_pc(Shared* s, std::uint64_t pc) {
  std::uint64_t h = pc * 0x9E3779B97F4A7C15ULL;
  for (std::size_t probe = 0; probe < kPcSlots; ++probe) {
    auto& slot = s->pc_set[(h >> 40) % kPcSlots];
    std::uint64_t cur = slot.load(std::memory_order_relaxed);
    if (cur == pc) return false;
    if (cur == 0) {
      if (slot.compare_exchange_strong(cur, pc)) {
        s->pcs.fetch_add(1);
        return true;
      }
      if (cur == pc) return false;
    }
    h += 1ULL << 40;
  }
  return false;  // full: counted as seen
}

Kcov::Kcov() {
  fd_ = open(kKcovPath, O_RDWR | O_CLOEXEC);
  if (fd_ < 0) return;
  if (ioctl(fd_, KCOV_INIT_TRACE, kCoverEntries) != 0) return;
  void* p = mmap(nullptr, kCoverEntries * sizeof(std::uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED,
                 fd_, 0);
  if (p == MAP_FAILED) return;
  if (ioctl(fd_, KCOV_ENABLE, KCOV_TRACE_PC) != 0) {
    munmap(p, kCoverEntries * sizeof(std::uint64_t));
    return;
  }
  area_ = static_cast<std::uint64_t*>(p);
  size_ = kCoverEntries;
}

Kcov::~Kcov() {
  if (area_) {
    ioctl(fd_, KCOV_DISABLE, 0);
    munmap(area_, size_ * sizeof(std::uint64_t));
  }
  if (fd_ >= 0) close(fd_);
}

void Kcov::reset() {
  if (area_) __atomic_store_n(&area_[0], 0, __ATOMIC_RELAXED);
}

std::size_t Kcov::count() const {
  if (!area_) return 0;
  const std::uint64_t n = __atomic_load_n(&area_[0], __ATOMIC_RELAXED);
  return n < size_ ? n : size_ - 1;
}

bool Kcov::available(std::string* why) {
  struct stat st;
  if (stat(kKcovPath, &st) == 0) return true;
  mkdir("/sys/kernel/debug", 0755);
  if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, nullptr) != 0 && errno != EBUSY) {
    *why = std::string("debugfs: ") + std::strerror(errno);
    return false;
  }
  if (stat(kKcovPath, &st) == 0) return true;
  *why = std::string(kKcovPath) + ": " + std::strerror(errno);
  return false;
}

}  // namespace vsfuzz
