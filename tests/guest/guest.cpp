#include "guest.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "vsys/inode.hpp"
#include "vsys/names.hpp"
#include "vsys/syscall.hpp"

namespace vtest {

int in_child(const std::function<int()>& fn) {
  pid_t pid = fork();
  if (pid == 0) _exit(fn());
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 255 + WTERMSIG(status);
}

int in_bounded(vsys::xid_t xid, const Bounds& b, const std::function<int()>& fn) {
  return in_child([&] {
    if (!vsys::ctx_create(xid, VXF_INIT_SET)) return 200;
    if (unshare(CLONE_NEWUTS) != 0) return 201;
    if (!vsys::set_bcaps(xid, {vsys::default_guest_bcaps() | b.bcaps, ~0ULL})) return 202;
    if (!vsys::set_ccaps(xid, {b.ccaps, ~0ULL})) return 203;
    if (!vsys::set_umask(xid, {b.umask, ~0ULL})) return 204;
    if (!vsys::set_cflags(xid, {0, VXF_STATE_SETUP})) return 205;
    return fn();
  });
}

Guest::Guest(vsys::xid_t xid, std::optional<std::uint64_t> flags, int procs) : xid_(xid) {
  int fds[2];
  if (pipe(fds) != 0) std::abort();
  pid_t first = fork();
  if (first == 0) {
    close(fds[0]);
    auto r = vsys::ctx_create(xid, flags);
    int err = r ? 0 : r.error().code();
    if (write(fds[1], &err, sizeof(err)) != sizeof(err) || err) _exit(1);
    signal(SIGUSR2, SIG_DFL);
    for (int i = 1; i < procs; ++i) {
      pid_t extra = fork();
      if (extra == 0) {
        close(fds[1]);
        for (;;) pause();
      }
      if (write(fds[1], &extra, sizeof(extra)) != sizeof(extra)) _exit(1);
    }
    close(fds[1]);
    for (;;) pause();
  }
  close(fds[1]);
  if (read(fds[0], &create_errno_, sizeof(create_errno_)) != sizeof(create_errno_))
    create_errno_ = EIO;
  if (create_errno_ == 0) {
    pids_.push_back(first);
    pid_t extra;
    for (int i = 1; i < procs && read(fds[0], &extra, sizeof(extra)) == sizeof(extra); ++i)
      pids_.push_back(extra);
  } else {
    waitpid(first, nullptr, 0);
  }
  close(fds[0]);
}

void Guest::stop() {
  for (pid_t p : pids_) kill(p, SIGKILL);
  if (!pids_.empty()) waitpid(pids_.front(), nullptr, 0);
  pids_.clear();
}

Guest::~Guest() { stop(); }

ParkedBounded::ParkedBounded(vsys::xid_t xid, const std::function<int()>& setup, const Bounds& b) {
  int ready[2];
  if (pipe(ready) != 0) std::abort();
  pid_ = fork();
  if (pid_ == 0) {
    close(ready[0]);
    _exit(in_bounded(xid, b, [&] {
      const int msg[2] = {setup(), getpid()};
      if (write(ready[1], msg, sizeof(msg)) != sizeof(msg)) return 1;
      for (;;) pause();
      return 0;
    }));
  }
  close(ready[1]);
  int msg[2];
  if (read(ready[0], msg, sizeof(msg)) == sizeof(msg)) {
    value_ = msg[0];
    parked_ = msg[1];
  }
  close(ready[0]);
}

// The parked process is the child of pid_ (in_bounded forks): once it
// is dead, pid_ returns and is reaped.
ParkedBounded::~ParkedBounded() {
  if (pid_ <= 0) return;
  kill(parked_ > 0 ? parked_ : pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

ProcUnhidden::ProcUnhidden(std::vector<std::string> paths) : paths_(std::move(paths)) {
  for (const auto& p : paths_) {
    auto a = vsys::get_iattr(p);
    if (!a) {
      error_ = a.error().message();
      return;
    }
    saved_.push_back(a->flags & IATTR_FLAGS);
    if (auto r = vsys::set_iattr(p, IATTR_ADMIN | IATTR_WATCH, IATTR_FLAGS); !r) {
      error_ = r.error().message();
      return;
    }
  }
}

ProcUnhidden::~ProcUnhidden() {
  for (std::size_t i = 0; i < saved_.size(); ++i)
    (void)vsys::set_iattr(paths_[i], saved_[i], IATTR_FLAGS);
}

int write_text(const std::string& path, const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY);
  if (fd < 0) return errno;
  const int rc =
      write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) ? 0 : errno;
  close(fd);
  return rc;
}

long raw_vserver(std::uint32_t cmd, std::uint32_t id, void* data) {
  return vsys::vserver(cmd, id, data);
}

pid_t spawn_init(vsys::xid_t xid) {
  pid_t init = fork();
  if (init == 0) {
    if (!vsys::ctx_migrate(xid, VXM_SET_INIT)) _exit(1);
    for (;;) pause();
  }
  for (int i = 0; i < 200; ++i) {
    if (vsys::vx_info(xid).value_or(vsys::VxInfo{0, 0}).initpid == init) return init;
    usleep(10000);
  }
  kill(init, SIGKILL);
  waitpid(init, nullptr, 0);
  return -1;
}

bool wait_gone(vsys::xid_t xid) {
  for (int i = 0; i < 500; ++i) {
    auto r = vsys::vx_info(xid);
    if (!r && r.error().code() == ESRCH) return true;
    usleep(10000);
  }
  return false;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

pid_t reap_within(pid_t pid, int* status, int ms) {
  pid_t got = 0;
  for (int waited = 0; waited < ms && got == 0; waited += 10) {
    got = waitpid(pid, status, WNOHANG);
    if (got == 0) usleep(10000);
  }
  return got;
}

}  // namespace vtest
