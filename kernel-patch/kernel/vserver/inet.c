// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: network isolation of sockets.
 *
 * A socket belongs to the network context of the task that created it.
 * A guest socket may only bind the guest's addresses (INADDR_ANY becomes
 * the first one with SINGLE_IP, 127.0.0.1 the guest's own loopback with
 * LBACK_REMAP), its outgoing connections and datagrams leave from one of
 * the guest's addresses, and a socket bound to INADDR_ANY only receives
 * what is addressed to the guest.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/lsm_hooks.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/vserver.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <uapi/linux/in6.h>
#include <net/sock.h>

#include "inet.h"
#include "limit.h"
#include "network.h"

static int hook_sk_alloc_security(struct sock *sk, int family, gfp_t priority)
{
	struct nx_info *nxi;

	/*
	 * The blob starts zeroed: no context.  A socket allocated outside
	 * task context (a connection accepted in softirq) gets its context
	 * from its parent in hook_sk_clone_security(), never from whatever
	 * task the interrupt hit.
	 */
	if (!vx_guests_present() || !in_task())
		return 0;
	nxi = nx_current();
	if (nxi)
		refcount_inc(&nxi->ident.usecnt);
	nx_sock(sk)->nxi = nxi;
	nx_sock(sk)->xid = vx_task_id(current, VX_SLOT_XID);
	vx_limit_sk_alloc(sk);
	return 0;
}

static void hook_sk_free_security(struct sock *sk)
{
	vx_limit_sk_free(sk);
	if (!nx_sock(sk)->nxi)
		return;
	nx_put(nx_sock(sk)->nxi);
	nx_sock(sk)->nxi = NULL;
}

static void hook_sk_clone_security(const struct sock *sk, struct sock *newsk)
{
	struct nx_info *nxi = sk->sk_security ? READ_ONCE(nx_sock(sk)->nxi) : NULL;

	if (nxi)
		refcount_inc(&nxi->ident.usecnt);
	if (nx_sock(newsk)->nxi)	/* set by an allocation in task context */
		nx_put(nx_sock(newsk)->nxi);
	nx_sock(newsk)->nxi = nxi;
	nx_sock(newsk)->xid = sk->sk_security ? nx_sock(sk)->xid : 0;
	vx_limit_sk_clone(sk, newsk);
}

/*
 * A guest at its NSOCK limit gets no socket (limit.c); a guest without
 * an address of a family cannot use the family.
 */
static int hook_socket_create(int family, int type, int protocol, int kern)
{
	struct nx_info *nxi;
	int err;

	if (!vx_guests_present())
		return 0;
	err = vx_limit_socket_create(kern);
	if (err)
		return err;
	nxi = nx_current();
	if (kern || !nxi)
		return 0;
	spin_lock_bh(&nxi->ident.lock);
	if (family == AF_INET && !nxi->addrs.n4 &&
	    !(nxi->ident.flags & NXF_LBACK_REMAP))
		err = -EAFNOSUPPORT;
	if (family == AF_INET6 && !nxi->addrs.n6)
		err = -EAFNOSUPPORT;
	spin_unlock_bh(&nxi->ident.lock);
	return err;
}

static int nx_bind4(struct nx_info *nxi, struct sockaddr_in *sin)
{
	int err;

	spin_lock_bh(&nxi->ident.lock);
	err = nx_v4_map_bind(&nxi->addrs, nxi->ident.flags,
			     nxi->ncaps & NXC_MULTICAST, &sin->sin_addr.s_addr);
	spin_unlock_bh(&nxi->ident.lock);
	return err;
}

static int nx_bind6(struct nx_info *nxi, struct in6_addr *addr)
{
	int err;

	spin_lock_bh(&nxi->ident.lock);
	err = nx_v6_map_bind(&nxi->addrs, nxi->ident.flags,
			     nxi->ncaps & NXC_MULTICAST, addr);
	spin_unlock_bh(&nxi->ident.lock);
	return err;
}

/*
 * What an IPv4 socket's bind() reads as an IPv4 address: inet_bind() and
 * ping take AF_UNSPEC with INADDR_ANY for AF_INET (it is made AF_INET
 * here, so that the address the rules give it is taken too), raw_bind()
 * reads the address whatever the family.
 */
static bool nx_bind_is_ipv4(struct socket *sock, struct sockaddr_in *sin)
{
	if (sin->sin_family == AF_UNSPEC &&
	    sin->sin_addr.s_addr == htonl(INADDR_ANY))
		sin->sin_family = AF_INET;
	return sin->sin_family == AF_INET || sock->type == SOCK_RAW;
}

