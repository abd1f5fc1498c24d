// LOCKS and MSGQUEUE against the real kernel (docs/limits.md): flock and
// POSIX lock loops stop at LOCKS with ENOLCK (a hit), splits and merges
// are counted as the inode's lock lists hold them, the host and a second
// guest keep locking; mq_open stops at MSGQUEUE with EMFILE; both drain
// to 0 after the guest exits, also for a lock on a file and a queue
// passed to the host; the fork count of cvirt and virt_stat.
#include <fcntl.h>
#include <mqueue.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cmsg.hpp"
#include "guest.hpp"
#include "limit_helpers.hpp"
#include "vsys/context.hpp"
#include "vsys/limit.hpp"

using namespace vtest;
using namespace vtest::limits;

namespace {

// A file for the lock tests, made by the host before the guest starts.
std::string lock_file(vsys::xid_t xid) {
  std::string path = "/tmp/locks" + std::to_string(xid);
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0666);
  if (fd >= 0) {
    (void)!ftruncate(fd, 4096);
    close(fd);
  }
  return path;
}

// fcntl(F_SETLK) of type on [start, start + len) (len 0: to the end).
int posix_lock(int fd, short type, off_t start, off_t len) {
  struct flock fl {};
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = start;
  fl.l_len = len;
  return fcntl(fd, F_SETLK, &fl);
}

// The fields of one row of /proc/virtual/<xid>/limit: current, min,
// max, soft, hard, hits; empty if the row is missing.
std::vector<long long> proc_row(vsys::xid_t xid, const std::string& name) {
  const std::string text = slurp("/proc/virtual/" + std::to_string(xid) + "/limit");
  std::regex row(name + R"(:\t *(-?\d+)\t *(-?\d+)/ *(-?\d+)\t *(-?\d+)/ *(-?\d+)\t *(\d+)\n)");
  std::smatch m;
  if (!std::regex_search(text, m, row)) return {};
  std::vector<long long> v;
  for (int i = 1; i <= 6; ++i) v.push_back(std::stoll(m[i]));
  return v;
}

TEST(LimitLockTest, FlockLoopStopsAtLocksWithEnolck) {
  const std::string path = lock_file(2720);
  Guest other(2721);
  ASSERT_EQ(other.create_errno(), 0);
  const std::string other_path = lock_file(27200);
  int rc = in_limited(
      2720, VLIMIT_LOCKS, 3,
      [&] {
        // flock locks belong to the open file: one open per lock.
        int a = open(other_path.c_str(), O_RDONLY);
        std::vector<int> fds;
        for (int i = 0; i < 3; ++i) fds.push_back(open(path.c_str(), O_RDONLY));
        if (flock(a, LOCK_SH | LOCK_NB) != 0) return 1;
        if (flock(fds[0], LOCK_SH | LOCK_NB) != 0 || flock(fds[1], LOCK_SH | LOCK_NB) != 0)
          return 2;
        if (flock(fds[2], LOCK_SH | LOCK_NB) == 0 || errno != ENOLCK) return 3;
        auto st = vsys::rlimit_stat(2720, VLIMIT_LOCKS);
        if (!st || st->value != 3 || st->hits != 1) return 4;
        // At the limit, converting a held lock links no new one.
        if (flock(a, LOCK_EX | LOCK_NB) != 0 || value_of(2720, VLIMIT_LOCKS) != 3) return 5;
        // An unlock frees one for the next lock.
        if (flock(fds[0], LOCK_UN) != 0 || value_of(2720, VLIMIT_LOCKS) != 2) return 6;
        if (flock(fds[2], LOCK_SH | LOCK_NB) != 0) return 7;
        close(a);
        for (int fd : fds) close(fd);
        return value_of(2720, VLIMIT_LOCKS) == 0 ? 0 : 8;
      },
      true);
  EXPECT_EQ(rc, 0);
  // The row of /proc/virtual/<xid>/limit: nothing held, max 3, hard 3, a hit.
  EXPECT_EQ(proc_row(2720, "LOCKS"), (std::vector<long long>{0, 0, 3, 3, 3, 1}));
  release(2720);
  // Controls: the other guest and the host lock beyond that number.
  EXPECT_EQ(in_child([&] {
              if (!vsys::ctx_migrate(2721)) return 2;
              std::vector<int> fds;
              for (int i = 0; i < 10; ++i) {
                int fd = open(path.c_str(), O_RDONLY);
                if (fd < 0 || flock(fd, LOCK_SH | LOCK_NB) != 0) return 1;
                fds.push_back(fd);
              }
              return value_of(2721, VLIMIT_LOCKS) == 10 ? 0 : 3;
            }),
            0);
  EXPECT_EQ(value_of(2721, VLIMIT_LOCKS), 0);
  std::vector<int> fds;
  for (int i = 0; i < 10; ++i) {
    fds.push_back(open(path.c_str(), O_RDONLY));
    EXPECT_EQ(flock(fds.back(), LOCK_SH | LOCK_NB), 0) << strerror(errno);
  }
  for (int fd : fds) close(fd);
}

