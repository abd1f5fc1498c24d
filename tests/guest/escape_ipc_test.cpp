// SysV IPC, POSIX message queues and the IPC sysctls between contexts
// (issue 12, holes 2, 3 and 5).  The guests of in_bounded() keep the
// host's IPC namespace (they unshare UTS only), as a context made with a
// bare ctx_create does: isolation must hold there too.  Each closed road
// has a test that the old kernel fails and a control showing the action
// still works where it is allowed (same context, the host by id, the
// spectator).
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "vsys/inode.hpp"
#include "vsys/names.hpp"
#include "vsys/space.hpp"

using namespace vtest;

namespace {

// errno of a failed call, 0 on success.
int err(long rc) { return rc < 0 ? errno : 0; }

// A key of this test run.
key_t test_key(int n) { return static_cast<key_t>(0x56580000 + ((getpid() & 0xff) << 8) + n); }

// Is id listed in /proc/sysvipc/<kind> (second column)?
bool listed(const char* kind, int id) {
  std::istringstream in(slurp(std::string("/proc/sysvipc/") + kind));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream f(line);
    long key, lid;
    if (f >> key >> lid && lid == id) return true;
  }
  return false;
}

// 300 + listed: what the guest's read of /proc/sysvipc says.
int listed_code(const char* kind, int id) { return listed(kind, id) ? 301 : 0; }

// Does a SHM_STAT_ANY / MSG_STAT_ANY / SEM_STAT_ANY loop find id?
bool stat_any_finds(int kind, int id) {
  int maxidx = -1;
  if (kind == 0) {
    shm_info info{};
    maxidx = shmctl(0, SHM_INFO, reinterpret_cast<shmid_ds*>(&info));
    for (int i = 0; i <= maxidx; ++i) {
      shmid_ds ds{};
      if (shmctl(i, SHM_STAT_ANY, &ds) == id) return true;
    }
  } else if (kind == 1) {
    msginfo info{};
    maxidx = msgctl(0, MSG_INFO, reinterpret_cast<msqid_ds*>(&info));
    for (int i = 0; i <= maxidx; ++i) {
      msqid_ds ds{};
      if (msgctl(i, MSG_STAT_ANY, &ds) == id) return true;
    }
  } else {
    seminfo info{};
    maxidx = semctl(0, 0, SEM_INFO, &info);
    for (int i = 0; i <= maxidx; ++i) {
      semid_ds ds{};
      if (semctl(i, 0, SEM_STAT_ANY, &ds) == id) return true;
    }
  }
  return false;
}

struct Msg {
  long mtype;
  char text[8];
};

// Makes /proc/sysvipc and /proc/sys visible to guests (as vprocunhide
// would) for the duration of a test.
class EscapeIpcTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(unhidden_.error(), ""); }
  ProcUnhidden unhidden_{{"/proc/sysvipc", "/proc/sysvipc/shm", "/proc/sysvipc/msg",
                          "/proc/sysvipc/sem", "/proc/sys"}};
};

// --- 2. SysV shared memory -------------------------------------------------