static int hook_socket_bind(struct socket *sock, struct sockaddr *address,
			    int addrlen)
{
	struct nx_info *nxi = nx_sk(sock->sk);

	if (!nxi)
		return 0;
	if (sock->sk->sk_family == AF_INET &&
	    addrlen >= sizeof(struct sockaddr_in) &&
	    nx_bind_is_ipv4(sock, (struct sockaddr_in *)address))
		return nx_bind4(nxi, (struct sockaddr_in *)address);
	if (sock->sk->sk_family == AF_INET6 &&
	    address->sa_family == AF_INET6 &&
	    addrlen >= SIN6_LEN_RFC2133)
		return nx_bind6(nxi,
				&((struct sockaddr_in6 *)address)->sin6_addr);
	return 0;
}

/* Datagram and raw sockets: no connection state keyed by the source. */
static bool nx_sends_datagrams(const struct socket *sock)
{
	return sock->type == SOCK_DGRAM || sock->type == SOCK_RAW;
}

/*
 * A datagram or raw socket bound to INADDR_ANY (without SINGLE_IP; a raw
 * socket is never bound by default) sends from inet_saddr when it is
 * set, else from what routing picks, which may be one of the host's
 * addresses.  Before each connect or sendto, point it at the guest's
 * source for the destination; it still receives on every guest address
 * (inet_rcv_saddr stays INADDR_ANY).  IPv6 likewise with the socket's
 * saddr (nx_connect6()).
 *
 * The protocol reads the source later, without the socket lock: a
 * connect(AF_UNSPEC) from a second thread in between (__udp_disconnect())
 * reset it to INADDR_ANY and the datagram left from the host's address.
 * SOCK_BINDADDR_LOCK, set with the source under the socket lock, keeps
 * the disconnect from resetting it, so whatever the interleaving the
 * source read is one the rules gave (a concurrent send to another
 * destination may have picked another address of the guest).
 */
static void nx_any_source(struct socket *sock, __be32 src)
{
	struct sock *sk = sock->sk;

	if (!nx_sends_datagrams(sock) || !src)
		return;
	lock_sock(sk);
	if (inet_sk(sk)->inet_rcv_saddr == htonl(INADDR_ANY)) {
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
		WRITE_ONCE(inet_sk(sk)->inet_saddr, src);
	}
	release_sock(sk);
}

static void nx_any_source6(struct socket *sock, const struct in6_addr *src)
{
	struct sock *sk = sock->sk;

	if (!nx_sends_datagrams(sock))
		return;
	lock_sock(sk);
	if (ipv6_addr_any(&sk->sk_v6_rcv_saddr)) {
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
		inet6_sk(sk)->saddr = *src;
	}
	release_sock(sk);
}

/*
 * Before the first connect or send of an unbound socket, bind it to the
 * guest's source address for @daddr, so the routing never picks one of
 * the host's.  The destination may be rewritten (loopback remap).  An
 * IPv6 socket here sends IPv4 (a v4-mapped destination, or an AF_INET
 * address given to sendmsg()): the same rules, and it is bound to the
 * v4-mapped source.
 */
static int nx_connect4(struct socket *sock, struct nx_info *nxi,
		       __be32 *daddr)
{
	union {
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
	} src = {};
	__be32 s4 = 0;
	int err, len;

	spin_lock_bh(&nxi->ident.lock);
	err = nx_v4_map_connect(&nxi->addrs, nxi->ident.flags, daddr);
	if (!err)
		s4 = nx_v4_source(&nxi->addrs, *daddr);
	spin_unlock_bh(&nxi->ident.lock);
	if (err)
		return err;
	if (inet_sk(sock->sk)->inet_num) {
		nx_any_source(sock, s4);
		return 0;
	}
	if (!s4)
		return -EPERM;
	if (sock->sk->sk_family == AF_INET6) {
		src.v6.sin6_family = AF_INET6;
		ipv6_addr_set_v4mapped(s4, &src.v6.sin6_addr);
		len = sizeof(src.v6);
	} else {
		src.v4.sin_family = AF_INET;
		src.v4.sin_addr.s_addr = s4;
		len = sizeof(src.v4);
	}
	return kernel_bind(sock, (struct sockaddr *)&src, len);
}

