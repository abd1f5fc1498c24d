// vsfuzz: structure-aware fuzzer of vserver(2), run as root in the guest.
//
// The parent forks --procs workers (homes: host, a context in setup, the
// spectator, a sealed guest, in turn), watches them and the kernel log,
// stops them after --seconds or --calls, tears down what they left and
// checks that the context counts are back where they started.  A worker
// that makes no progress for --stall seconds ends the run: the parent
// describes every task of the run (state, wchan, syscall, kernel stack),
// asks the kernel for its blocked tasks (sysrq-w), kills them and still
// checks the counts.  Every
// worker draws its inputs from its own seed (derived from --seed), so a
// run can be repeated; what the workers do to each other (kills, shared
// ids) depends on timing, so only --procs 1 repeats a run call for call.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <linux/vserver/context.h>
#include <linux/vserver/network.h>

#include "fuzz.hpp"
#include "shared.hpp"
#include "stall.hpp"
#include "vsys/procfs.hpp"
#include "vsys/syscall.hpp"
#include "worker.hpp"

using namespace vsfuzz;

namespace {

volatile sig_atomic_t g_interrupted = 0;
void on_interrupt(int) { g_interrupted = 1; }

double now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// #CActive and #CTotal of /proc/virtual/status or /proc/virtnet/status
// ({-1, -1} when unreadable).
vsys::IdCounts counts(const char* root) {
  return vsys::read_id_counts(root).value_or(vsys::IdCounts{});
}

void make_scratch() {
  mkdir("/tmp/vsfuzz", 0755);
  for (const char* f : {"/tmp/vsfuzz/f0", "/tmp/vsfuzz/f1"}) {
    std::ofstream out(f);
    out << "vsfuzz\n";
  }
  mkdir("/tmp/vsfuzz/d0", 0755);
  std::ofstream("/tmp/vsfuzz/d0/f") << "x\n";
  if (symlink("f0", "/tmp/vsfuzz/link") != 0 && errno != EEXIST) perror("symlink");
  if (symlink("loop", "/tmp/vsfuzz/loop") != 0 && errno != EEXIST) perror("symlink");
}

std::vector<Input> load_corpus(const std::string& dir) {
  std::vector<Input> out;
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    if (!std::string(e->d_name).ends_with(".bin")) continue;
    std::ifstream in(dir + "/" + e->d_name, std::ios::binary);
    Input i;
    if (in.read(reinterpret_cast<char*>(&i), sizeof(i)) && i.desc < commands().size())
      out.push_back(i);
  }
  closedir(d);
  return out;
}

// Kernel log lines that are splats (the patterns of qemu-harness/splat-check).
const std::regex& splat_re() {
  static const std::regex re(
      "BUG:|WARNING:|Oops|general protection fault|Kernel panic|KASAN:|KFENCE:|UBSAN:"
      "|refcount_t:|list_add corruption|list_del corruption|unreferenced object 0x"
      "|possible circular locking|inconsistent lock state|suspicious RCU usage"
      "|INFO: task .* blocked for more than|rcu: INFO: .* detected stalls");
  return re;
}

class Parent {
 public:
  std::uint64_t seed = 1;
  double seconds = 0;
  std::uint64_t calls = 0;
  int procs = 4;
  std::string log_path = "/tmp/vsfuzz.log";
  std::string corpus_dir;
  bool trace = false;
  bool blind = false;
  double stall = 60;

  int run();

 private:
  void dump(const std::string& why, int w);
  void check_kmsg(bool capture = false);
  void cleanup();
  void say(const std::string& line);
  void describe_tasks();
  void on_stall(const std::vector<int>& stuck, const StallWatch& watch, double t);

  Shared* s_ = nullptr;
  std::vector<pid_t> workers_;
  std::vector<Home> homes_;
  std::vector<std::string> report_;  // what goes to the log
  int kmsg_ = -1;
  int splats_ = 0;
  std::uint64_t failures_ = 0;  // found by the parent
  std::vector<bool> killed_;    // workers the parent killed (no failure of theirs)
};

// Printed at once (a stalled run may be killed from outside) and kept
// for the log.
void Parent::say(const std::string& line) {
  fmt::print("vsfuzz: {}\n", line);
  std::fflush(stdout);
  report_.push_back(line);
}

