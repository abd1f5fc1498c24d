// The guest's own view of the machine (docs/guest-view.md): VIRT_UPTIME
// (a time namespace from the context's creation), VIRT_LOAD (its own load
// averages), VIRT_MEM (meminfo bounded by its memory cgroup), VIRT_CPU
// (only its CPUs in /proc/stat), /proc/virtual/<xid>/cvirt and virt_stat.
// Each view is checked against the host and a second guest without the
// flag, which must still see the host's values.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <future>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "guest.hpp"
#include "net_helpers.hpp"
#include "vsys/inode.hpp"

using namespace vtest;

namespace {

// Runs fn in a forked child and returns what it wrote (its answer).
std::string child_output(const std::function<std::string()>& fn) {
  int fds[2];
  if (pipe(fds) != 0) return "pipe";
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string out = fn();
    if (write(fds[1], out.data(), out.size()) < 0) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof(buf))) > 0) out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return out;
}

double first_number(const std::string& path) {
  double v = -1;
  std::istringstream(slurp(path)) >> v;
  return v;
}

double proc_uptime() { return first_number("/proc/uptime"); }

// The value of "Name:" in /proc/meminfo, in kB; -1 if absent.
long meminfo_kb(const std::string& name) {
  std::istringstream in(slurp("/proc/meminfo"));
  std::string key;
  long v;
  std::string unit;
  while (in >> key >> v) {
    if (key == name + ":") return v;
    std::getline(in, unit);
  }
  return -1;
}

// "btime N" of /proc/stat.
long long stat_btime() {
  std::istringstream in(slurp("/proc/stat"));
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("btime ", 0) == 0) return std::stoll(line.substr(6));
  return -1;
}

// The cpuN lines of /proc/stat, as "cpu0 cpu1".
std::string stat_cpus() {
  std::istringstream in(slurp("/proc/stat"));
  std::string line, cpus;
  while (std::getline(in, line)) {
    if (line.size() > 3 && line.rfind("cpu", 0) == 0 && isdigit(line[3]))
      cpus += (cpus.empty() ? "" : " ") + line.substr(0, line.find(' '));
  }
  return cpus;
}

// Field 22 of /proc/<pid>/stat: start time in clock ticks after boot.
unsigned long long start_ticks(const std::string& pid) {
  std::string s = slurp("/proc/" + pid + "/stat");
  auto close_paren = s.rfind(')');
  if (close_paren == std::string::npos) return ~0ULL;
  std::istringstream in(s.substr(close_paren + 2));
  std::string f;
  for (int i = 3; i < 22 && in >> f; ++i) {
  }
  unsigned long long v = ~0ULL;
  in >> v;
  return v;
}

long long clock_ns(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// Makes the /proc files of the views visible to guests (as vprocunhide
// does; they start hidden with PROC_SECURE) for the duration of a test.
class ProcViews : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(unhidden_.error(), ""); }
  ProcUnhidden unhidden_{{"/proc/uptime", "/proc/loadavg", "/proc/meminfo", "/proc/stat"}};
};

using VirtUptimeTest = ProcViews;
using VirtLoadTest = ProcViews;
using VirtMemTest = ProcViews;
using VirtCpuTest = ProcViews;

void wait_host_uptime(double at_least) {
  for (int i = 0; i < 100 && proc_uptime() < at_least; ++i) usleep(100000);
}