static int nx_connect6(struct socket *sock, struct nx_info *nxi,
		       const struct in6_addr *daddr)
{
	struct sockaddr_in6 src = { .sin6_family = AF_INET6 };
	bool found = false;
	int i;

	/* The kernel routes :: to the loopback, like ::1. */
	if (ipv6_addr_any(daddr) || ipv6_addr_loopback(daddr))
		return (nxi->ident.flags & NXF_LBACK_ALLOW) ? 0 : -EPERM;
	spin_lock_bh(&nxi->ident.lock);
	for (i = 0; i < nxi->addrs.n6 && !found; i++) {
		if (nxi->addrs.v6[i].type != NXA_TYPE_ADDR)
			continue;
		src.sin6_addr = nxi->addrs.v6[i].ip;
		found = true;
	}
	spin_unlock_bh(&nxi->ident.lock);
	if (inet_sk(sock->sk)->inet_num) {
		if (found)
			nx_any_source6(sock, &src.sin6_addr);
		return 0;
	}
	if (!found)
		return -EPERM;
	return kernel_bind(sock, (struct sockaddr *)&src, sizeof(src));
}

/*
 * The destination of a connect() or of a sendmsg() (@send): what the
 * protocol will read from @address decides which rule applies.
 * udp_sendmsg() and raw_sendmsg() take an AF_UNSPEC address for AF_INET;
 * an IPv6 datagram socket sends to, and connects to (ip6_datagram_connect()),
 * an AF_INET address over IPv4.
 */
static int nx_outgoing(struct socket *sock, struct sockaddr *address,
		       int addrlen, bool send)
{
	struct nx_info *nxi = nx_sk(sock->sk);
	int own = sock->sk->sk_family;
	sa_family_t family;

	if (!nxi || !address ||
	    addrlen < offsetofend(struct sockaddr, sa_family))
		return 0;
	family = address->sa_family;
	if (send && family == AF_UNSPEC && own == AF_INET)
		family = AF_INET;
	if (family == AF_INET && addrlen >= sizeof(struct sockaddr_in)) {
		__be32 *daddr = &((struct sockaddr_in *)address)->sin_addr.s_addr;

		if (own == AF_INET ||
		    (own == AF_INET6 && (send || sock->type == SOCK_DGRAM)))
			return nx_connect4(sock, nxi, daddr);
	}
	if (family == AF_INET6 && own == AF_INET6 &&
	    addrlen >= SIN6_LEN_RFC2133) {
		struct in6_addr *daddr = &((struct sockaddr_in6 *)address)->sin6_addr;

		if (ipv6_addr_v4mapped(daddr))
			return nx_connect4(sock, nxi, &daddr->s6_addr32[3]);
		return nx_connect6(sock, nxi, daddr);
	}
	return 0;
}

static int hook_socket_connect(struct socket *sock, struct sockaddr *address,
			       int addrlen)
{
	return nx_outgoing(sock, address, addrlen, false);
}

/*
 * An explicit source address (IP_PKTINFO, IPV6_PKTINFO and its RFC 2292
 * form) must be the guest's.  IP_PKTINFO with no address would replace
 * the socket's source by the routing's choice: it gets the socket's
 * source, or the guest's first address.
 */
static int nx_check_pktinfo(struct socket *sock, struct nx_info *nxi,
			    struct msghdr *msg)
{
	struct cmsghdr *cmsg;
	bool ok = true;
	__be32 saddr;

	if (!msg->msg_controllen || msg->msg_control_is_user)
		return 0;
	saddr = READ_ONCE(inet_sk(sock->sk)->inet_saddr);
	spin_lock_bh(&nxi->ident.lock);
	for_each_cmsghdr(cmsg, msg) {
		if (!CMSG_OK(msg, cmsg))
			break;
		if (cmsg->cmsg_level == SOL_IP && cmsg->cmsg_type == IP_PKTINFO &&
		    cmsg->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
			struct in_pktinfo *pi = (struct in_pktinfo *)CMSG_DATA(cmsg);

			if (!pi->ipi_spec_dst.s_addr)
				pi->ipi_spec_dst.s_addr = saddr ?:
					nx_v4_source(&nxi->addrs, 0);
			if (!nx_v4_has(&nxi->addrs, pi->ipi_spec_dst.s_addr))
				ok = false;
		}
		if (cmsg->cmsg_level == SOL_IPV6 &&
		    (cmsg->cmsg_type == IPV6_PKTINFO ||
		     cmsg->cmsg_type == IPV6_2292PKTINFO) &&
		    cmsg->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo *pi = (struct in6_pktinfo *)CMSG_DATA(cmsg);

			if (!ipv6_addr_any(&pi->ipi6_addr) &&
			    !nx_v6_has(&nxi->addrs, &pi->ipi6_addr))
				ok = false;
		}
	}
	spin_unlock_bh(&nxi->ident.lock);
	return ok ? 0 : -EPERM;
}

