// Helpers of the in-guest test suites: processes parked in contexts, and
// code run in a forked child so that migrations never leak into the runner.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "vsys/context.hpp"

namespace vtest {

// Runs fn in a forked child; returns its exit status (fn's return value),
// or 255 + signal if it died from a signal.
int in_child(const std::function<int()>& fn);

// What a bounded guest gets on top of util-vserver's default bcaps.
struct Bounds {
  std::uint64_t bcaps = 0;  // added to the default bcaps
  std::uint64_t ccaps = 0;
  std::uint64_t umask = 0;
};

// fn run in a child as root of a new guest xid: its own UTS namespace
// (made while still in setup), default bcaps plus the bounds, out of
// setup.  Returns fn's result, or 200..205 for the set-up step that failed.
int in_bounded(vsys::xid_t xid, const Bounds& b, const std::function<int()>& fn);

// A process that runs setup() as root of a new bounded guest xid (as
// in_bounded) and parks there, so that what setup made lives on; value()
// is what setup returned (-1 if it never answered).  The destructor kills
// and reaps it.
class ParkedBounded {
 public:
  ParkedBounded(vsys::xid_t xid, const std::function<int()>& setup, const Bounds& b = {});
  ~ParkedBounded();
  ParkedBounded(const ParkedBounded&) = delete;
  ParkedBounded& operator=(const ParkedBounded&) = delete;
  int value() const { return value_; }

 private:
  pid_t pid_ = -1;
  pid_t parked_ = -1;
  int value_ = -1;
};

// Makes /proc entries visible to guests (IATTR_ADMIN|IATTR_WATCH, as
// vprocunhide does; they start hidden with PROC_SECURE) while it lives,
// then gives them back their flags.
class ProcUnhidden {
 public:
  explicit ProcUnhidden(std::vector<std::string> paths);
  ~ProcUnhidden();
  ProcUnhidden(const ProcUnhidden&) = delete;
  ProcUnhidden& operator=(const ProcUnhidden&) = delete;
  // Empty when every entry was unhidden, else why the first one was not.
  const std::string& error() const { return error_; }

 private:
  std::vector<std::string> paths_;
  std::vector<std::uint32_t> saved_;
  std::string error_;
};

// errno of writing text to path (one write), 0 on success.
int write_text(const std::string& path, const std::string& text);

// errno of a failed libvsys result, 0 on success.
template <class T>
int err_of(const vsys::Result<T>& r) {
  return r ? 0 : r.error().code();
}

// A context kept alive by parked processes (pause()); torn down with
// SIGKILL by the destructor.
class Guest {
 public:
  // Creates context xid with flags (v0 if none) and parks procs processes.
  explicit Guest(vsys::xid_t xid, std::optional<std::uint64_t> flags = VXF_INIT_SET, int procs = 1);
  ~Guest();
  Guest(const Guest&) = delete;
  Guest& operator=(const Guest&) = delete;

  // errno of ctx_create, 0 if the context exists.
  int create_errno() const { return create_errno_; }
  const std::vector<pid_t>& pids() const { return pids_; }
  vsys::xid_t xid() const { return xid_; }
  // Kills every parked process and reaps the first one.
  void stop();

 private:
  vsys::xid_t xid_;
  int create_errno_ = 0;
  std::vector<pid_t> pids_;
};

// The whole content of a file, empty if it cannot be read.
std::string slurp(const std::string& path);

// Raw call for error-path tests that need bad pointers.
long raw_vserver(std::uint32_t cmd, std::uint32_t id, void* data);
// A forked child that migrates into xid as its init (VXM_SET_INIT) and
// parks; its pid once vx_info names it the init, -1 otherwise.
pid_t spawn_init(vsys::xid_t xid);
// Waits until a context is gone (vx_info fails with ESRCH); false on timeout.
bool wait_gone(vsys::xid_t xid);

// Reaps pid if it ends within ms milliseconds (polled every 10 ms);
// returns pid, or 0 if it is still running (then status is unchanged).
pid_t reap_within(pid_t pid, int* status, int ms);

}  // namespace vtest
