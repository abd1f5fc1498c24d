// vsfuzz: a worker.  It settles in its home (the host, a context in
// setup, the spectator or a sealed guest), then alternates vserver(2)
// calls drawn from the command table (or mutated from its corpus) with
// process, socket, file and /proc operations.  Calls that move the caller
// (create, migrate, enter_space) run in forked children, which then act
// as guests and either exit or stay parked as victims for kills.
#include "worker.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>

#include <linux/vserver/context.h>
#include <linux/vserver/network.h>
#include <linux/vserver/space.h>
#include <linux/vserver/switch.h>

#include <fmt/core.h>

#include "vsys/syscall.hpp"

namespace vsfuzz {

namespace {

volatile sig_atomic_t g_alarm = 0;
void on_alarm(int) { g_alarm = 1; }

const std::uint64_t kKernelPtrs[] = {0xffffffff81000000ULL, 0xffff888000000000ULL,
                                     0xfffffffffffff000ULL, 0x8000000000000000ULL,
                                     0xffffffffff600000ULL};

bool known_word(std::uint32_t cmd) {
  static const std::set<std::uint32_t> words = [] {
    std::set<std::uint32_t> s;
    for (const auto& d : commands())
      if (d.cmd && !std::string(d.name).starts_with("absent_")) s.insert(d.cmd);
    return s;
  }();
  return words.contains(cmd);
}

bool is_pool(std::uint32_t id, const IdPool& pool) {
  return id >= pool.xid_base && id < pool.xid_base + pool.xid_count;
}

// Three pages: two read-write, the third PROT_NONE; a read-only page; an
// address without an accessible page.  That one stays reserved PROT_NONE:
// a page unmapped here was handed out again by later mmap() calls (the
// KCOV buffer on the debug kernel), so "unmapped" pointers were valid.
struct Arena {
  std::size_t page = 4096;
  std::uint8_t* base = nullptr;
  std::uint8_t* ro = nullptr;
  std::uint8_t* unmapped = nullptr;