// The tasks of the run: the workers, then every other live task below us
// (their children, orphans we took as subreaper; zombies only counted),
// then every other task in uninterruptible sleep (kernel threads, the
// vshelper): state, wchan, syscall, kernel stack, xid.
void Parent::describe_tasks() {
  const auto all = list_tasks();
  std::vector<pid_t> seen;
  auto show = [&](const TaskStat& t) {
    seen.push_back(t.pid);
    const auto lines = describe_task(t.pid);
    if (lines.empty()) return;
    const long xid = vsys::vserver(VCMD_task_xid, static_cast<std::uint32_t>(t.pid), nullptr);
    std::string who;
    for (int w = 0; w < procs; ++w)
      if (workers_[w] == t.pid) who = fmt::format(" [worker {} ({})]", w, home_name(homes_[w]));
    say(fmt::format("task {}, xid {}{}", lines[0], xid, who));
    for (std::size_t i = 1; i < lines.size(); ++i) say(lines[i]);
  };
  const auto mine = descendants(all, {getpid()});
  for (const auto& t : mine)
    if (std::find(workers_.begin(), workers_.end(), t.pid) != workers_.end()) show(t);
  int shown = 0, zombies = 0, more = 0;
  for (const auto& t : mine) {
    if (std::find(seen.begin(), seen.end(), t.pid) != seen.end()) continue;
    if (t.state == 'Z')
      ++zombies;
    else if (shown++ < 64)
      show(t);
    else
      ++more;
  }
  say(fmt::format("{} more live tasks of the run not shown, {} zombies not reaped yet", more,
                  zombies));
  for (const auto& t : all)
    if (t.state == 'D' && std::find(seen.begin(), seen.end(), t.pid) == seen.end()) show(t);
}

void Parent::on_stall(const std::vector<int>& stuck, const StallWatch& watch, double t) {
  ++failures_;
  std::string ws;
  for (int w : stuck)
    ws += fmt::format("{}{} ({})", ws.empty() ? "" : ", ", w, home_name(homes_[w]));
  fmt::print("vsfuzz: FAILURE: stall: worker {} made no progress for {} s\n", ws, stall);
  report_.push_back(
      fmt::format("== stall: worker {} made no progress for {} s (seed {}, --procs {})", ws, stall,
                  seed, procs));
  say(fmt::format("{} calls, {} other ops", s_->calls.load(), s_->ops.load()));
  for (int w = 0; w < procs; ++w)
    say(fmt::format("worker {} ({}): last progress {:.0f} s ago, {} ring lines", w,
                    home_name(homes_[w]), watch.idle(w, t), s_->rings[w].next.load()));
  describe_tasks();
  if (sysrq('w')) {
    usleep(500000);
    say("sysrq-w (blocked tasks, from the kernel log):");
    check_kmsg(true);
  } else {
    say(fmt::format("no sysrq-w: /proc/sysrq-trigger: {}", std::strerror(errno)));
  }
  for (int w = 0; w < procs; ++w) {
    fmt::print("vsfuzz: -- worker {} ({}): last calls\n", w, home_name(homes_[w]));
    for (const auto& l : ring_lines(s_, w)) fmt::print("vsfuzz:   {}\n", l);
  }
  dump("stall", -1);
  // The workers first (they make no more children), then what is left.
  for (int w = 0; w < procs; ++w) {
    kill(workers_[w], SIGKILL);
    killed_[w] = true;
  }
  for (const auto& c : descendants(list_tasks(), {getpid()})) kill(c.pid, SIGKILL);
  std::fflush(stdout);
}

void Parent::dump(const std::string& why, int w) {
  report_.push_back(fmt::format("== {} (seed {}, --procs {})", why, seed, procs));
  const int from = w < 0 ? 0 : w, to = w < 0 ? procs : w + 1;
  for (int i = from; i < to; ++i) {
    report_.push_back(fmt::format("-- worker {} ({}), seed {:#x}: last calls", i,
                                  home_name(homes_[i]), worker_seed(seed, i)));
    for (const auto& l : ring_lines(s_, i)) report_.push_back(l);
  }
}