static int hook_socket_sendmsg(struct socket *sock, struct msghdr *msg,
			       int size)
{
	struct nx_info *nxi = nx_sk(sock->sk);
	int err;

	if (!nxi)
		return 0;
	/* TCP fast open connects in sendmsg(). */
	if (msg->msg_name &&
	    (nx_sends_datagrams(sock) || (msg->msg_flags & MSG_FASTOPEN))) {
		err = nx_outgoing(sock, msg->msg_name, msg->msg_namelen, true);
		if (err)
			return err;
	}
	return nx_check_pktinfo(sock, nxi, msg);
}

/*
 * Joining a multicast group needs NXC_MULTICAST.  Writing its own IP
 * headers (any source address) needs CAP_NET_RAW itself: RAW_ICMP grants
 * ping's raw socket, not a way around the source rules.
 */
static int hook_socket_setsockopt(struct socket *sock, int level, int optname)
{
	struct nx_info *nxi = nx_sk(sock->sk);

	if (!nxi)
		return 0;
	if (nx_mcast_join(level, optname))
		return (READ_ONCE(nxi->ncaps) & NXC_MULTICAST) ? 0 : -EPERM;
	if (nx_hdrincl(level, optname) &&
	    !ns_capable(sock_net(sock->sk)->user_ns, CAP_NET_RAW))
		return -EPERM;
	return 0;
}

/* Is the destination of @skb (IPv4 or IPv6) one of the guest's addresses? */
static bool nx_skb_for_guest(struct nx_info *nxi, struct sk_buff *skb)
{
	bool ok = true;

	spin_lock_bh(&nxi->ident.lock);
	if (skb->protocol == htons(ETH_P_IP))
		ok = nx_v4_has(&nxi->addrs, ip_hdr(skb)->daddr) ||
		     ipv4_is_multicast(ip_hdr(skb)->daddr);
	else if (skb->protocol == htons(ETH_P_IPV6))
		ok = nx_v6_has(&nxi->addrs, &ipv6_hdr(skb)->daddr) ||
		     ipv6_addr_is_multicast(&ipv6_hdr(skb)->daddr) ||
		     (ipv6_addr_loopback(&ipv6_hdr(skb)->daddr) &&
		      (nxi->ident.flags & NXF_LBACK_ALLOW));
	spin_unlock_bh(&nxi->ident.lock);
	return ok;
}

/* A guest socket bound to the any address receives only the guest's traffic. */
static int hook_socket_sock_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	struct nx_info *nxi = nx_sk(sk);

	if (!nxi)
		return 0;
	if (sk->sk_family == AF_INET &&
	    inet_sk(sk)->inet_rcv_saddr != htonl(INADDR_ANY))
		return 0;
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6 && !ipv6_addr_any(&sk->sk_v6_rcv_saddr))
		return 0;
#endif
	if (sk->sk_family != AF_INET && sk->sk_family != AF_INET6)
		return 0;
	return nx_skb_for_guest(nxi, skb) ? 0 : -EPERM;
}

static struct security_hook_list nx_inet_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(sk_alloc_security, hook_sk_alloc_security),
	LSM_HOOK_INIT(sk_free_security, hook_sk_free_security),
	LSM_HOOK_INIT(sk_clone_security, hook_sk_clone_security),
	LSM_HOOK_INIT(socket_create, hook_socket_create),
	LSM_HOOK_INIT(socket_bind, hook_socket_bind),
	LSM_HOOK_INIT(socket_connect, hook_socket_connect),
	LSM_HOOK_INIT(socket_sendmsg, hook_socket_sendmsg),
	LSM_HOOK_INIT(socket_setsockopt, hook_socket_setsockopt),
	LSM_HOOK_INIT(socket_sock_rcv_skb, hook_socket_sock_rcv_skb),
};

/**
 * nx_add_inet_hooks() - register the socket hooks
 */
void __init nx_add_inet_hooks(void)
{
	security_add_hooks(nx_inet_hooks, ARRAY_SIZE(nx_inet_hooks), &vx_lsmid);
}
