// Syscall-level costs of the patch, run inside the booted kernel.  Compare
// the same benchmark across kernels or contexts as ratios: absolute times
// under QEMU/TCG are distorted.
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>

#include "bench_util.hpp"
#include "vsys/context.hpp"

namespace {

// Baseline: the cheapest real syscall.
void BM_getppid(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(getppid());
}
BENCHMARK(BM_getppid);

// The vserver syscall's dispatch path (table lookup, permission checks).
void BM_vserver_get_version(benchmark::State& state) {
  if (vbench::skip_without_vserver(state)) return;
  for (auto _ : state) benchmark::DoNotOptimize(vsys::get_version());
}
BENCHMARK(BM_vserver_get_version);

// A pid lookup plus the visibility check.
void BM_vserver_task_xid(benchmark::State& state) {
  if (vbench::skip_without_vserver(state)) return;
  pid_t self = getpid();
  if (auto r = vsys::task_xid(self); !r) return state.SkipWithError(r.error().message().c_str());
  for (auto _ : state) benchmark::DoNotOptimize(vsys::task_xid(self));
}
BENCHMARK(BM_vserver_task_xid);

// Path walk, permission checks and file table.
void BM_open_close(benchmark::State& state) {
  for (auto _ : state) {
    int fd = open("/proc/self/stat", O_RDONLY);
    if (fd < 0) {
      vbench::fail(state, "open /proc/self/stat");
      break;
    }
    close(fd);
  }
}
BENCHMARK(BM_open_close);

// A deep path: one permission check per component.
void BM_stat_deep_path(benchmark::State& state) {
  std::string path = "/tmp/vbench";
  for (int i = 0; i < 16; ++i) path += "/d" + std::to_string(i);
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  struct stat st;
  if (stat(path.c_str(), &st)) return vbench::fail(state, "stat " + path);
  for (auto _ : state) benchmark::DoNotOptimize(stat(path.c_str(), &st));
}
BENCHMARK(BM_stat_deep_path);

void BM_socket_bind_close(benchmark::State& state) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (auto _ : state) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
      vbench::fail(state, "socket");
      break;
    }
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr))) {
      vbench::fail(state, "bind 127.0.0.1");
      close(fd);
      break;
    }
    close(fd);
  }
}
BENCHMARK(BM_socket_bind_close);

void BM_mmap_munmap(benchmark::State& state) {
  const size_t len = 64 * 1024;
  for (auto _ : state) {
    void* p = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      vbench::fail(state, "mmap");
      break;
    }
    static_cast<char*>(p)[0] = 1;
    munmap(p, len);
  }
}
BENCHMARK(BM_mmap_munmap);

}  // namespace