// POSIX locks merge and split: the charge is what the lock lists hold.
TEST(LimitLockTest, PosixLocksCountSplitsAndMerges) {
  const std::string path = lock_file(2722);
  int rc = in_limited(2722, VLIMIT_LOCKS, 3, [&] {
    int fd = open(path.c_str(), O_RDWR);
    if (fd < 0) return 1;
    // Two adjacent read locks merge into one.
    if (posix_lock(fd, F_RDLCK, 0, 10) != 0 || posix_lock(fd, F_RDLCK, 10, 10) != 0) return 2;
    if (value_of(2722, VLIMIT_LOCKS) != 1) return 3;
    if (posix_lock(fd, F_RDLCK, 100, 1) != 0 || value_of(2722, VLIMIT_LOCKS) != 2) return 4;
    // A write lock inside the read lock links two (itself and the right
    // part): one too many.
    if (posix_lock(fd, F_WRLCK, 5, 1) == 0 || errno != ENOLCK) return 5;
    if (value_of(2722, VLIMIT_LOCKS) != 2) return 6;
    // Replacing a whole lock by one of another type links none more.
    if (posix_lock(fd, F_WRLCK, 100, 1) != 0 || value_of(2722, VLIMIT_LOCKS) != 2) return 7;
    if (posix_lock(fd, F_RDLCK, 200, 1) != 0) return 8;
    if (posix_lock(fd, F_RDLCK, 300, 1) == 0 || errno != ENOLCK) return 9;
    // An unlock is never refused: splitting [0, 20) passes the limit by one.
    if (posix_lock(fd, F_UNLCK, 5, 1) != 0 || value_of(2722, VLIMIT_LOCKS) != 4) return 10;
    auto st = vsys::rlimit_stat(2722, VLIMIT_LOCKS);
    if (!st || st->hits != 2 || st->maximum != 4) return 11;
    if (posix_lock(fd, F_UNLCK, 0, 0) != 0 || value_of(2722, VLIMIT_LOCKS) != 0) return 12;
    // Locks die with the descriptor too.
    if (posix_lock(fd, F_WRLCK, 0, 1) != 0 || value_of(2722, VLIMIT_LOCKS) != 1) return 13;
    close(fd);
    return value_of(2722, VLIMIT_LOCKS) == 0 ? 0 : 14;
  });
  EXPECT_EQ(rc, 0);
  // Control: the host holds many POSIX locks on one file.
  int fd = open(path.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(posix_lock(fd, F_WRLCK, 2 * i, 1), 0);
  close(fd);
}

// A flock lives with the open file: passed to the host, it stays charged
// to the guest that opened the file, whoever holds or changes it, until
// the host closes it, after the guest is gone.
TEST(LimitLockTest, LocksDrainAfterTheGuestExits) {
  const std::string path = lock_file(2723);
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  int rc = in_limited(
      2723, VLIMIT_LOCKS, 5,
      [&] {
        int fd = open(path.c_str(), O_RDWR);
        if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) return 1;
        // A POSIX lock too: it goes when the guest's descriptor closes.
        if (posix_lock(fd, F_WRLCK, 0, 1) != 0) return 2;
        if (value_of(2723, VLIMIT_LOCKS) != 2) return 3;
        return send_fd(sv[1], fd) ? 0 : 4;
      },
      true);
  ASSERT_EQ(rc, 0);
  EXPECT_EQ(value_of(2723, VLIMIT_NPROC), 0);
  EXPECT_EQ(value_of(2723, VLIMIT_LOCKS), 1) << "the flock of the file in flight";
  int fd = recv_fd(sv[0]);
  ASSERT_GE(fd, 0);
  // The host converts the lock: still the guest's file, still its charge.
  EXPECT_EQ(flock(fd, LOCK_SH | LOCK_NB), 0);
  EXPECT_EQ(value_of(2723, VLIMIT_LOCKS), 1);
  // Control: another open of the file cannot take an exclusive lock.
  int other = open(path.c_str(), O_RDONLY);
  EXPECT_NE(flock(other, LOCK_EX | LOCK_NB), 0);
  close(other);
  close(fd);
  EXPECT_EQ(value_of(2723, VLIMIT_LOCKS), 0);
  EXPECT_EQ(value_of(2723, VLIMIT_NOFILE), 0);
  close(sv[0]);
  close(sv[1]);
  release(2723);
}