TEST_F(EscapeIpcTest, GuestDoesNotReachTheHostsSharedMemory) {
  key_t key = test_key(1);
  int id = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
  ASSERT_GE(id, 0) << strerror(errno);
  auto* p = static_cast<char*>(shmat(id, nullptr, 0));
  ASSERT_NE(p, reinterpret_cast<char*>(-1));
  std::strcpy(p, "host");
  // By key: EACCES; the key stays taken (EEXIST with IPC_EXCL).
  EXPECT_EQ(in_bounded(3201, {}, [&] { return err(shmget(key, 0, 0)); }), EACCES);
  EXPECT_EQ(in_bounded(3201, {}, [&] { return err(shmget(key, 4096, IPC_CREAT | 0600)); }), EACCES);
  EXPECT_EQ(in_bounded(3201, {}, [&] { return err(shmget(key, 4096, IPC_CREAT | IPC_EXCL)); }),
            EEXIST);
  // Listings: /proc/sysvipc/shm, SHM_STAT_ANY over every slot.
  EXPECT_EQ(in_bounded(3201, {}, [&] { return listed_code("shm", id); }), 0);
  EXPECT_EQ(in_bounded(3201, {}, [&] { return stat_any_finds(0, id) ? 1 : 0; }), 0);
  // By id.
  EXPECT_EQ(in_bounded(3201, {},
                       [&] {
                         void* q = shmat(id, nullptr, SHM_RDONLY);
                         return q == reinterpret_cast<void*>(-1) ? errno : 0;
                       }),
            EACCES)
      << "shmat";
  EXPECT_EQ(in_bounded(3201, {},
                       [&] {
                         shmid_ds ds{};
                         return err(shmctl(id, IPC_STAT, &ds));
                       }),
            EACCES);
  EXPECT_EQ(in_bounded(3201, {},
                       [&] {
                         shmid_ds ds{};
                         ds.shm_perm.mode = 0666;
                         return err(shmctl(id, IPC_SET, &ds));
                       }),
            EPERM);
  EXPECT_EQ(in_bounded(3201, {}, [&] { return err(shmctl(id, SHM_LOCK, nullptr)); }), EPERM);
  EXPECT_EQ(in_bounded(3201, {}, [&] { return err(shmctl(id, IPC_RMID, nullptr)); }), EPERM);
  // Controls: the host still has it, lists it and reaches it.
  shmid_ds ds{};
  EXPECT_EQ(err(shmctl(id, IPC_STAT, &ds)), 0);
  EXPECT_EQ(ds.shm_perm.mode & 0777, 0600) << "IPC_SET from the guest changed the mode";
  EXPECT_EQ(shmget(key, 0, 0), id);
  EXPECT_TRUE(listed("shm", id));
  EXPECT_TRUE(stat_any_finds(0, id));
  EXPECT_STREQ(p, "host");
  // The spectator reaches it by key and by id.
  EXPECT_EQ(in_child([&] {
              if (!vsys::ctx_migrate(1, 0)) return 200;
              void* q = shmat(shmget(key, 0, 0), nullptr, SHM_RDONLY);
              if (q == reinterpret_cast<void*>(-1)) return errno;
              return std::strcmp(static_cast<char*>(q), "host") == 0 && listed("shm", id) ? 0 : 1;
            }),
            0);
  shmdt(p);
  EXPECT_EQ(err(shmctl(id, IPC_RMID, nullptr)), 0);
}

// --- 2. SysV message queues --------------------------------------------------

TEST_F(EscapeIpcTest, GuestDoesNotReachTheHostsMessageQueues) {
  key_t key = test_key(2);
  int id = msgget(key, IPC_CREAT | IPC_EXCL | 0600);
  ASSERT_GE(id, 0) << strerror(errno);
  Msg m{1, "host"};
  ASSERT_EQ(msgsnd(id, &m, sizeof(m.text), 0), 0);
  EXPECT_EQ(in_bounded(3202, {}, [&] { return listed_code("msg", id); }), 0);
  EXPECT_EQ(in_bounded(3202, {}, [&] { return stat_any_finds(1, id) ? 1 : 0; }), 0);
  EXPECT_EQ(in_bounded(3202, {}, [&] { return err(msgget(key, 0)); }), EACCES);
  EXPECT_EQ(in_bounded(3202, {},
                       [&] {
                         Msg r{};
                         return err(msgrcv(id, &r, sizeof(r.text), 0, IPC_NOWAIT));
                       }),
            EACCES)
      << "msgrcv";
  EXPECT_EQ(in_bounded(3202, {},
                       [&] {
                         Msg s{2, "guest"};
                         return err(msgsnd(id, &s, sizeof(s.text), IPC_NOWAIT));
                       }),
            EACCES)
      << "msgsnd";
  EXPECT_EQ(in_bounded(3202, {},
                       [&] {
                         msqid_ds ds{};
                         return err(msgctl(id, IPC_STAT, &ds));
                       }),
            EACCES);
  EXPECT_EQ(in_bounded(3202, {}, [&] { return err(msgctl(id, IPC_RMID, nullptr)); }), EPERM);
  // Controls: the host's message is still the only one, and it is listed.
  msqid_ds ds{};
  ASSERT_EQ(err(msgctl(id, IPC_STAT, &ds)), 0);
  EXPECT_EQ(ds.msg_qnum, 1u);
  EXPECT_TRUE(listed("msg", id));
  EXPECT_TRUE(stat_any_finds(1, id));
  Msg r{};
  EXPECT_EQ(msgrcv(id, &r, sizeof(r.text), 0, IPC_NOWAIT), static_cast<ssize_t>(sizeof(r.text)));
  EXPECT_STREQ(r.text, "host");
  EXPECT_EQ(err(msgctl(id, IPC_RMID, nullptr)), 0);
}

// --- 2. SysV semaphores ------------------------------------------------------