  bool init() {
    page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    void* p = mmap(nullptr, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return false;
    base = static_cast<std::uint8_t*>(p);
    if (mprotect(base + 2 * page, page, PROT_NONE) != 0) return false;
    ro = base + 3 * page;
    if (mprotect(ro, page, PROT_READ) != 0) return false;
    void* u = mmap(nullptr, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (u == MAP_FAILED) return false;
    unmapped = static_cast<std::uint8_t*>(u);
    return true;
  }
  std::uint8_t* guard() const { return base + 2 * page; }
};

struct ChildMsg {
  long ret;
  int err;
  std::uint32_t fresh;
  char violation[160];
};

}  // namespace

const char* home_name(Home h) {
  switch (h) {
    case Home::kHost: return "host";
    case Home::kSetup: return "setup";
    case Home::kSpectator: return "spectator";
    case Home::kSealed: return "sealed";
  }
  return "?";
}

std::uint64_t worker_seed(std::uint64_t seed, int w) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(w + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

namespace {

class Worker {
 public:
  explicit Worker(const WorkerConfig& c) : cfg_(c), s_(c.shared), gen_(c.seed) {
    pool_.home_xid = c.home_xid;
    corpus_ = c.corpus;
  }
  int run();

 private:
  struct Outcome {
    long ret = 0;
    int err = 0;
    std::uint32_t fresh = 0;
    std::string violation;
  };

  bool settle();
  void log(const std::string& line);
  void fail(const std::string& what);
  Outcome issue(const Input& in, Kcov* kc);
  std::string check(const Input& in, long ret, int err) const;
  void* place(const Input& in, std::array<std::uint8_t, kMaxData>& buf);
  std::uint64_t path_ptr(const Input& in);
  void call_step();
  void call_in_child(const Input& in);
  void op_step();
  void spawn_victim();
  void kill_victim();
  void reap(bool block);
  void socket_op(Generator& g);
  void file_op(Generator& g, bool keep);
  void proc_op(Generator& g);
  void unshare_child();
  void guest_ops(Generator& g, int n);
  [[noreturn]] void park();
  void save_corpus();

  const WorkerConfig& cfg_;
  Shared* s_;
  Generator gen_;
  IdPool pool_;
  Arena arena_;
  std::unique_ptr<Kcov> kcov_;
  std::vector<Input> corpus_;
  std::vector<Input> found_;  // inputs that reached new PCs in this run
  std::vector<pid_t> victims_;
  std::uint64_t calls_ = 0;
  bool child_ = false;  // this process is a child of the worker
  int failures_ = 0;
};

void Worker::log(const std::string& line) {
  std::string l = child_ ? fmt::format("w{}.{} {}", cfg_.index, getpid(), line)
                         : fmt::format("w{} {}", cfg_.index, line);
  log_call(s_, cfg_.index, l);
  if (cfg_.trace) {
    l += '\n';
    if (write(STDOUT_FILENO, l.data(), l.size()) < 0) {
      // nothing to do: the trace is best effort
    }
  }
}

void Worker::fail(const std::string& what) {
  ++failures_;
  s_->failures.fetch_add(1);
  log("FAILURE: " + what);
  fmt::print(stderr, "vsfuzz: worker {} ({}): FAILURE: {}\n", cfg_.index, home_name(cfg_.home),
             what);
}

bool Worker::settle() {
  switch (cfg_.home) {
    case Home::kHost: return true;
    case Home::kSpectator:
      return vsys::vserver(VCMD_ctx_migrate_v0, VX_ID_SPECTATOR, nullptr) == VX_ID_SPECTATOR;
    case Home::kSetup:
    case Home::kSealed: {
      vcmd_ctx_create vc{VXF_INIT_SET};
      if (vsys::vserver(VCMD_ctx_create, cfg_.home_xid, &vc) < 0) return false;
      if (cfg_.home == Home::kSetup) return true;
      vcmd_ctx_flags_v0 f{0, VXF_STATE_SETUP};
      return vsys::vserver(VCMD_set_cflags, cfg_.home_xid, &f) == 0;
    }
  }
  return false;
}

std::uint64_t Worker::path_ptr(const Input& in) {
  switch (in.path_kind) {
    case PathKind::kGood: {
      const std::string& p = paths()[in.path % paths().size()];
      char* dst = reinterpret_cast<char*>(arena_.base + arena_.page);  // second page
      std::memcpy(dst, p.c_str(), p.size() + 1);
      return reinterpret_cast<std::uint64_t>(dst);
    }
    case PathKind::kNull: return 0;
    case PathKind::kKernel: return kKernelPtrs[in.path % std::size(kKernelPtrs)];
    case PathKind::kUnterminated: {
      // "/tmp/vsfuzz/aaaa..." without its NUL, up to the PROT_NONE page.
      char* end = reinterpret_cast<char*>(arena_.guard());
      char* start = end - 64;
      std::memset(start, 'a', 64);
      std::memcpy(start, "/tmp/", 5);
      return reinterpret_cast<std::uint64_t>(start);
    }
  }
  return 0;
}

void* Worker::place(const Input& in, std::array<std::uint8_t, kMaxData>& buf) {
  const CmdDesc& d = commands()[in.desc];
  const std::size_t size = std::min<std::size_t>(d.size, kMaxData);
  std::uint8_t* dst = nullptr;
  std::size_t copy = size;
  switch (in.ptr) {
    case Ptr::kGood: dst = arena_.base; break;
    case Ptr::kNull: return nullptr;
    case Ptr::kUnmapped: return arena_.unmapped + in.ptr_arg % 64;
    case Ptr::kKernel:
      return reinterpret_cast<void*>(kKernelPtrs[in.ptr_arg % std::size(kKernelPtrs)]);
    case Ptr::kMisaligned: dst = arena_.base + 1 + in.ptr_arg % 7; break;
    case Ptr::kPageEnd: dst = arena_.guard() - size; break;
    case Ptr::kShort: {
      const std::size_t k = size ? 1 + in.ptr_arg % size : 1;
      dst = arena_.guard() - size + k;
      copy = size - k + (size ? 0 : 0);
      if (copy > size) copy = 0;
      break;
    }
    case Ptr::kReadOnly:
      if (mprotect(arena_.ro, arena_.page, PROT_READ | PROT_WRITE) == 0) {
        std::memcpy(arena_.ro, buf.data(), size);
        mprotect(arena_.ro, arena_.page, PROT_READ);
      }
      return arena_.ro;
  }
  std::memcpy(dst, buf.data(), copy);
  return dst;
}

// The invariants of one call; an empty string when they hold.
std::string Worker::check(const Input& in, long ret, int err) const {
  const CmdDesc& d = commands()[in.desc];
  if (!d.cmd) {  // a random word
    if (!known_word(in.cmd) && !(ret < 0 && err == ENOSYS))
      return fmt::format("unknown command word {:#x} gave {} (errno {}), not ENOSYS", in.cmd, ret,
                         err);
    return {};
  }
  if (in.cmd != d.cmd) {
    // Another version or a flipped bit: maybe a command of a newer
    // kernel, so only the errno is judged, by the rules of the command
    // the word names when it names one (task_tag with bit 27 flipped is
    // fget_iattr, whose EBADF is documented).
    const CmdDesc* w = command_of_word(in.cmd);
    if (ret < 0 && !errno_allowed(w ? *w : d, err))
      return fmt::format("word {:#x}: errno {} ({}) is not documented", in.cmd, err,
                         std::strerror(err));
    return {};
  }
  if (std::string(d.name).starts_with("absent_"))
    return ret < 0 && err == ENOSYS ? std::string() : "a command this kernel lacks did not ENOSYS";
  if (ret < 0) {
    if (!errno_allowed(d, err))
      return fmt::format("errno {} ({}) is not documented for {}", err, std::strerror(err), d.name);
    return {};
  }
  const bool bad = in.ptr == Ptr::kNull || in.ptr == Ptr::kUnmapped || in.ptr == Ptr::kKernel ||
                   in.ptr == Ptr::kShort;
  switch (d.use) {
    case Use::kIn:
    case Use::kOut:
    case Use::kInOut:
      if (bad) return fmt::format("succeeded with a {} data pointer", ptr_name(in.ptr));
      if (d.use != Use::kIn && in.ptr == Ptr::kReadOnly)
        return "wrote its answer into a read-only page";
      break;
    case Use::kOptIn:
      if (bad && in.ptr != Ptr::kNull)
        return fmt::format("succeeded with a {} data pointer", ptr_name(in.ptr));
      break;
    case Use::kNone: break;
  }
  for (const auto& f : d.fields)
    if (f.gen == Gen::kPath && in.path_kind != PathKind::kGood)
      return "succeeded with a bad path pointer";
  const std::string name = d.name;
  if (name == "get_version" && ret != VCI_VERSION) return fmt::format("get_version = {:#x}", ret);
  if ((name.starts_with("ctx_create") || name.starts_with("net_create")) && ret != in.id)
    return fmt::format("create returned {} for id {}", ret, in.id);
  if ((name == "task_xid" || name == "task_nid") && ret > VX_ID_MAX_GUEST)
    return fmt::format("{} = {}", name, ret);
  return {};
}

Worker::Outcome Worker::issue(const Input& in, Kcov* kc) {
  const CmdDesc& d = commands()[in.desc];
  std::array<std::uint8_t, kMaxData> buf = in.data;
  for (const auto& f : d.fields)
    if (f.gen == Gen::kPath) {
      const std::uint64_t v = path_ptr(in);
      std::memcpy(buf.data() + f.off, &v, sizeof(v));
    }
  void* p = place(in, buf);
  const CmdDesc* w = command_of_word(in.cmd);
  const bool timed = d.blocks || (w && w->blocks);
  const long usec = timed ? static_cast<long>(10000 + gen_.below(90000)) : 0;
  if (kc) kc->reset();
  Outcome o;
  const auto call = [&] { return vsys::vserver(in.cmd, in.id, p); };
  o.ret = timed ? interrupted_within(usec, call) : call();
  o.err = o.ret < 0 ? errno : 0;
  const std::size_t n = kc ? kc->count() : 0;
  for (std::size_t i = 0; i < n; ++i)
    if (add_pc(s_, kc->pc(i))) ++o.fresh;
  s_->calls.fetch_add(1, std::memory_order_relaxed);
  if (o.err > 0 && o.err < 192)
    s_->errnos[o.err / 64].fetch_or(1ULL << (o.err % 64), std::memory_order_relaxed);
  o.violation = check(in, o.ret, o.err);
  return o;
}

void Worker::call_step() {
  Input in = !corpus_.empty() && gen_.chance(40)
                 ? gen_.mutate(corpus_[gen_.below(corpus_.size())], pool_)
                 : gen_.generate(pool_);
  // What the word sent reaches: a flipped bit or another version can make
  // a command of another entry (set_vhi_name with bit 27 is
  // enter_space_v0, set_bcaps with bit 19 set_cflags), and the rules
  // below are those of that command.
  const CmdDesc* w = command_of_word(in.cmd);
  const CmdDesc& d = w ? *w : commands()[in.desc];
  // Never aim a kill at a worker's home (the worker would die from a
  // signal it did not send) nor at the caller's own context.
  if (d.kills) {
    const bool home = std::find(cfg_.homes.begin(), cfg_.homes.end(), in.id) != cfg_.homes.end();
    if (home || static_cast<std::int32_t>(in.id) < 0)
      in.id = pool_.xid_base + static_cast<std::uint32_t>(gen_.below(pool_.xid_count));
  }
  // Never pause nor hard-limit a worker's home (the worker would hold
  // itself), nor create a paused context (the child that makes it would
  // be held before it answers); set_cflags pauses the other contexts.
  // The flag word of set_cflags and ctx_create is the struct's first u64.
  if (d.cmd == VCMD_set_cflags || d.cmd == VCMD_ctx_create) {
    const bool home = std::find(cfg_.homes.begin(), cfg_.homes.end(), in.id) != cfg_.homes.end();
    std::uint64_t word;
    std::memcpy(&word, in.data.data(), sizeof(word));
    if (home || static_cast<std::int32_t>(in.id) < 0) word &= ~(VXF_SCHED_PAUSE | VXF_SCHED_HARD);
    if (d.cmd == VCMD_ctx_create) word &= ~VXF_SCHED_PAUSE;
    std::memcpy(in.data.data(), &word, sizeof(word));
  }
  ++calls_;
  if (d.moves) {
    call_in_child(in);
    return;
  }
  log(describe(in));
  Outcome o = issue(in, kcov_.get());
  log(fmt::format("  = {}{}", o.ret, o.ret < 0 ? fmt::format(" {}", strerrorname_np(o.err)) : ""));
  if (!o.violation.empty()) fail(describe(in) + ": " + o.violation);
  if (o.fresh) {
    s_->corpus.fetch_add(1, std::memory_order_relaxed);
    found_.push_back(in);
    if (corpus_.size() < 2000)
      corpus_.push_back(in);
    else
      corpus_[gen_.below(corpus_.size())] = in;
  }
}

// A call that moves the caller runs in a child: the child reports the
// result, checks where it landed, then plays a guest for a while.
void Worker::call_in_child(const Input& in) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  const std::uint64_t seed = gen_.next();
  const bool stay = gen_.chance(30);
  log(describe(in) + " [child]");
  s_->ops.fetch_add(1, std::memory_order_relaxed);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return;
  }
  if (pid == 0) {
    child_ = true;
    close(fds[0]);
    victims_.clear();
    kcov_.reset();
    std::unique_ptr<Kcov> kc = cfg_.kcov ? std::make_unique<Kcov>() : nullptr;
    Outcome o = issue(in, kc && kc->ok() ? kc.get() : nullptr);
    kc.reset();
    const CmdDesc& d = commands()[in.desc];
    const std::string name = d.name;
    if (o.violation.empty() && o.ret >= 0 && in.cmd == d.cmd) {
      const bool net = name.starts_with("net_");
      // -1 when the new context's bcaps lack CAP_CONTEXT: cannot tell.
      const long now = vsys::vserver(net ? VCMD_task_nid : VCMD_task_xid, 0, nullptr);
      const std::uint32_t want = in.id;
      if ((name.find("create") != std::string::npos || name.find("migrate") != std::string::npos) &&
          static_cast<std::int32_t>(want) > 0 && now >= 0 && now != static_cast<long>(want))
        o.violation = fmt::format("{} succeeded but the caller is in {}", name, now);
    }
    ChildMsg m{};
    m.ret = o.ret;
    m.err = o.err;
    m.fresh = o.fresh;
    std::snprintf(m.violation, sizeof(m.violation), "%s", o.violation.c_str());
    if (write(fds[1], &m, sizeof(m)) != sizeof(m)) _exit(3);
    close(fds[1]);
    Generator g(seed);
    guest_ops(g, 1 + static_cast<int>(g.below(3)));
    if (stay) park();
    _exit(0);
  }
  close(fds[1]);
  ChildMsg m{};
  pollfd pfd{fds[0], POLLIN, 0};
  bool got = false;
  if (poll(&pfd, 1, 5000) == 1) got = read(fds[0], &m, sizeof(m)) == sizeof(m);
  close(fds[0]);
  if (!got) {
    log("  = (no answer: child killed or stopped)");
  } else {
    log(fmt::format("  = {}{}", m.ret,
                    m.ret < 0 ? fmt::format(" {}", strerrorname_np(m.err)) : ""));
    if (m.violation[0]) fail(describe(in) + ": " + m.violation);
    if (m.fresh) {
      s_->corpus.fetch_add(1, std::memory_order_relaxed);
      found_.push_back(in);
      if (corpus_.size() < 2000) corpus_.push_back(in);
    }
  }
  victims_.push_back(pid);
  reap(false);
}

[[noreturn]] void Worker::park() {
  signal(SIGALRM, SIG_DFL);
  alarm(15);  // a victim nobody kills goes away by itself
  for (;;) pause();
}

// Reaps exited children; with block, waits up to 5 s for all of them
// (one stopped in a context we cannot signal is left to the parent,
// which reaps orphans as a subreaper and kills them by xid).
void Worker::reap(bool block) {
  for (int waited = 0;;) {
    int status = 0;
    pid_t p = waitpid(-1, &status, WNOHANG);
    if (p == 0 && block && waited < 500) {
      usleep(10000);
      ++waited;
      continue;
    }
    if (p <= 0) break;
    std::erase(victims_, p);
    if (WIFSIGNALED(status)) log(fmt::format("child {} died from signal {}", p, WTERMSIG(status)));
  }
  pool_.pids.assign(victims_.begin(), victims_.end());
}

void Worker::spawn_victim() {
  const std::uint64_t seed = gen_.next();
  pid_t pid = fork();
  if (pid < 0) return;
  if (pid == 0) {
    child_ = true;
    victims_.clear();
    kcov_.reset();
    Generator g(seed);
    const std::uint32_t xid = pool_.xid_base + static_cast<std::uint32_t>(g.below(pool_.xid_count));
    const std::uint32_t nid = pool_.nid_base + static_cast<std::uint32_t>(g.below(pool_.nid_count));
    if (g.chance(60)) {
      long r = vsys::vserver(VCMD_ctx_create_v0, xid, nullptr);
      if (r < 0) r = vsys::vserver(VCMD_ctx_migrate_v0, xid, nullptr);
      log(fmt::format("victim: into xid {} = {}", xid, r));
    }
    if (g.chance(50)) {
      long r = vsys::vserver(VCMD_net_create_v0, nid, nullptr);
      if (r < 0) r = vsys::vserver(VCMD_net_migrate, nid, nullptr);
      log(fmt::format("victim: into nid {} = {}", nid, r));
    }
    guest_ops(g, static_cast<int>(g.below(3)));
    park();
  }
  log(fmt::format("spawn victim {}", pid));
  victims_.push_back(pid);
  if (victims_.size() > 8) {
    // A victim that moved to another context may be out of our reach
    // (stopped there by a ctx_kill, invisible to kill()): do not wait for
    // it; reap() or the parent's cleanup takes it later.
    kill(victims_.front(), SIGKILL);
    victims_.erase(victims_.begin());
    reap(false);
  }
  pool_.pids.assign(victims_.begin(), victims_.end());
}

void Worker::kill_victim() {
  if (victims_.empty()) return;
  static const int sigs[] = {SIGKILL, SIGTERM, SIGSTOP, SIGCONT, SIGUSR1, SIGINT};
  const pid_t p = victims_[gen_.below(victims_.size())];
  const int sig = sigs[gen_.below(std::size(sigs))];
  const int r = kill(p, sig);
  log(fmt::format("kill({}, {}) = {}", p, sig, r));
  if (sig == SIGSTOP) kill(p, SIGCONT);
}

void Worker::socket_op(Generator& g) {
  static const int fams[] = {AF_INET, AF_INET6, AF_UNIX};
  static const int types[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_RAW};
  const int fam = fams[g.below(3)];
  int type = types[g.below(3)];
  if (fam == AF_UNIX && type == SOCK_RAW) type = SOCK_SEQPACKET;
  const int proto = type != SOCK_RAW  ? 0
                    : fam == AF_INET6 ? int{IPPROTO_ICMPV6}
                                      : int{IPPROTO_ICMP};
  const int fd = socket(fam, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
  sockaddr_storage ss{};
  socklen_t len = 0;
  const int port = 40000 + static_cast<int>(g.below(8));
  if (fam == AF_INET) {
    static const char* const ips[] = {"0.0.0.0", "127.0.0.1", "10.0.0.2", "10.0.0.3",
                                      "192.168.1.1"};
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = g.chance(10) ? AF_UNSPEC : AF_INET;
    a->sin_port = htons(static_cast<std::uint16_t>(g.chance(50) ? port : 0));
    inet_pton(AF_INET, ips[g.below(std::size(ips))], &a->sin_addr);
    len = sizeof(*a);
  } else if (fam == AF_INET6) {
    static const char* const ips[] = {"::", "::1", "fd00::2", "::ffff:127.0.0.1"};
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(static_cast<std::uint16_t>(g.chance(50) ? port : 0));
    inet_pton(AF_INET6, ips[g.below(std::size(ips))], &a->sin6_addr);
    len = sizeof(*a);
  } else {
    auto* a = reinterpret_cast<sockaddr_un*>(&ss);
    a->sun_family = AF_UNIX;
    const std::string name = fmt::format("vsfuzz{}", g.below(4));
    if (g.chance(50)) {
      std::memcpy(a->sun_path + 1, name.data(), name.size());  // abstract
      len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    } else {
      const std::string path = "/tmp/vsfuzz/" + name;
      std::memcpy(a->sun_path, path.c_str(), path.size() + 1);
      len = sizeof(*a);
    }
  }
  int rb = -2, rc = -2;
  const auto* sa = reinterpret_cast<const sockaddr*>(&ss);
  if (fd >= 0) {
    if (g.chance(50)) {
      rb = bind(fd, sa, len);
      if (type != SOCK_DGRAM && type != SOCK_RAW && g.chance(60)) listen(fd, 4);
    }
    if (g.chance(50)) {
      const int c = socket(fam, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
      if (c >= 0) {
        rc = connect(c, sa, len);
        if (type == SOCK_DGRAM || type == SOCK_RAW) sendto(c, "x", 1, MSG_DONTWAIT, sa, len);
        close(c);
      }
    }
    close(fd);
  }
  log(fmt::format("socket({}, {}) = {}, bind = {}, connect = {}", fam, type, fd, rb, rc));
  s_->ops.fetch_add(1, std::memory_order_relaxed);
}

void Worker::file_op(Generator& g, bool keep) {
  const std::string name = fmt::format("/tmp/vsfuzz/n{}", g.below(6));
  const std::string other = paths()[g.below(5)];
  int r = 0;
  switch (g.below(8)) {
    case 0: {
      const int fd = open(name.c_str(), O_CREAT | O_RDWR | O_CLOEXEC | O_NONBLOCK, 0644);
      r = fd;
      if (fd >= 0) {
        r = static_cast<int>(write(fd, "vsfuzz\n", 7));
        if (keep && pool_.fds.size() < 8)
          pool_.fds.push_back(fd);
        else
          close(fd);
      }
      break;
    }
    case 1: r = unlink(name.c_str()); break;
    case 2: r = link(other.c_str(), name.c_str()); break;
    case 3: r = rename(name.c_str(), fmt::format("/tmp/vsfuzz/n{}", g.below(6)).c_str()); break;
    case 4: r = chmod(other.c_str(), 0600 | static_cast<mode_t>(g.below(0200))); break;
    case 5: r = mkdir(name.c_str(), 0755); break;
    case 6: r = rmdir(name.c_str()); break;
    default:
      if (keep && !pool_.fds.empty()) {
        r = close(pool_.fds.back());
        pool_.fds.pop_back();
      } else {
        const int fd = open(other.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        r = fd;
        if (fd >= 0 && keep && pool_.fds.size() < 8)
          pool_.fds.push_back(fd);
        else if (fd >= 0)
          close(fd);
      }
  }
  log(fmt::format("file op on {} = {}", name, r));
  s_->ops.fetch_add(1, std::memory_order_relaxed);
}

// /proc as the caller sees it: the id directories and a few victims.
void Worker::proc_op(Generator& g) {
  static const char* const roots[] = {"/proc/virtual", "/proc/virtnet"};
  const std::string root = roots[g.below(2)];
  int entries = 0;
  if (DIR* dir = opendir(root.c_str())) {
    while (dirent* e = readdir(dir)) {
      ++entries;
      if (e->d_name[0] >= '0' && e->d_name[0] <= '9' && g.chance(30)) {
        std::ifstream in(root + "/" + e->d_name + (g.chance(50) ? "/status" : "/info"));
        std::string line;
        while (std::getline(in, line)) {
        }
      }
    }
    closedir(dir);
  }
  if (!pool_.pids.empty()) {
    static const char* const files[] = {"vinfo", "ninfo", "status", "stat"};
    std::ifstream in(
        fmt::format("/proc/{}/{}", pool_.pids[g.below(pool_.pids.size())], files[g.below(4)]));
    std::string line;
    while (std::getline(in, line)) {
    }
  }
  if (g.chance(20))
    if (DIR* dir = opendir("/proc")) {
      while (readdir(dir)) ++entries;
      closedir(dir);
    }
  log(fmt::format("list {} ({} entries)", root, entries));
  s_->ops.fetch_add(1, std::memory_order_relaxed);
}

void Worker::unshare_child() {
  static const int flags[] = {CLONE_NEWUTS, CLONE_NEWIPC,  CLONE_NEWNS,    CLONE_NEWNET,
                              CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWCGROUP};
  int f = 0;
  for (int b : flags)
    if (gen_.chance(30)) f |= b;
  const std::uint64_t seed = gen_.next();
  const std::uint32_t xid =
      pool_.xid_base + static_cast<std::uint32_t>(gen_.below(pool_.xid_count));
  pid_t pid = fork();
  if (pid == 0) {
    child_ = true;
    victims_.clear();
    kcov_.reset();
    const int r = unshare(f);
    log(fmt::format("unshare({:#x}) = {}", f, r == 0 ? 0 : -errno));
    Generator g(seed);
    if (g.chance(50)) {
      // Store the new namespaces as the set of a pool context.
      vcmd_space_mask_v2 m{static_cast<std::uint64_t>(f) | CLONE_FS, 0};
      const long s = vsys::vserver(VCMD_set_space, xid, &m);
      log(fmt::format("set_space({}) = {}", xid, s < 0 ? -errno : s));
    }
    if ((f & CLONE_NEWPID) && fork() == 0) _exit(0);
    guest_ops(g, 1);
    _exit(0);
  }
  s_->ops.fetch_add(1, std::memory_order_relaxed);
  if (pid > 0) victims_.push_back(pid);
}

// What a child does in the context it landed in.
void Worker::guest_ops(Generator& g, int n) {
  for (int i = 0; i < n; ++i) {
    switch (g.below(6)) {
      case 0: socket_op(g); break;
      case 1: file_op(g, false); break;
      case 2: proc_op(g); break;
      case 3: {
        pid_t c = fork();
        if (c == 0) _exit(static_cast<int>(g.below(256)));
        if (c > 0) waitpid(c, nullptr, 0);
        log(fmt::format("fork+exit = {}", c));
        break;
      }
      case 4: {
        // kill(-1) only where it reaches the caller's guest context.
        const long xid = vsys::vserver(VCMD_task_xid, 0, nullptr);
        if (xid > 0 && is_pool(static_cast<std::uint32_t>(xid), pool_) && g.chance(30)) {
          signal(SIGTERM, SIG_IGN);
          const int r = kill(-1, SIGTERM);
          log(fmt::format("kill(-1, SIGTERM) in xid {} = {}", xid, r));
        }
        break;
      }
      default: {
        Input in = g.generate(pool_);
        const CmdDesc* w = command_of_word(in.cmd);
        const CmdDesc& d = w ? *w : commands()[in.desc];
        if (d.moves || d.blocks || d.kills) break;
        log(describe(in) + " [guest]");
        Outcome o = issue(in, nullptr);
        if (!o.violation.empty()) fail(describe(in) + " in a guest: " + o.violation);
      }
    }
  }
}

void Worker::op_step() {
  switch (gen_.below(8)) {
    case 0: spawn_victim(); break;
    case 1: kill_victim(); break;
    case 2: reap(false); break;
    case 3: socket_op(gen_); break;
    case 4: file_op(gen_, true); break;
    case 5: proc_op(gen_); break;
    case 6: unshare_child(); break;
    default: reap(false); break;
  }
}

void Worker::save_corpus() {
  if (cfg_.corpus_dir.empty()) return;
  for (std::size_t i = 0; i < found_.size(); ++i) {
    const std::string path = fmt::format("{}/w{}-{:05}.bin", cfg_.corpus_dir, cfg_.index, i);
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(&found_[i]), sizeof(Input));
  }
}

int Worker::run() {
  struct sigaction sa {};
  sa.sa_handler = on_alarm;  // no SA_RESTART: wait_exit returns EINTR
  sigaction(SIGALRM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
  if (!arena_.init()) {
    fail("cannot map the pointer arena");
    return 1;
  }
  if (!settle()) {
    fail(fmt::format("cannot settle in the {} home (xid {}): {}", home_name(cfg_.home),
                     cfg_.home_xid, std::strerror(errno)));
    return 1;
  }
  log(fmt::format("home {} xid {}, seed {:#x}", home_name(cfg_.home),
                  vsys::vserver(VCMD_task_xid, 0, nullptr), cfg_.seed));
  if (cfg_.kcov) {
    kcov_ = std::make_unique<Kcov>();
    if (!kcov_->ok()) kcov_.reset();
  }
  while (!s_->stop.load(std::memory_order_relaxed) && (!cfg_.calls || calls_ < cfg_.calls)) {
    if (gen_.chance(75))
      call_step();
    else
      op_step();
  }
  kcov_.reset();
  for (pid_t p : victims_) kill(p, SIGKILL);
  reap(true);
  for (int fd : pool_.fds) close(fd);
  save_corpus();
  return failures_ ? 1 : 0;
}

}  // namespace

int run_worker(const WorkerConfig& cfg) {
  Worker w(cfg);
  return w.run();
}

}  // namespace vsfuzz