// Queue names of one test.
std::string queue_name(vsys::xid_t xid, int i) {
  return "/vs" + std::to_string(xid) + "_" + std::to_string(i);
}

mqd_t make_queue(const std::string& name) {
  mq_attr attr{};
  attr.mq_maxmsg = 4;
  attr.mq_msgsize = 64;
  return mq_open(name.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
}

TEST(LimitLockTest, MqOpenLoopStopsAtMsgqueueWithEmfile) {
  constexpr long kLimit = 4000;
  Guest other(2725);
  ASSERT_EQ(other.create_errno(), 0);
  int rc = in_limited(2724, VLIMIT_MSGQUEUE, kLimit, [] {
    std::vector<mqd_t> qs;
    int err = 0;
    for (int i = 0; i < 50; ++i) {
      mqd_t q = make_queue(queue_name(2724, i));
      if (q == static_cast<mqd_t>(-1)) {
        err = errno;
        break;
      }
      if (mq_send(q, "hello", 5, 0) != 0) return 1;
      qs.push_back(q);
    }
    auto st = vsys::rlimit_stat(2724, VLIMIT_MSGQUEUE);
    const long n = static_cast<long>(qs.size());
    for (int i = 0; i < n; ++i) {
      mq_close(qs[i]);
      mq_unlink(queue_name(2724, i).c_str());
    }
    if (err != EMFILE || n < 1) return 2;
    // Each queue charges its room (4 x 64 bytes and their headers), as
    // RLIMIT_MSGQUEUE counts it: as many as fit, not one more.
    if (!st || st->hits != 1 || st->value % n != 0) return 3;
    const long per_queue = static_cast<long>(st->value) / n;
    if (per_queue < 4 * 64 || n != kLimit / per_queue) return 4;
    return settles(2724, VLIMIT_MSGQUEUE, 0) ? 0 : 5;
  });
  EXPECT_EQ(rc, 0);
  // Controls: the other guest and the host make more queues than that.
  EXPECT_EQ(in_child([] {
              if (!vsys::ctx_migrate(2725)) return 2;
              int made = 0;
              for (int i = 0; i < 20; ++i) {
                mqd_t q = make_queue(queue_name(2725, i));
                if (q != static_cast<mqd_t>(-1)) {
                  ++made;
                  mq_close(q);
                }
              }
              const long long charged = value_of(2725, VLIMIT_MSGQUEUE);
              for (int i = 0; i < 20; ++i) mq_unlink(queue_name(2725, i).c_str());
              return made == 20 && charged > kLimit ? 0 : 1;
            }),
            0);
  EXPECT_TRUE(settles(2725, VLIMIT_MSGQUEUE, 0));
  for (int i = 0; i < 20; ++i) {
    mqd_t q = make_queue(queue_name(0, i));
    EXPECT_NE(q, static_cast<mqd_t>(-1)) << strerror(errno);
    mq_close(q);
  }
  for (int i = 0; i < 20; ++i) mq_unlink(queue_name(0, i).c_str());
}

// A queue that outlives the guest keeps its charge until its inode goes:
// the guest unlinks it (host and guest never reach each other's queues by
// name) and passes its descriptor to the host, which closes it later.
TEST(LimitLockTest, MsgqueueDrainsAfterTheGuestExits) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  int rc = in_limited(
      2726, VLIMIT_MSGQUEUE, 100000,
      [&] {
        mqd_t q = make_queue(queue_name(2726, 0));
        if (q == static_cast<mqd_t>(-1)) return 1;
        if (mq_send(q, "kept", 4, 0) != 0) return 2;
        if (mq_unlink(queue_name(2726, 0).c_str()) != 0) return 3;
        if (value_of(2726, VLIMIT_MSGQUEUE) <= 0) return 4;
        return send_fd(sv[1], q) ? 0 : 5;
      },
      true);
  ASSERT_EQ(rc, 0);
  EXPECT_EQ(value_of(2726, VLIMIT_NPROC), 0);
  const long long charged = value_of(2726, VLIMIT_MSGQUEUE);
  EXPECT_GT(charged, 0);
  auto row = proc_row(2726, "MSGQ");
  ASSERT_EQ(row.size(), 6u);
  EXPECT_EQ(row[0], charged);
  EXPECT_EQ(row[4], 100000);
  const mqd_t q = recv_fd(sv[0]);
  ASSERT_GE(q, 0);
  // The host reads the guest's message: the queue is alive, still charged.
  char buf[64];
  EXPECT_EQ(mq_receive(q, buf, sizeof(buf), nullptr), 4);
  EXPECT_EQ(value_of(2726, VLIMIT_MSGQUEUE), charged);
  close(q);
  EXPECT_TRUE(settles(2726, VLIMIT_MSGQUEUE, 0));
  close(sv[0]);
  close(sv[1]);
  release(2726);
}