TEST_F(EscapeIpcTest, GuestDoesNotReachTheHostsSemaphores) {
  key_t key = test_key(3);
  int id = semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
  ASSERT_GE(id, 0) << strerror(errno);
  ASSERT_EQ(semctl(id, 0, SETVAL, 5), 0);
  EXPECT_EQ(in_bounded(3203, {}, [&] { return listed_code("sem", id); }), 0);
  EXPECT_EQ(in_bounded(3203, {}, [&] { return stat_any_finds(2, id) ? 1 : 0; }), 0);
  EXPECT_EQ(in_bounded(3203, {}, [&] { return err(semget(key, 0, 0)); }), EACCES);
  EXPECT_EQ(in_bounded(3203, {},
                       [&] {
                         sembuf op{0, -1, IPC_NOWAIT};
                         return err(semop(id, &op, 1));
                       }),
            EACCES)
      << "semop";
  EXPECT_EQ(in_bounded(3203, {}, [&] { return err(semctl(id, 0, GETVAL)); }), EACCES);
  EXPECT_EQ(in_bounded(3203, {}, [&] { return err(semctl(id, 0, SETVAL, 0)); }), EACCES);
  EXPECT_EQ(in_bounded(3203, {}, [&] { return err(semctl(id, 0, IPC_RMID)); }), EPERM);
  // Controls.
  EXPECT_EQ(semctl(id, 0, GETVAL), 5);
  EXPECT_TRUE(listed("sem", id));
  EXPECT_TRUE(stat_any_finds(2, id));
  sembuf op{0, -1, IPC_NOWAIT};
  EXPECT_EQ(err(semop(id, &op, 1)), 0);
  EXPECT_EQ(err(semctl(id, 0, IPC_RMID)), 0);
}

// --- 2. between guests; the host by key and by id --------------------------

TEST_F(EscapeIpcTest, GuestObjectsStayInTheirContext) {
  key_t key = test_key(4);
  ParkedBounded owner(3204, [&] { return shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600); });
  const int id = owner.value();
  ASSERT_GE(id, 0);
  // Another guest: neither by key nor by id, not listed.
  EXPECT_EQ(in_bounded(3205, {}, [&] { return err(shmget(key, 0, 0)); }), EACCES);
  EXPECT_EQ(in_bounded(3205, {},
                       [&] {
                         void* q = shmat(id, nullptr, 0);
                         return q == reinterpret_cast<void*>(-1) ? errno : 0;
                       }),
            EACCES);
  EXPECT_EQ(in_bounded(3205, {}, [&] { return err(shmctl(id, IPC_RMID, nullptr)); }), EPERM);
  EXPECT_EQ(in_bounded(3205, {}, [&] { return listed_code("shm", id); }), 0);
  // The host: not by key (a guest that took a key first does not stand in
  // for a host service), but by id (ipcs, IPC_STAT, ipcrm -m).
  EXPECT_EQ(err(shmget(key, 0, 0)), EACCES);
  EXPECT_EQ(err(shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600)), EEXIST);
  shmid_ds ds{};
  EXPECT_EQ(err(shmctl(id, IPC_STAT, &ds)), 0);
  EXPECT_TRUE(listed("shm", id));
  // Control: a second task of the same guest reaches it by key and by id.
  EXPECT_EQ(in_child([&] {
              if (!vsys::ctx_migrate(3204, 0)) return 200;
              if (shmget(key, 0, 0) != id) return 100 + errno;
              void* q = shmat(id, nullptr, 0);
              if (q == reinterpret_cast<void*>(-1)) return errno;
              return listed("shm", id) ? 0 : 1;
            }),
            0);
  // The spectator by key.
  EXPECT_EQ(in_child([&] {
              if (!vsys::ctx_migrate(1, 0)) return 200;
              return shmget(key, 0, 0) == id ? 0 : 100 + errno;
            }),
            0);
  EXPECT_EQ(err(shmctl(id, IPC_RMID, nullptr)), 0) << "ipcrm by the host";
}

// --- 3. POSIX message queues -------------------------------------------------

int mq_open_errno(const std::string& name, int flags) {
  mqd_t q = mq_open(name.c_str(), flags, 0600, nullptr);
  if (q == static_cast<mqd_t>(-1)) return errno;
  mq_close(q);
  return 0;
}