TEST_F(VirtUptimeTest, NewGuestCountsFromItsCreation) {
  wait_host_uptime(3.0);
  long long host_btime = stat_btime();
  // Guest 1500 with the flag, 1501 without (the control).
  std::string out = child_output([] {
    if (!vsys::ctx_create(1500, VXF_INIT_SET | VXF_VIRT_UPTIME)) return std::string("create");
    struct sysinfo si {};
    sysinfo(&si);
    long long mono = clock_ns(CLOCK_MONOTONIC);  // first: boottime must not lag it
    long long boot = clock_ns(CLOCK_BOOTTIME);
    // A process started inside: its start time counts from the creation too.
    std::string child =
        child_output([] { return fmt::format("{} {}", start_ticks("self"), proc_uptime()); });
    return fmt::format("{} {} {} {} {} {}", proc_uptime(), si.uptime, boot, mono, stat_btime(),
                       child);
  });
  std::string plain = child_output([] {
    if (!vsys::ctx_create(1501, VXF_INIT_SET)) return std::string("create");
    struct sysinfo si {};
    sysinfo(&si);
    return fmt::format("{} {} {}", proc_uptime(), si.uptime, stat_btime());
  });
  double host = proc_uptime();
  std::istringstream in(out);
  double up = -1, child_up = -1;
  long si_up = -1;
  long long boot = -1, mono = -1, btime = -1;
  unsigned long long child_start = ~0ULL;
  ASSERT_TRUE(in >> up >> si_up >> boot >> mono >> btime >> child_start >> child_up) << out;
  EXPECT_GE(up, 0.0);
  EXPECT_LT(up, 1.5) << "the guest's uptime starts at its creation";
  EXPECT_GT(host, up + 1.5) << "the host keeps its own uptime";
  EXPECT_LE(si_up, 2) << "sysinfo() agrees with /proc/uptime";
  EXPECT_GE(si_up, static_cast<long>(up));
  EXPECT_GE(boot, mono) << "CLOCK_BOOTTIME >= CLOCK_MONOTONIC inside";
  EXPECT_LT(boot, 2000000000LL);
  // btime moved forward by the host's uptime at the creation.
  EXPECT_NEAR(static_cast<double>(btime - host_btime), host - up, 2.0);
  // The process started inside started at most its uptime after 0.
  long hz = sysconf(_SC_CLK_TCK);
  EXPECT_LE(static_cast<double>(child_start) / hz, child_up + 0.05) << out;
  // The control guest and the host see the host's uptime.
  std::istringstream pin(plain);
  double plain_up = -1;
  long plain_si = -1;
  long long plain_btime = -1;
  ASSERT_TRUE(pin >> plain_up >> plain_si >> plain_btime) << plain;
  EXPECT_GT(plain_up, 3.0);
  EXPECT_GE(plain_si, 3);
  EXPECT_EQ(plain_btime, host_btime);
  EXPECT_EQ(stat_btime(), host_btime);
}

TEST_F(VirtUptimeTest, MultiThreadedCreatorGetsEusers) {
  int r = in_child([] {
    std::promise<void> done;
    std::thread t([&] { done.get_future().wait(); });
    auto c = vsys::ctx_create(1502, VXF_INIT_SET | VXF_VIRT_UPTIME);
    int err = err_of(c);
    done.set_value();
    t.join();
    if (err != EUSERS) return 10 + err;
    // Nothing was made.
    if (err_of(vsys::vx_info(1502)) != ESRCH) return 2;
    // The same call single-threaded works.
    return vsys::ctx_create(1502, VXF_INIT_SET | VXF_VIRT_UPTIME) ? 0 : 3;
  });
  EXPECT_EQ(r, 0);
}

TEST_F(VirtUptimeTest, SetLaterMovesTheCallerAndLaterEntrants) {
  wait_host_uptime(3.0);
  Guest g(1503, VXF_INIT_SET, 1);
  ASSERT_EQ(g.create_errno(), 0);
  sleep(1);
  // A task entering without the flag keeps the host's clock.
  std::string before = child_output([] {
    if (!vsys::ctx_migrate(1503)) return std::string("migrate");
    return fmt::format("{}", proc_uptime());
  });
  EXPECT_GT(std::stod(before), 3.0) << before;
  // util-vserver's order: vattribute --flag default from inside, in setup.
  std::string self = child_output([] {
    if (!vsys::ctx_migrate(1503)) return std::string("migrate");
    if (!vsys::set_cflags(1503, {VXF_VIRT_UPTIME, VXF_VIRT_UPTIME})) return std::string("set");
    return fmt::format("{}", proc_uptime());
  });
  // The clocks start at the creator's start, a second or so ago.
  EXPECT_GE(std::stod(self), 0.9) << self;
  EXPECT_LT(std::stod(self), 3.0) << self;
  // Set from outside, the flag moves tasks that enter afterwards.
  std::string later = child_output([] {
    if (!vsys::ctx_migrate(1503)) return std::string("migrate");
    return fmt::format("{}", proc_uptime());
  });
  EXPECT_LT(std::stod(later), 3.0) << later;
  EXPECT_GT(proc_uptime(), 3.0);
}

