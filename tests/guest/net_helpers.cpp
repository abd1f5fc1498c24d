#include "net_helpers.hpp"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <signal.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "guest.hpp"
#include "vsys/context.hpp"
#include "vsys/names.hpp"

namespace vtest {

vsys::NetAddr addr(const char* text) { return *vsys::parse_net_addr(text); }

sockaddr_in sin4(const char* ip, int port) {
  sockaddr_in s{};
  s.sin_family = AF_INET;
  s.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, ip, &s.sin_addr);
  return s;
}

sockaddr_in6 sin6(const char* ip, int port) {
  sockaddr_in6 s{};
  s.sin6_family = AF_INET6;
  s.sin6_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET6, ip, &s.sin6_addr);
  return s;
}

sockaddr_storage sa_of(const char* ip, int port, socklen_t* len) {
  sockaddr_storage ss{};
  if (std::strchr(ip, ':')) {
    auto s6 = sin6(ip, port);
    std::memcpy(&ss, &s6, sizeof(s6));
    *len = sizeof(s6);
  } else {
    auto s4 = sin4(ip, port);
    std::memcpy(&ss, &s4, sizeof(s4));
    *len = sizeof(s4);
  }
  return ss;
}

std::string ip_of(const sockaddr_storage& ss) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, buf, sizeof(buf));
  else
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr, buf, sizeof(buf));
  return buf;
}

void add_test_addresses() {
  std::system(
      "ip addr add 10.0.0.1/24 dev lo 2>/dev/null;"
      "ip addr add 10.0.0.2/24 dev lo 2>/dev/null;"
      "ip addr add 10.0.0.3/24 dev lo 2>/dev/null;"
      "ip -6 addr add fd00::1/64 dev lo 2>/dev/null;"
      "ip -6 addr add fd00::2/64 dev lo 2>/dev/null;"
      "ip -6 addr add fd00::3/64 dev lo 2>/dev/null");
}

int listen_on(const sockaddr* sa, socklen_t len) {
  int fd = socket(sa->sa_family, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(fd, sa, len) != 0 || listen(fd, 4) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

void finish(std::initializer_list<pid_t> pids, const int pipe_fds[2]) {
  for (pid_t p : pids) kill(p, SIGKILL);
  for (pid_t p : pids) waitpid(p, nullptr, 0);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
}

int enter_net(vsys::nid_t nid, std::uint64_t flags, std::initializer_list<const char*> ips,
              std::uint64_t ncaps) {
  if (!vsys::net_create(nid, flags | NXF_STATE_SETUP)) return 200;
  for (const char* ip : ips)
    if (!vsys::net_add(nid, addr(ip))) return 201;
  if (ncaps && !vsys::set_ncaps(nid, {ncaps, ncaps})) return 203;
  if (!vsys::set_nflags(nid, {0, NXF_STATE_SETUP})) return 202;
  return 0;
}

std::string in_net(vsys::nid_t nid, std::uint64_t flags, std::initializer_list<const char*> ips,
                   const std::function<std::string()>& fn, std::uint64_t ncaps) {
  int out[2];
  if (pipe(out) != 0) return "pipe failed";
  pid_t pid = fork();
  if (pid == 0) {
    close(out[0]);
    int e = enter_net(nid, flags, ips, ncaps);
    std::string text = e ? "enter_net failed: " + std::to_string(e) : fn();
    bool ok = write(out[1], text.data(), text.size()) == static_cast<ssize_t>(text.size());
    _exit(ok ? 0 : 1);
  }
  close(out[1]);
  std::string text = read_all(out[0]);
  close(out[0]);
  waitpid(pid, nullptr, 0);
  return text;
}

int in_bounded_guest(vsys::xid_t xid, std::uint64_t ncaps, const std::function<int()>& fn) {
  return in_child([&] {
    if (!vsys::ctx_create(xid, VXF_INIT_SET)) return 210;
    if (!vsys::set_bcaps(xid, {vsys::default_guest_bcaps(), ~0ULL})) return 211;
    if (enter_net(xid, NXF_INIT_SET, {"10.0.0.2/24"}, ncaps) != 0) return 212;
    if (!vsys::set_cflags(xid, {0, VXF_STATE_SETUP})) return 213;
    return fn();
  });
}

ParkedNet::ParkedNet(vsys::nid_t nid, std::uint64_t flags, std::initializer_list<const char*> ips,
                     const std::function<int()>& setup) {
  int fds[2];
  if (pipe(fds) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    close(fds[0]);
    int rc = enter_net(nid, flags, ips);
    if (rc == 0) rc = setup();
    if (write(fds[1], &rc, sizeof(rc)) != sizeof(rc) || rc) _exit(1);
    for (;;) pause();
  }
  close(fds[1]);
  if (pid_ > 0 && read(fds[0], &status_, sizeof(status_)) != sizeof(status_)) status_ = -1;
  close(fds[0]);
}

ParkedNet::~ParkedNet() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::string diag_dump(const void* r, std::size_t len,
                      const std::function<std::string(const nlmsghdr*)>& show) {
  alignas(nlmsghdr) char req[NLMSG_SPACE(256)] = {};
  if (len > 256) return "request too long";
  auto* h = reinterpret_cast<nlmsghdr*>(req);
  h->nlmsg_len = static_cast<std::uint32_t>(NLMSG_LENGTH(len));
  h->nlmsg_type = SOCK_DIAG_BY_FAMILY;
  h->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  std::memcpy(NLMSG_DATA(h), r, len);
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return "socket failed";
  if (send(fd, req, h->nlmsg_len, 0) < 0) {
    close(fd);
    return "send failed";
  }
  std::string text;
  alignas(nlmsghdr) char buf[16384];
  for (bool done = false; !done;) {
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    int left = static_cast<int>(n);
    for (auto* m = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(m, left); m = NLMSG_NEXT(m, left)) {
      if (m->nlmsg_type == NLMSG_DONE || m->nlmsg_type == NLMSG_ERROR)
        done = true;
      else
        text += show(m);
    }
  }
  close(fd);
  return text;
}

std::string diag_ports(int family, int protocol) {
  inet_diag_req_v2 r{};
  r.sdiag_family = static_cast<std::uint8_t>(family);
  r.sdiag_protocol = static_cast<std::uint8_t>(protocol);
  r.idiag_states = ~0U;
  return diag_dump(r, [](const nlmsghdr* h) {
    auto* m = static_cast<const inet_diag_msg*>(NLMSG_DATA(h));
    return "port " + std::to_string(ntohs(m->id.idiag_sport)) + "\n";
  });
}

std::string read_all(int fd) {
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;)
    text.append(buf, static_cast<std::size_t>(n));
  return text;
}

std::string shell_output(const std::string& cmd) {
  std::string text;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return text;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof(buf), p)) > 0;) text.append(buf, n);
  pclose(p);
  return text;
}

}  // namespace vtest