TEST_F(EscapeIpcTest, GuestDoesNotReachTheHostsPosixQueues) {
  std::string name = "/vx-mq-host-" + std::to_string(getpid());
  mqd_t q = mq_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600, nullptr);
  ASSERT_NE(q, static_cast<mqd_t>(-1)) << strerror(errno);
  ASSERT_EQ(mq_send(q, "host", 4, 0), 0);
  EXPECT_EQ(in_bounded(3206, {}, [&] { return mq_open_errno(name, O_RDONLY); }), EACCES);
  EXPECT_EQ(in_bounded(3206, {}, [&] { return mq_open_errno(name, O_WRONLY); }), EACCES);
  EXPECT_EQ(in_bounded(3206, {}, [&] { return mq_open_errno(name, O_CREAT | O_RDWR); }), EACCES);
  EXPECT_EQ(in_bounded(3206, {}, [&] { return mq_open_errno(name, O_CREAT | O_EXCL | O_RDWR); }),
            EEXIST)
      << "the name stays taken";
  EXPECT_EQ(in_bounded(3206, {}, [&] { return err(mq_unlink(name.c_str())); }), EACCES);
  // Controls: the host's queue is still there with its message.
  mq_attr attr{};
  ASSERT_EQ(mq_getattr(q, &attr), 0);
  EXPECT_EQ(attr.mq_curmsgs, 1);
  EXPECT_EQ(mq_open_errno(name, O_RDONLY), 0);
  EXPECT_EQ(in_child([&] {
              if (!vsys::ctx_migrate(1, 0)) return 200;
              return mq_open_errno(name, O_RDONLY);
            }),
            0)
      << "spectator";
  mq_close(q);
  EXPECT_EQ(err(mq_unlink(name.c_str())), 0);
}

// The same queues as files of a mounted mqueue filesystem (mounted by the
// host here; the guest shares the host's mounts).
TEST_F(EscapeIpcTest, MountedQueueFilesTakeTheSameRule) {
  std::string dir = "/tmp/vx-mqueue-" + std::to_string(getpid());
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0);
  ASSERT_EQ(mount("mqueue", dir.c_str(), "mqueue", 0, nullptr), 0) << strerror(errno);
  std::string name = "vx-mq-file-" + std::to_string(getpid());
  std::string path = dir + "/" + name;
  ASSERT_EQ(mq_open_errno("/" + name, O_CREAT | O_EXCL | O_RDWR), 0);
  EXPECT_EQ(in_bounded(3209, {},
                       [&] {
                         int fd = open(path.c_str(), O_RDONLY);
                         if (fd < 0) return errno;
                         close(fd);
                         return 0;
                       }),
            EACCES)
      << "open";
  EXPECT_EQ(in_bounded(3209, {},
                       [&] {
                         struct stat st {};
                         return err(stat(path.c_str(), &st));
                       }),
            EACCES)
      << "stat";
  EXPECT_EQ(in_bounded(3209, {}, [&] { return err(chmod(path.c_str(), 0666)); }), EACCES);
  EXPECT_EQ(in_bounded(3209, {}, [&] { return err(unlink(path.c_str())); }), EACCES);
  // Controls: the host's file is there, mode 0600, and it reads it.
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(slurp(path).find("QSIZE"), std::string::npos);
  EXPECT_EQ(err(unlink(path.c_str())), 0);
  EXPECT_EQ(umount(dir.c_str()), 0);
  rmdir(dir.c_str());
}

TEST_F(EscapeIpcTest, GuestPosixQueuesStayInTheirContext) {
  std::string name = "/vx-mq-guest-" + std::to_string(getpid());
  ParkedBounded owner(3207, [&] { return mq_open_errno(name, O_CREAT | O_EXCL | O_RDWR); });
  ASSERT_EQ(owner.value(), 0);
  EXPECT_EQ(in_bounded(3208, {}, [&] { return mq_open_errno(name, O_RDWR); }), EACCES);
  EXPECT_EQ(in_bounded(3208, {}, [&] { return err(mq_unlink(name.c_str())); }), EACCES);
  EXPECT_EQ(mq_open_errno(name, O_RDWR), EACCES) << "host by name";
  EXPECT_EQ(err(mq_unlink(name.c_str())), EACCES) << "host by name";
  // Control: a second task of the same guest opens and removes it.
  EXPECT_EQ(in_child([&] {
              if (!vsys::ctx_migrate(3207, 0)) return 200;
              return mq_open_errno(name, O_RDWR) ?: err(mq_unlink(name.c_str()));
            }),
            0);
}

// --- 5. IPC sysctls ----------------------------------------------------------

constexpr const char* kMsgmax = "/proc/sys/kernel/msgmax";
constexpr const char* kQueuesMax = "/proc/sys/fs/mqueue/queues_max";