TEST_F(VirtUptimeTest, ChcontextFlagGivesTheGuestItsUptime) {
  wait_host_uptime(3.0);
  // The context is created between the two host readings, so its uptime
  // fits in their distance (0.01 s of rounding), however slow the machine.
  const double before = proc_uptime();
  std::string out = shell_output("chcontext --silent --flag virt_uptime -- cat /proc/uptime");
  const double after = proc_uptime();
  double up = -1;
  std::istringstream(out) >> up;
  EXPECT_GE(up, 0.0) << out;
  EXPECT_LE(up, after - before + 0.01) << out << " host " << before << ".." << after;
  std::string plain = shell_output("chcontext --silent -- cat /proc/uptime");
  std::istringstream(plain) >> up;
  EXPECT_GT(up, 3.0) << plain;
}

// The "cvirt" line of a context: load_updates.
int load_updates(vsys::xid_t xid) {
  std::smatch m;
  std::string s = slurp(fmt::format("/proc/virtual/{}/cvirt", xid));
  static const std::regex re("load_updates:\t([0-9]+)");
  return std::regex_search(s, m, re) ? std::stoi(m[1]) : -1;
}

// /proc/loadavg and sysinfo() loads[0] read by a task migrated into xid.
std::string loadavg_in(vsys::xid_t xid) {
  return child_output([xid] {
    if (!vsys::ctx_migrate(xid)) return std::string("migrate");
    struct sysinfo si {};
    sysinfo(&si);
    std::string l = slurp("/proc/loadavg");
    return fmt::format("{} {} {}", l.substr(0, l.find('\n')), si.loads[0], si.procs);
  });
}

