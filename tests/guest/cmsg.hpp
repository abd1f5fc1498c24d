// Control messages of the guest suites: sendmsg() with one control
// message (IP_PKTINFO, SCM_RIGHTS, ...), and descriptors passed over a
// unix socket with a payload.
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

#include <cstring>

namespace vtest {

// sendmsg() on sock of data, addressed to `to` (to_len bytes; null for a
// connected socket), with one control message of level/type carrying
// info; sendmsg's result.
template <class Data, class Info>
ssize_t send_cmsg(int sock, const void* to, socklen_t to_len, const Data& data, int level, int type,
                  const Info& info) {
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(Info))] = {};
  iovec iov{const_cast<Data*>(&data), sizeof(Data)};
  msghdr msg{};
  msg.msg_name = const_cast<void*>(to);
  msg.msg_namelen = to ? to_len : 0;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = level;
  c->cmsg_type = type;
  c->cmsg_len = CMSG_LEN(sizeof(Info));
  std::memcpy(CMSG_DATA(c), &info, sizeof(Info));
  return sendmsg(sock, &msg, 0);
}

// Passes fd (SCM_RIGHTS) with data as payload; true if all of data went.
template <class Data>
bool send_fd(int sock, int fd, const Data& data) {
  return send_cmsg(sock, nullptr, 0, data, SOL_SOCKET, SCM_RIGHTS, fd) ==
         static_cast<ssize_t>(sizeof(Data));
}
inline bool send_fd(int sock, int fd) { return send_fd(sock, fd, 'f'); }

// Receives a descriptor sent by send_fd and its payload into *data; the
// descriptor, or -1 if the payload is short or no descriptor came.
template <class Data>
int recv_fd(int sock, Data* data) {
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  iovec iov{data, sizeof(Data)};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  if (recvmsg(sock, &msg, 0) != static_cast<ssize_t>(sizeof(Data))) return -1;
  const cmsghdr* c = CMSG_FIRSTHDR(&msg);
  if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) return -1;
  int fd = -1;
  std::memcpy(&fd, CMSG_DATA(c), sizeof(int));
  return fd;
}
inline int recv_fd(int sock) {
  char byte;
  return recv_fd(sock, &byte);
}

}  // namespace vtest