// Counts (and reports) the splats of the kernel log; with capture, every
// line read goes to the report (up to 500).
void Parent::check_kmsg(bool capture) {
  if (kmsg_ < 0) return;
  char buf[4096];
  for (int lines = 0;;) {
    const ssize_t n = read(kmsg_, buf, sizeof(buf) - 1);
    if (n < 0 && errno == EPIPE) continue;  // overwritten records
    if (n <= 0) return;
    buf[n] = 0;
    const char* msg = std::strchr(buf, ';');
    std::string line = msg ? msg + 1 : buf;
    if (capture && lines++ < 500) say("kmsg: " + line.substr(0, line.find('\n')));
    if (std::regex_search(line, splat_re())) {
      ++splats_;
      fmt::print("vsfuzz: kernel splat: {}", line);
      if (splats_ <= 3) dump("kernel splat: " + line.substr(0, line.find('\n')), -1);
    }
  }
}

// Kills what the workers left (orphans come to us: we are a subreaper),
// and lets the pool contexts and homes go.
void Parent::cleanup() {
  const pid_t me = getpid();
  for (int pass = 0; pass < 50; ++pass) {
    int found = 0;
    if (DIR* d = opendir("/proc")) {
      while (dirent* e = readdir(d)) {
        const pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
        if (pid <= 1 || pid == me) continue;
        std::ifstream in(fmt::format("/proc/{}/stat", pid));
        std::string stat;
        std::getline(in, stat);
        const auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 2));
        char state;
        pid_t ppid;
        rest >> state >> ppid;
        const long xid = vsys::vserver(VCMD_task_xid, static_cast<std::uint32_t>(pid), nullptr);
        if (ppid == me || (xid >= 2000 && xid < 2016) || xid >= 60000) {
          kill(pid, SIGKILL);
          ++found;
        }
      }
      closedir(d);
    }
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    if (!found) break;
    usleep(100000);
  }
  // Every id still listed (the pool, the homes, edge ids the run made)
  // loses PERSISTENT, so that it dies with its last task.
  for (const char* root : {"/proc/virtual", "/proc/virtnet"}) {
    const bool net = root[10] == 'n';
    DIR* d = opendir(root);
    while (dirent* e = d ? readdir(d) : nullptr) {
      if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
      const auto id = static_cast<std::uint32_t>(std::strtoul(e->d_name, nullptr, 10));
      vcmd_ctx_flags_v0 f{0, net ? NXF_PERSISTENT : VXF_PERSISTENT};
      if (vsys::vserver(net ? VCMD_set_nflags : VCMD_set_cflags, id, &f) < 0 && errno != ESRCH)
        fmt::print("vsfuzz: cleanup: set_{}flags({}, ~PERSISTENT): {}\n", net ? 'n' : 'c', id,
                   std::strerror(errno));
    }
    if (d) closedir(d);
  }
}