TEST_F(VirtLoadTest, BusyGuestLoadsIdleGuestStaysZero) {
  Guest a(1510, VXF_INIT_SET | VXF_VIRT_LOAD, 1);
  Guest b(1511, VXF_INIT_SET | VXF_VIRT_LOAD, 1);
  Guest c(1512, VXF_INIT_SET, 1);
  ASSERT_EQ(a.create_errno(), 0);
  ASSERT_EQ(b.create_errno(), 0);
  ASSERT_EQ(c.create_errno(), 0);
  std::vector<pid_t> hogs;
  for (int i = 0; i < 2; ++i) {
    pid_t p = fork();
    if (p == 0) {
      if (!vsys::ctx_migrate(1510)) _exit(1);
      for (;;) {
      }
    }
    hogs.push_back(p);
  }
  // Two LOAD_FREQ samples (5 s each), not a timed measurement.
  for (int i = 0; i < 80 && load_updates(1510) < 2; ++i) usleep(500000);
  EXPECT_GE(load_updates(1510), 2);
  std::string in_a = loadavg_in(1510), in_b = loadavg_in(1511), in_c = loadavg_in(1512);
  std::string host = slurp("/proc/loadavg");
  for (pid_t p : hogs) kill(p, SIGKILL);
  for (pid_t p : hogs) waitpid(p, nullptr, 0);

  double a1, a5, a15, b1, b5, b15, c1, h1;
  unsigned long a_si, b_si;
  std::string a_tasks, b_tasks, c_tasks, pid;
  int a_procs, b_procs;
  ASSERT_TRUE(std::istringstream(in_a) >> a1 >> a5 >> a15 >> a_tasks >> pid >> a_si >> a_procs)
      << in_a;
  ASSERT_TRUE(std::istringstream(in_b) >> b1 >> b5 >> b15 >> b_tasks >> pid >> b_si >> b_procs)
      << in_b;
  ASSERT_TRUE(std::istringstream(in_c) >> c1 >> c1 >> c1 >> c_tasks) << in_c;
  ASSERT_TRUE(std::istringstream(host) >> h1) << host;
  // Two busy tasks for two samples: 2 (1 - e^-(10/60)) = 0.31, at least
  // 0.16 if the hogs missed the first sample.
  EXPECT_GE(a1, 0.10) << in_a;
  EXPECT_GT(a1, a5);
  EXPECT_GT(a5, 0.0);
  EXPECT_EQ(b1 + b5 + b15, 0.0) << in_b;
  EXPECT_NEAR(a_si / 65536.0, a1, 0.02) << in_a;
  EXPECT_EQ(b_si, 0u) << in_b;
  // running/threads: the guest's own tasks (parked + 2 hogs + reader).
  EXPECT_EQ(a_tasks.substr(a_tasks.find('/') + 1), "4") << in_a;
  EXPECT_EQ(b_tasks, "1/2") << in_b;
  EXPECT_EQ(a_procs, 4);
  EXPECT_EQ(b_procs, 2);
  // The guest without the flag and the host see every task.
  int c_threads = std::stoi(c_tasks.substr(c_tasks.find('/') + 1));
  EXPECT_GT(c_threads, 6) << in_c;
  EXPECT_GT(h1, 0.0) << host;
}

