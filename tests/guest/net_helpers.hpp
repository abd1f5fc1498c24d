// Helpers of the network suites: socket addresses, host listeners, and
// children entering network contexts on the test addresses of lo
// (10.0.0.1 host, 10.0.0.2 and 10.0.0.3 guests, fd00::1..3 likewise).
#pragma once

#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <string>

#include "cmsg.hpp"
#include "vsys/network.hpp"

namespace vtest {

vsys::NetAddr addr(const char* text);
sockaddr_in sin4(const char* ip, int port);
sockaddr_in6 sin6(const char* ip, int port);
// ip (IPv4 or IPv6 text) and port as a socket address; *len its length.
sockaddr_storage sa_of(const char* ip, int port, socklen_t* len);
// The address part of ss as text.
std::string ip_of(const sockaddr_storage& ss);

// Puts the test addresses on lo; idempotent.
void add_test_addresses();

// errno of binding a new socket of family/type to sa, 0 on success.
template <class S>
int bind_errno(int family, int type, const S& sa) {
  int fd = socket(family, type, 0);
  if (fd < 0) return 300 + errno;
  int rc = bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof(sa)) == 0 ? 0 : errno;
  close(fd);
  return rc;
}

// sendmsg() of one byte to `to` with one control message of level/type
// carrying info; sendmsg's result.
template <class Info, class S>
long send_with_cmsg(int fd, const S& to, int level, int type, const Info& info) {
  return send_cmsg(fd, &to, sizeof(to), 'x', level, type, info);
}

// A TCP listener on sa; -1 on failure.
int listen_on(const sockaddr* sa, socklen_t len);
template <class S>
int listen_on(const S& sa) {
  return listen_on(reinterpret_cast<const sockaddr*>(&sa), sizeof(sa));
}

// Kills and reaps the given children and closes the pipe.
void finish(std::initializer_list<pid_t> pids, const int pipe_fds[2]);

// A network context nid with flags, addresses and ncaps, entered by the
// caller; setup is left.  Returns 0 or a code >= 200.
int enter_net(vsys::nid_t nid, std::uint64_t flags, std::initializer_list<const char*> ips,
              std::uint64_t ncaps = 0);

// What fn returns when run in a child that entered network context nid
// (see enter_net); "enter_net failed: N" if it could not.
std::string in_net(vsys::nid_t nid, std::uint64_t flags, std::initializer_list<const char*> ips,
                   const std::function<std::string()>& fn, std::uint64_t ncaps = 0);

// Runs fn in a child that is root in guest context xid with util-vserver's
// default bcaps (setup left) and in network context xid with 10.0.0.2/24
// and ncaps; returns fn's result, or a code >= 200 if the setup failed.
int in_bounded_guest(vsys::xid_t xid, std::uint64_t ncaps, const std::function<int()>& fn);

// A child parked (pause()) in network context nid, entered with enter_net
// and then changed by setup (run in the child, 0 on success); killed and
// reaped by the destructor, which ends the context.
class ParkedNet {
 public:
  ParkedNet(
      vsys::nid_t nid, std::uint64_t flags, std::initializer_list<const char*> ips,
      const std::function<int()>& setup = [] { return 0; });
  ~ParkedNet();
  ParkedNet(const ParkedNet&) = delete;
  ParkedNet& operator=(const ParkedNet&) = delete;

  // 0, or enter_net's code (>= 200), or setup's, or -1 if it died early.
  int status() const { return status_; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

// Sends one sock_diag dump request (r after its netlink header) and
// returns show() of each answer, concatenated.
std::string diag_dump(const void* req, std::size_t len,
                      const std::function<std::string(const nlmsghdr*)>& show);
template <class Req>
std::string diag_dump(const Req& r, const std::function<std::string(const nlmsghdr*)>& show) {
  return diag_dump(&r, sizeof(r), show);
}

// "port N\n" for each local port inet_diag reports for family/protocol.
std::string diag_ports(int family, int protocol);

// Everything readable from fd until end of file.
std::string read_all(int fd);

// Does text contain what?
inline bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

// The standard output of a shell command.
std::string shell_output(const std::string& cmd);

}  // namespace vtest