int Parent::run() {
  std::string why;
  const bool kcov = !blind && Kcov::available(&why);
  if (blind) why = "--blind";
  make_scratch();
  const auto ctx0 = counts("virtual");
  const auto net0 = counts("virtnet");
  s_ = map_shared();
  if (!s_) {
    perror("vsfuzz: mmap");
    return 2;
  }
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
  kmsg_ = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (kmsg_ >= 0) lseek(kmsg_, 0, SEEK_END);
  const std::vector<Input> corpus =
      corpus_dir.empty() ? std::vector<Input>{} : load_corpus(corpus_dir);

  std::vector<std::uint32_t> home_xids;
  for (int w = 0; w < procs; ++w) {
    homes_.push_back(static_cast<Home>(w % 4));
    home_xids.push_back(60000 + static_cast<std::uint32_t>(w));
  }
  std::string names;
  for (int w = 0; w < procs; ++w) names += fmt::format("{}{}", w ? ", " : "", home_name(homes_[w]));
  fmt::print("vsfuzz: seed {}, {} workers ({}), {}, {} corpus inputs loaded\n", seed, procs, names,
             kcov ? "KCOV on" : "no KCOV, running blind (" + why + ")", corpus.size());
  std::fflush(stdout);

  const double start = now();
  for (int w = 0; w < procs; ++w) {
    WorkerConfig cfg;
    cfg.index = w;
    cfg.seed = worker_seed(seed, w);
    cfg.home = homes_[w];
    cfg.home_xid = cfg.home == Home::kHost        ? 0
                   : cfg.home == Home::kSpectator ? VX_ID_SPECTATOR
                                                  : home_xids[w];
    cfg.homes = home_xids;
    cfg.calls = calls ? (calls + procs - 1) / procs : 0;
    cfg.kcov = kcov;
    cfg.trace = trace;
    cfg.shared = s_;
    cfg.corpus = corpus;
    cfg.corpus_dir = corpus_dir;
    const pid_t pid = fork();
    if (pid == 0) {
      signal(SIGINT, SIG_DFL);
      signal(SIGTERM, SIG_DFL);
      if (kmsg_ >= 0) close(kmsg_);
      _exit(run_worker(cfg));
    }
    workers_.push_back(pid);
  }

  std::vector<bool> done(procs, false);
  killed_.assign(procs, false);
  int running = procs;
  double stop_at = 0, last_progress = start;
  StallWatch watch(stall, procs, start);
  while (running > 0) {
    usleep(100000);
    const double t = now();
    if (!s_->stop && (g_interrupted || (seconds > 0 && t - start >= seconds))) {
      s_->stop = 1;
      stop_at = t;
    }
    for (int w = 0; w < procs; ++w) watch.note(w, s_->rings[w].next.load(), t);
    if (!s_->stop) {
      const auto stuck = watch.stuck(t, done);
      if (!stuck.empty()) {
        on_stall(stuck, watch, t);
        s_->stop = 1;
        stop_at = t;
      }
    }
    // Every child: the workers, and the orphans of their children that
    // come to us as subreaper (left as zombies they piled up by the
    // thousand in long runs, each holding a pid and, for the init of an
    // unshared pid namespace, the namespace).
    for (;;) {
      int status = 0;
      const pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid <= 0) break;
      const auto it = std::find(workers_.begin(), workers_.end(), pid);
      if (it == workers_.end()) continue;
      const int w = static_cast<int>(it - workers_.begin());
      done[w] = true;
      --running;
      if (killed_[w]) {
        fmt::print("vsfuzz: worker {} ({}) gone after the parent's SIGKILL\n", w,
                   home_name(homes_[w]));
      } else if (WIFSIGNALED(status)) {
        ++failures_;
        fmt::print("vsfuzz: FAILURE: worker {} ({}) died from signal {} ({})\n", w,
                   home_name(homes_[w]), WTERMSIG(status), strsignal(WTERMSIG(status)));
        dump(fmt::format("worker {} died from signal {}", w, WTERMSIG(status)), w);
      } else if (WEXITSTATUS(status) != 0) {
        dump(fmt::format("worker {} found failures", w), w);
      }
    }
    check_kmsg();
    if (running && s_->stop && t - stop_at > 30) {
      // A worker that outlives a SIGKILL by 30 s sleeps uninterruptibly
      // in the kernel: describe it and leave it behind.
      bool abandon = false;
      for (int w = 0; w < procs; ++w)
        if (!done[w] && killed_[w]) {
          ++failures_;
          abandon = true;
          fmt::print("vsfuzz: FAILURE: worker {} ({}) still there 30 s after SIGKILL\n", w,
                     home_name(homes_[w]));
          report_.push_back(fmt::format("== worker {} survived SIGKILL", w));
          for (const auto& l : describe_task(workers_[w])) say(l);
        }
      if (abandon) break;
      bool hung = false;
      for (int w = 0; w < procs; ++w)
        if (!done[w]) {
          ++failures_;
          hung = true;
          fmt::print("vsfuzz: FAILURE: worker {} did not stop within 30 s (hung?)\n", w);
          dump(fmt::format("worker {} hung", w), w);
        }
      if (hung) describe_tasks();
      for (int w = 0; w < procs; ++w)
        if (!done[w]) {
          kill(workers_[w], SIGKILL);
          killed_[w] = true;
        }
      stop_at = t;  // give the kills time
    }
    if (t - last_progress >= 10) {
      last_progress = t;
      fmt::print("vsfuzz: {:.0f} s: {} calls, {} other ops, {} PCs, {} failures\n", t - start,
                 s_->calls.load(), s_->ops.load(), s_->pcs.load(), s_->failures.load() + failures_);
      std::fflush(stdout);
    }
  }
  const double elapsed = now() - start;
  cleanup();

  // Every context and network context the run made must be gone again.
  bool back = false;
  vsys::IdCounts ctx1, net1;
  for (int i = 0; i < 100 && !back; ++i) {
    ctx1 = counts("virtual");
    net1 = counts("virtnet");
    back = ctx1 == ctx0 && net1 == net0;
    if (!back) usleep(100000);
  }
  if (!back) {
    ++failures_;
    fmt::print(
        "vsfuzz: FAILURE: contexts left after the run: /proc/virtual/status active {} -> {}, "
        "total {} -> {}; /proc/virtnet/status active {} -> {}, total {} -> {}\n",
        ctx0.active, ctx1.active, ctx0.total, ctx1.total, net0.active, net1.active, net0.total,
        net1.total);
    dump("contexts left after the run", -1);
    for (const char* root : {"/proc/virtual", "/proc/virtnet"}) {
      DIR* d = opendir(root);
      while (dirent* e = d ? readdir(d) : nullptr) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        std::ifstream in(fmt::format("{}/{}/status", root, e->d_name));
        std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (char& c : all)
          if (c == '\n' || c == '\t') c = ' ';
        const auto at = all.find("Flags: ");
        const std::uint64_t flags =
            at == std::string::npos ? 0 : std::strtoull(all.c_str() + at + 7, nullptr, 16);
        if ((flags & VXF_PERSISTENT) && !(flags & VXF_STATE_ADMIN))
          all +=
              "(PERSISTENT without STATE_ADMIN: no command removes it, see "
              "FuzzFoundTest.SealedPersistent*)";
        fmt::print("vsfuzz: left: {}/{}: {}\n", root, e->d_name, all);
        report_.push_back(fmt::format("left: {}/{}: {}", root, e->d_name, all));
      }
      if (d) closedir(d);
    }
  }
  check_kmsg();
  if (kcov) umount("/sys/kernel/debug");

  int nerr = 0;
  for (auto& e : s_->errnos) nerr += std::popcount(e.load());
  const std::uint64_t fails = s_->failures.load() + failures_;
  const std::uint64_t n = s_->calls.load();
  if (fails || splats_ || !log_path.empty()) {
    if (report_.empty()) dump("end of run", -1);
    std::ofstream out(log_path);
    out << fmt::format(
        "vsfuzz --seed {} --procs {} {}\n", seed, procs,
        calls ? fmt::format("--calls {}", calls) : fmt::format("--seconds {}", seconds));
    for (const auto& l : report_) out << l << '\n';
  }
  if (fails || splats_) {
    fmt::print("vsfuzz: replay with: vsfuzz --seed {} --procs {} (log: {})\n", seed, procs,
               log_path);
    for (const auto& l : report_) fmt::print("  {}\n", l);
  }
  fmt::print(
      "vsfuzz: {} calls, {:.0f} calls/s, {} unique PCs in kernel/vserver{}, {} errnos seen, "
      "{} failures, {} splats, {} corpus inputs\n",
      n, static_cast<double>(n) / elapsed, s_->pcs.load(), kcov ? "" : " (no KCOV)", nerr, fails,
      splats_, s_->corpus.load());
  return fails || splats_ ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Parent p;
  CLI::App app{
      "Structure-aware fuzzer of vserver(2): random command sequences from several "
      "processes in several contexts, with KCOV feedback when the kernel has it.",
      "vsfuzz"};
  app.add_option("--seed", p.seed, "seed of the run (each worker derives its own)");
  auto* secs = app.add_option("--seconds", p.seconds, "run for S seconds (default 60)");
  auto* calls = app.add_option("--calls", p.calls, "run until N vserver(2) calls were made");
  secs->excludes(calls);
  app.add_option("--procs", p.procs, "worker processes")->check(CLI::Range(1, kMaxWorkers));
  app.add_option("--log", p.log_path, "where the seed and the last calls of each worker go");
  app.add_option("--corpus", p.corpus_dir,
                 "directory to load inputs from and to store those that reached new PCs");
  app.add_flag("--trace", p.trace, "print every call as it is made (to find a crashing call)");
  app.add_flag("--blind", p.blind, "do not use KCOV even when the kernel has it");
  app.add_option("--stall", p.stall,
                 "a worker without progress for S seconds is a failure that ends the run "
                 "(default 60, 0: never)");
  CLI11_PARSE(app, argc, argv);
  if (p.seconds <= 0 && p.calls == 0) p.seconds = 60;
  return p.run();
}
