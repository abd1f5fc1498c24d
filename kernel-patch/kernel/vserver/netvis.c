// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: what a guest sees of the network.
 *
 * With NXF_HIDE_NETIF a guest's interface listings (rtnetlink dumps,
 * /proc/net/dev, SIOCGIFCONF, /proc/net/if_inet6) show only the
 * interfaces that carry one of its addresses, and only those addresses;
 * it binds sockets (SO_BINDTODEVICE, SO_BINDTOIFINDEX) only to those,
 * and its route listings (/proc/net/route, ipv6_route, RTM_GETROUTE dumps)
 * show only the routes through them, local routes only to its addresses.
 * Socket listings (/proc/net/{tcp,udp,raw,unix}*, inet_diag, unix_diag)
 * show a guest only its own sockets.  With NXF_HIDE_LBACK the guest's
 * loopback address reads as 127.0.0.1.
 */

#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/vserver.h>
#include <net/addrconf.h>
#include <net/ip6_fib.h>
#include <net/ip_fib.h>
#include <net/nexthop.h>
#include <net/if_inet6.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "network.h"

/* current's network context when it hides interfaces, else NULL */
static struct nx_info *nx_hiding_netif(void)
{
	struct nx_info *nxi = nx_current();

	return nxi && (READ_ONCE(nxi->ident.flags) & NXF_HIDE_NETIF) ? nxi : NULL;
}

static bool nx_v4_shown_to(struct nx_info *nxi, __be32 addr)
{
	bool shown;

	spin_lock_bh(&nxi->ident.lock);
	shown = nx_v4_shown(&nxi->addrs, nxi->ident.flags, addr);
	spin_unlock_bh(&nxi->ident.lock);
	return shown;
}

static bool nx_v6_shown_to(struct nx_info *nxi, const struct in6_addr *addr)
{
	bool shown;

	spin_lock_bh(&nxi->ident.lock);
	shown = nx_v6_shown(&nxi->addrs, nxi->ident.flags, addr);
	spin_unlock_bh(&nxi->ident.lock);
	return shown;
}

bool __nx_ifa4_visible(const struct in_ifaddr *ifa)
{
	struct nx_info *nxi = nx_hiding_netif();

	return !nxi || nx_v4_shown_to(nxi, ifa->ifa_local);
}

bool __nx_ifa6_visible(const struct inet6_ifaddr *ifa)
{
	struct nx_info *nxi = nx_hiding_netif();

	return !nxi || nx_v6_shown_to(nxi, &ifa->addr);
}

/* Does @dev carry an address shown to @nxi?  RCU and @nxi->ident.lock held. */
static bool nx_dev_carries(struct nx_info *nxi, const struct net_device *dev)
{
	const struct in_device *in_dev = __in_dev_get_rcu(dev);
	const struct inet6_dev *idev = __in6_dev_get(dev);
	const struct inet6_ifaddr *ifa6;
	const struct in_ifaddr *ifa;

	if (in_dev)
		in_dev_for_each_ifa_rcu(ifa, in_dev)
			if (nx_v4_shown(&nxi->addrs, nxi->ident.flags, ifa->ifa_local))
				return true;
	if (idev)
		list_for_each_entry_rcu(ifa6, &idev->addr_list, if_list)
			if (nx_v6_shown(&nxi->addrs, nxi->ident.flags, &ifa6->addr))
				return true;
	return false;
}

bool __nx_dev_visible(const struct net_device *dev)
{
	struct nx_info *nxi = nx_hiding_netif();
	bool visible;

	if (!nxi)
		return true;
	rcu_read_lock();
	spin_lock_bh(&nxi->ident.lock);
	visible = nx_dev_carries(nxi, dev);
	spin_unlock_bh(&nxi->ident.lock);
	rcu_read_unlock();
	return visible;
}

/*
 * SO_BINDTODEVICE and SO_BINDTOIFINDEX (sock_bindtoindex_locked()): any
 * index but 0 must name an interface the guest sees.  One that does not
 * exist answers the same, so the answer tells nothing about hidden ones.
 */
bool __nx_ifindex_visible(struct net *net, int ifindex)
{
	struct net_device *dev;
	bool visible;

	if (!ifindex || !nx_hiding_netif())
		return true;
	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	visible = dev && __nx_dev_visible(dev);
	rcu_read_unlock();
	return visible;
}

/* A route through hidden interfaces, or to a hidden local address, is hidden. */
bool __nx_fib4_visible(struct fib_info *fi, u8 type, __be32 dst)
{
	struct nx_info *nxi = nx_hiding_netif();
	int i;

	if (!nxi)
		return true;
	if (type == RTN_LOCAL && !nx_v4_shown_to(nxi, dst))
		return false;
	if (!fi)
		return true;
	for (i = 0; i < fib_info_num_path(fi); i++) {
		const struct net_device *dev = fib_info_nhc(fi, i)->nhc_dev;

		if (dev && !__nx_dev_visible(dev))
			return false;
	}
	return true;
}

bool __nx_fib6_visible(struct fib6_info *rt)
{
	struct nx_info *nxi = nx_hiding_netif();
	const struct net_device *dev;

	if (!nxi)
		return true;
	if (rt->fib6_type == RTN_LOCAL &&
	    !nx_v6_shown_to(nxi, &rt->fib6_dst.addr))
		return false;
	dev = fib6_info_nh_dev(rt);
	return !dev || __nx_dev_visible(dev);
}

/* The local address of a request or time-wait socket is the guest's. */
static bool nx_mini_sock_ours(struct nx_info *nxi, const struct sock *sk)
{
	bool ours = false;

	spin_lock_bh(&nxi->ident.lock);
	if (sk->sk_family == AF_INET)
		ours = nx_v4_has(&nxi->addrs, sk->sk_rcv_saddr);
#if IS_ENABLED(CONFIG_IPV6)
	else if (sk->sk_family == AF_INET6 &&
		 ipv6_addr_v4mapped(&sk->sk_v6_rcv_saddr))
		ours = nx_v4_has(&nxi->addrs, sk->sk_v6_rcv_saddr.s6_addr32[3]);
	else if (sk->sk_family == AF_INET6)
		ours = nx_v6_has(&nxi->addrs, &sk->sk_v6_rcv_saddr);
#endif
	spin_unlock_bh(&nxi->ident.lock);
	return ours;
}

bool __nx_sk_visible(const struct sock *sk)
{
	struct nx_info *nxi = nx_current();

	if (!nxi)
		return true;	/* host and spectator see every socket */
	if (!sk_fullsock(sk))
		return nx_mini_sock_ours(nxi, sk);
	return nx_sk(sk) == nxi;
}

void __nx_hide_lback(const struct sock *sk, struct sockaddr_in *sin)
{
	struct nx_info *nxi = nx_sk(sk);

	if (nxi && (READ_ONCE(nxi->ident.flags) & NXF_HIDE_LBACK) &&
	    sin->sin_addr.s_addr == READ_ONCE(nxi->addrs.lback))
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}