// The cgroup v2 group /sys/fs/cgroup/vserver/<xid> with memory.max.
class MemGroup {
 public:
  MemGroup(vsys::xid_t xid, long max_bytes) : path_(fmt::format("/sys/fs/cgroup/vserver/{}", xid)) {
    struct stat st {};
    if (stat("/sys/fs/cgroup/cgroup.controllers", &st) != 0)
      mount("none", "/sys/fs/cgroup", "cgroup2", 0, nullptr);
    ok_ = put("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
    mkdir("/sys/fs/cgroup/vserver", 0755);
    ok_ = ok_ && put("/sys/fs/cgroup/vserver/cgroup.subtree_control", "+memory");
    mkdir(path_.c_str(), 0755);
    ok_ = ok_ && put(path_ + "/memory.max", std::to_string(max_bytes));
  }
  ~MemGroup() { rmdir(path_.c_str()); }
  bool ok() const { return ok_; }
  // Moves the caller into the group.
  bool join() const { return put(path_ + "/cgroup.procs", std::to_string(getpid())); }

 private:
  static bool put(const std::string& file, const std::string& value) {
    int fd = open(file.c_str(), O_WRONLY);
    if (fd < 0) return false;
    bool ok = write(fd, value.data(), value.size()) == static_cast<ssize_t>(value.size());
    close(fd);
    return ok;
  }
  std::string path_;
  bool ok_ = false;
};

constexpr long kMiB = 1024 * 1024;

TEST_F(VirtMemTest, MeminfoIsTheMemoryCgroupLimit) {
  MemGroup grp(1520, 64 * kMiB);
  ASSERT_TRUE(grp.ok()) << "cgroup v2 memory controller";
  long host_total = meminfo_kb("MemTotal");
  ASSERT_GT(host_total, 64 * 1024);
  std::string out = child_output([&] {
    if (!grp.join()) return std::string("join");
    if (!vsys::ctx_create(1520, VXF_INIT_SET | VXF_VIRT_MEM)) return std::string("create");
    long total = meminfo_kb("MemTotal"), free1 = meminfo_kb("MemFree");
    std::size_t len = 16 * kMiB;
    auto* p = static_cast<char*>(
        mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (p == MAP_FAILED) return std::string("mmap");
    for (std::size_t i = 0; i < len; i += 4096) p[i] = 1;
    long free2 = meminfo_kb("MemFree"), avail = meminfo_kb("MemAvailable");
    struct sysinfo si {};
    sysinfo(&si);
    std::string mem = shell_output("busybox free | grep Mem:");
    return fmt::format("{} {} {} {} {} {} {}", total, free1, free2, avail,
                       static_cast<unsigned long long>(si.totalram) * si.mem_unit,
                       static_cast<unsigned long long>(si.freeram) * si.mem_unit, mem);
  });
  // A guest without VIRT_MEM in the same group sees the host's memory,
  // and so does a VIRT_MEM guest in no limited group.
  std::string plain = child_output([&] {
    if (!grp.join()) return std::string("join");
    if (!vsys::ctx_create(1521, VXF_INIT_SET)) return std::string("create");
    return std::to_string(meminfo_kb("MemTotal"));
  });
  std::string unbound = child_output([] {
    if (!vsys::ctx_create(1522, VXF_INIT_SET | VXF_VIRT_MEM)) return std::string("create");
    struct sysinfo si {};
    sysinfo(&si);
    return fmt::format("{} {}", meminfo_kb("MemTotal"),
                       static_cast<unsigned long long>(si.totalram) * si.mem_unit / 1024);
  });
  std::istringstream in(out);
  long total, free1, free2, avail;
  unsigned long long si_total, si_free;
  std::string mem_label;
  unsigned long long f_total, f_used, f_free;
  ASSERT_TRUE(in >> total >> free1 >> free2 >> avail >> si_total >> si_free >> mem_label >>
              f_total >> f_used >> f_free)
      << out;
  EXPECT_EQ(total, 64 * 1024) << out;
  EXPECT_EQ(si_total, static_cast<unsigned long long>(64 * kMiB)) << out;
  long drop = free1 - free2;
  EXPECT_GE(drop, 14 * 1024) << out;
  EXPECT_LE(drop, 20 * 1024) << out;
  EXPECT_LE(free2, avail);
  EXPECT_LE(avail, total);
  EXPECT_NEAR(static_cast<double>(si_free) / 1024, static_cast<double>(free2), 4096.0) << out;
  // busybox free: the same total, a used figure that is no wrapped negative.
  EXPECT_EQ(f_total, 65536u) << out;
  EXPECT_LE(f_used, f_total) << out;
  EXPECT_GE(f_used, 16u * 1024) << out;
  EXPECT_LE(f_free, f_total) << out;
  EXPECT_EQ(std::stol(plain), host_total) << plain;
  long ub_total = -1;
  unsigned long long ub_si = 0;
  ASSERT_TRUE(std::istringstream(unbound) >> ub_total >> ub_si) << unbound;
  EXPECT_EQ(ub_total, host_total);
  EXPECT_EQ(ub_si, static_cast<unsigned long long>(host_total));
  EXPECT_EQ(meminfo_kb("MemTotal"), host_total);
}

// A VIRT_CPU guest pinned to the last online CPU sees only that one in
// /proc/stat; the same guest without the flag, an unpinned VIRT_CPU guest
// and the host see all.  The harness boots two CPUs (qemu-harness/run:
// -smp cpus=2,sockets=2), so the hiding is shown here, not only in KUnit.
TEST_F(VirtCpuTest, PinnedGuestSeesItsCpus) {
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  ASSERT_GE(n, 2) << "the harness boots two CPUs; with one nothing is hidden";
  std::string all;
  for (long c = 0; c < n; ++c) all += fmt::format("{}cpu{}", c ? " " : "", c);
  const int last = static_cast<int>(n - 1);
  auto pinned = [=](vsys::xid_t xid, std::uint64_t flags) {
    return child_output([=] {
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(last, &set);
      if (sched_setaffinity(0, sizeof(set), &set) != 0) return std::string("affinity");
      if (!vsys::ctx_create(xid, VXF_INIT_SET | flags)) return std::string("create");
      return stat_cpus();
    });
  };
  EXPECT_EQ(pinned(1530, VXF_VIRT_CPU), fmt::format("cpu{}", last));
  EXPECT_EQ(pinned(1531, 0), all);
  std::string unpinned = child_output([] {
    if (!vsys::ctx_create(1532, VXF_INIT_SET | VXF_VIRT_CPU)) return std::string("create");
    return stat_cpus();
  });
  EXPECT_EQ(unpinned, all);
  EXPECT_EQ(stat_cpus(), all);
}

TEST(CvirtTest, ProcFileHasTheFieldsOfVs23) {
  Guest g(1540, VXF_INIT_SET | VXF_VIRT_LOAD, 2);
  ASSERT_EQ(g.create_errno(), 0);
  std::string s = slurp("/proc/virtual/1540/cvirt");
  std::istringstream in(s);
  const char* patterns[] = {
      "BiasUptime:\t[0-9]+\\.[0-9]{2}",
      "nr_threads:\t2",
      "nr_running:\t[0-9]+",
      "nr_unintr:\t[0-9]+",
      "nr_onhold:\t0",
      "load_updates:\t[0-9]+",
      "loadavg:\t[0-9]+\\.[0-9]{2} [0-9]+\\.[0-9]{2} [0-9]+\\.[0-9]{2}",
      "total_forks:\t[0-9]+",
  };
  std::string line;
  for (const char* p : patterns) {
    ASSERT_TRUE(std::getline(in, line)) << s;
    EXPECT_TRUE(std::regex_match(line, std::regex(p))) << line << " !~ " << p;
  }
  EXPECT_FALSE(std::getline(in, line)) << "extra line: " << line;
  double bias = std::stod(s.substr(s.find('\t') + 1));
  EXPECT_LE(bias, proc_uptime());
  EXPECT_GT(bias, 0.0);
}

TEST(VirtStatTest, ReportsUptimeTasksAndLoads) {
  long long before = clock_ns(CLOCK_BOOTTIME);
  Guest g(1541, VXF_INIT_SET, 3);
  ASSERT_EQ(g.create_errno(), 0);
  auto st = vsys::virt_stat(1541);
  ASSERT_TRUE(st.has_value()) << st.error().message();
  long long after = clock_ns(CLOCK_BOOTTIME);
  // The clocks start when the creator (forked by Guest just before) started.
  EXPECT_LE(static_cast<long long>(st->offset_ns), after);
  EXPECT_GT(static_cast<long long>(st->offset_ns), before - 2000000000LL);
  EXPECT_LT(st->uptime_ns, 5000000000ULL);
  EXPECT_EQ(st->nr_threads, 3u);
  EXPECT_EQ(st->nr_onhold, 0u);
  EXPECT_EQ(st->load[0] + st->load[1] + st->load[2], 0u) << "no VIRT_LOAD";
}

TEST(VirtStatTest, Errors) {
  EXPECT_EQ(err_of(vsys::virt_stat(4242)), ESRCH);
  EXPECT_EQ(err_of(vsys::virt_stat(0)), ESRCH);
  EXPECT_EQ(err_of(vsys::virt_stat(1)), ESRCH);
  Guest g(1542);
  ASSERT_EQ(g.create_errno(), 0);
  errno = 0;
  EXPECT_EQ(raw_vserver(VCMD_virt_stat, 1542, nullptr), -1);
  EXPECT_EQ(errno, EFAULT);
  // A task without capabilities does not see the call at all.
  int r = in_child([] {
    if (setgid(65534) != 0 || setuid(65534) != 0) return 1;
    return err_of(vsys::virt_stat(1542)) == ENOSYS ? 0 : 2;
  });
  EXPECT_EQ(r, 0);
}

}  // namespace