// total_forks (cvirt) and nr_forks (virt_stat): the forks of the context.
TEST(LimitLockTest, ForksAreCounted) {
  int rc = in_limited(
      2727, VLIMIT_NPROC, 100,
      [] {
        for (int i = 0; i < 5; ++i) {
          pid_t p = fork();
          if (p == 0) _exit(0);
          if (p < 0 || waitpid(p, nullptr, 0) != p) return 1;
        }
        auto vs = vsys::virt_stat(2727);
        return vs && vs->nr_forks == 5 ? 0 : 2;
      },
      true);
  EXPECT_EQ(rc, 0);
  const std::string cvirt = slurp("/proc/virtual/2727/cvirt");
  EXPECT_NE(cvirt.find("total_forks:\t5\n"), std::string::npos) << cvirt;
  // A refused fork is not counted.
  ASSERT_TRUE(hard(2727, VLIMIT_NPROC, 1));
  EXPECT_EQ(in_child([] {
              if (!vsys::ctx_migrate(2727)) return 2;
              pid_t p = fork();
              if (p == 0) _exit(0);
              return p < 0 && errno == EAGAIN ? 0 : 1;
            }),
            0);
  auto vs = vsys::virt_stat(2727);
  ASSERT_TRUE(vs);
  EXPECT_EQ(vs->nr_forks, 5u);
  // The host's forks are not.
  EXPECT_EQ(in_child([] { return 0; }), 0);
  EXPECT_EQ(vsys::virt_stat(2727)->nr_forks, 5u);
  release(2727);
}

}  // namespace
