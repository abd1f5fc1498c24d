// Helpers of the limit suites (limit_test.cpp, limit_lock_test.cpp): set
// a hard limit, read a value, run a function in a fresh limited guest.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <functional>
#include <vector>

#include "guest.hpp"
#include "vsys/context.hpp"
#include "vsys/limit.hpp"

namespace vtest::limits {

// Sets the hard limit only.
inline vsys::Result<void> hard(vsys::xid_t xid, std::uint32_t id, std::uint64_t value) {
  return vsys::set_rlimit(xid, id, {CRLIM_KEEP, CRLIM_KEEP, value});
}

// The value of one limit now, -1 if it cannot be read.
inline long long value_of(vsys::xid_t xid, std::uint32_t id) {
  auto st = vsys::rlimit_stat(xid, id);
  return st ? static_cast<long long>(st->value) : -1;
}

// Waits (up to 5 s) for a limit of xid to reach want: sockets and
// semaphore sets are freed after an RCU grace period or a TCP close.
inline bool settles(vsys::xid_t xid, std::uint32_t id, long long want) {
  for (int i = 0; i < 500; ++i) {
    if (value_of(xid, id) == want) return true;
    usleep(10000);
  }
  return false;
}

// In a forked child: a new context xid (persistent if asked, so that its
// counters can be read after its tasks are gone), limit id at hard, out of
// setup, then fn.  Returns fn's result, or 200..203 for a set-up step.
inline int in_limited(vsys::xid_t xid, std::uint32_t id, std::uint64_t limit,
                      const std::function<int()>& fn, bool persistent = false) {
  return in_child([&] {
    if (!vsys::ctx_create(xid, VXF_INIT_SET | (persistent ? VXF_PERSISTENT : 0))) return 200;
    if (!hard(xid, id, limit)) return 201;
    if (!vsys::set_cflags(xid, {0, VXF_STATE_SETUP})) return 202;
    return fn();
  });
}

// Lets a persistent context go.
inline void release(vsys::xid_t xid) {
  (void)vsys::set_cflags(xid, {0, VXF_PERSISTENT});
  wait_gone(xid);
}

// Calls make() up to max times, keeping what it returns, until it fails:
// the errno of that failure, 0 if none failed.
inline int make_until_error(int max, const std::function<int()>& make, std::vector<int>& made) {
  for (int i = 0; i < max; ++i) {
    const int v = make();
    if (v < 0) return errno;
    made.push_back(v);
  }
  return 0;
}

}  // namespace vtest::limits