// The host's values of some sysctls, written back when it goes (the
// unfixed kernel lets the guest change them).
class SavedSysctls {
 public:
  explicit SavedSysctls(std::vector<std::string> paths) : paths_(std::move(paths)) {
    for (const auto& p : paths_) values_.push_back(slurp(p));
  }
  ~SavedSysctls() {
    for (std::size_t i = 0; i < paths_.size(); ++i)
      if (slurp(paths_[i]) != values_[i]) (void)write_text(paths_[i].c_str(), values_[i]);
  }
  const std::string& value(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<std::string> paths_;
  std::vector<std::string> values_;
};

TEST_F(EscapeIpcTest, HostIpcSysctlsAreReadOnlyInAGuest) {
  SavedSysctls saved({kMsgmax, kQueuesMax, "/proc/sys/kernel/shmmni", "/proc/sys/kernel/sem"});
  const std::string &msgmax = saved.value(0), &queues = saved.value(1);
  ASSERT_FALSE(msgmax.empty());
  ASSERT_FALSE(queues.empty());
  EXPECT_EQ(in_bounded(3210, {}, [] { return write_text(kMsgmax, "4097"); }), EACCES);
  EXPECT_EQ(in_bounded(3210, {}, [] { return write_text("/proc/sys/kernel/shmmni", "77"); }),
            EACCES);
  EXPECT_EQ(in_bounded(3210, {}, [] { return write_text("/proc/sys/kernel/sem", "1 2 3 4"); }),
            EACCES);
  EXPECT_EQ(in_bounded(3210, {}, [] { return write_text(kQueuesMax, "7"); }), EACCES);
  EXPECT_EQ(slurp(kMsgmax), msgmax);
  EXPECT_EQ(slurp(kQueuesMax), queues);
  // Reads are unchanged.
  EXPECT_EQ(in_bounded(3210, {}, [&] { return slurp(kMsgmax) == msgmax ? 0 : 1; }), 0);
}

TEST_F(EscapeIpcTest, OwnIpcNamespaceSysctlsAreWritable) {
  SavedSysctls saved({kMsgmax, kQueuesMax});
  const std::string &msgmax = saved.value(0), &queues = saved.value(1);
  // Its own namespace (unshared in the guest with NEWIPC in its unshare
  // mask): writable, and the host's values stay.
  int rc = in_bounded(3211, {0, 0, CLONE_NEWIPC}, [] {
    if (unshare(CLONE_NEWIPC) != 0) return 100 + errno;
    if (int e = write_text(kMsgmax, "4097")) return e;
    if (int e = write_text(kQueuesMax, "7")) return 50 + e;
    return slurp(kMsgmax) == "4097\n" ? 0 : 99;
  });
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(slurp(kMsgmax), msgmax);
  EXPECT_EQ(slurp(kQueuesMax), queues);
}

// A namespace the host made and stored as a guest's space is the guest's;
// stored in a second context too, it is nobody's.
TEST_F(EscapeIpcTest, SharedIpcNamespaceSysctlsAreReadOnly) {
  Guest a(3212), b(3213);
  ASSERT_EQ(a.create_errno(), 0);
  ASSERT_EQ(b.create_errno(), 0);
  auto bounded = [](vsys::xid_t xid) {
    return vsys::set_bcaps(xid, {vsys::default_guest_bcaps(), ~0ULL}) &&
           vsys::set_cflags(xid, {0, VXF_STATE_SETUP});
  };
  ASSERT_TRUE(bounded(3212));
  ASSERT_TRUE(bounded(3213));
  // Run fn as a task of xid, in a new IPC namespace stored in the sets of
  // every context of store first.
  auto run = [](std::vector<vsys::xid_t> store, vsys::xid_t xid, const char* value) {
    return in_child([&] {
      if (unshare(CLONE_NEWIPC) != 0) return 100 + errno;
      for (auto x : store)
        if (!vsys::set_space(x, CLONE_NEWIPC)) return 150;
      if (!vsys::ctx_migrate(xid, 0)) return 200;
      return write_text(kMsgmax, value);
    });
  };
  EXPECT_EQ(run({3212}, 3212, "4099"), 0) << "handed over by the host";
  EXPECT_EQ(run({3212, 3213}, 3212, "4099"), EACCES) << "shared by two contexts";
  EXPECT_EQ(run({3212, 3213}, 3213, "4099"), EACCES) << "shared by two contexts";
  EXPECT_EQ(run({}, 3212, "4099"), EACCES) << "a namespace of the host, not stored";
}

}  // namespace
