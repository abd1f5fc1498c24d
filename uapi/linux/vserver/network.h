/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Linux-VServer: network contexts (nids), their flags, capabilities and
 * address sets, and the argument structures of the network commands.
 */
#ifndef _UAPI_LINUX_VSERVER_NETWORK_H
#define _UAPI_LINUX_VSERVER_NETWORK_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/types.h>
#include <linux/vserver/switch.h>

/* Network context flags (vcmd_net_flags_v0.flagword). */
#define NXF_INFO_PRIVATE	0x00000008ULL
#define NXF_SINGLE_IP		0x00000100ULL
#define NXF_LBACK_REMAP		0x00000200ULL
#define NXF_LBACK_ALLOW		0x00000400ULL
#define NXF_HIDE_NETIF		0x02000000ULL
#define NXF_HIDE_LBACK		0x04000000ULL
#define NXF_STATE_SETUP		(1ULL << 32)
#define NXF_STATE_ADMIN		(1ULL << 34)
#define NXF_SC_HELPER		(1ULL << 36)
#define NXF_PERSISTENT		(1ULL << 38)

/* Bits that can only be cleared. */
#define NXF_ONE_TIME		(NXF_STATE_SETUP | NXF_STATE_ADMIN)
/* Flags of a network context created without a flag word. */
#define NXF_INIT_SET		(NXF_STATE_ADMIN | NXF_HIDE_NETIF | \
				 NXF_LBACK_REMAP | NXF_HIDE_LBACK)
/* Every flag the kernel acts on; others are stored (as vs2.3) and ignored. */
#define NXF_KNOWN		(NXF_INFO_PRIVATE | NXF_SINGLE_IP | \
				 NXF_LBACK_REMAP | NXF_LBACK_ALLOW | \
				 NXF_HIDE_NETIF | NXF_HIDE_LBACK | \
				 NXF_ONE_TIME | NXF_SC_HELPER | NXF_PERSISTENT)

/* Network context capabilities (vcmd_net_caps_v0.ncaps). */
#define NXC_TUN_CREATE		0x00000001ULL
#define NXC_RAW_ICMP		0x00000100ULL
#define NXC_MULTICAST		0x00001000ULL
#define NXC_KNOWN		(NXC_TUN_CREATE | NXC_RAW_ICMP | NXC_MULTICAST)

/* Address types (NXA_*): family, kind and modifiers. */
#define NXA_TYPE_IPV4		0x0001
#define NXA_TYPE_IPV6		0x0002
#define NXA_TYPE_NONE		0x0000
#define NXA_TYPE_ANY		0x00FF
#define NXA_TYPE_ADDR		0x0010
#define NXA_TYPE_MASK		0x0020
#define NXA_TYPE_RANGE		0x0040
#define NXA_MASK_ALL		(NXA_TYPE_ADDR | NXA_TYPE_MASK | NXA_TYPE_RANGE)
#define NXA_MOD_BCAST		0x0100
#define NXA_MOD_LBACK		0x0200
#define NXA_LOOPBACK		0x1000
#define NXA_MASK_BIND		(NXA_MASK_ALL | NXA_MOD_BCAST | NXA_MOD_LBACK)
#define NXA_MASK_SHOW		(NXA_MASK_ALL | NXA_LOOPBACK)

/* Most IPv4 and IPv6 entries a network context holds. */
#define NX_MAX_ADDRS		16

#define VCMD_task_nid		VC_CMD(VINFO, 2, 0)
#define VCMD_nx_info		VC_CMD(VINFO, 6, 0)
#define VCMD_net_create_v0	VC_CMD(VNET, 1, 0)
#define VCMD_net_create		VC_CMD(VNET, 1, 1)
#define VCMD_net_migrate	VC_CMD(NETMIG, 1, 0)
#define VCMD_net_add		VC_CMD(NETALT, 1, 0)
#define VCMD_net_remove		VC_CMD(NETALT, 2, 0)
#define VCMD_net_add_ipv4_v1	VC_CMD(NETALT, 1, 1)
#define VCMD_net_rem_ipv4_v1	VC_CMD(NETALT, 2, 1)
#define VCMD_net_add_ipv4	VC_CMD(NETALT, 1, 2)
#define VCMD_net_rem_ipv4	VC_CMD(NETALT, 2, 2)
#define VCMD_net_add_ipv6	VC_CMD(NETALT, 3, 1)
#define VCMD_net_remove_ipv6	VC_CMD(NETALT, 4, 1)
#define VCMD_get_nflags		VC_CMD(FLAGS, 5, 0)
#define VCMD_set_nflags		VC_CMD(FLAGS, 6, 0)
#define VCMD_get_ncaps		VC_CMD(FLAGS, 7, 0)
#define VCMD_set_ncaps		VC_CMD(FLAGS, 8, 0)

/**
 * struct vcmd_net_create - argument of VCMD_net_create
 * @flagword: NXF_* flags of the new network context
 */
struct vcmd_net_create {
	__u64 flagword;
};

/**
 * struct vcmd_nx_info_v0 - result of VCMD_nx_info
 * @nid: the network context id
 */
struct vcmd_nx_info_v0 {
	__u32 nid;
};

/**
 * struct vcmd_net_flags_v0 - argument of VCMD_get_nflags/VCMD_set_nflags
 * @flagword: NXF_* flags
 * @mask: which bits of @flagword to change (on get: the changeable ones)
 */
struct vcmd_net_flags_v0 {
	__u64 flagword;
	__u64 mask;
};

/**
 * struct vcmd_net_caps_v0 - argument of VCMD_get_ncaps/VCMD_set_ncaps
 * @ncaps: NXC_* capabilities
 * @cmask: which bits of @ncaps to change (all bits on get)
 */
struct vcmd_net_caps_v0 {
	__u64 ncaps;
	__u64 cmask;
};

/**
 * struct vcmd_net_addr_v0 - argument of VCMD_net_add/VCMD_net_remove
 * @type: NXA_TYPE_IPV4 (1 to 4 addresses), with NXA_MOD_BCAST or
 *	NXA_MOD_LBACK for the broadcast or loopback address; NXA_TYPE_ANY
 *	to remove every address
 * @count: how many entries of @ip and @mask are used
 * @ip: addresses, network byte order
 * @mask: their netmasks, network byte order
 */
struct vcmd_net_addr_v0 {
	__u16 type;
	__u16 count;
	struct in_addr ip[4];
	struct in_addr mask[4];
};

/**
 * struct vcmd_net_addr_ipv4_v1 - argument of the IPv4 v1 add/remove
 * @type: NXA_TYPE_ADDR or NXA_TYPE_MASK, NXA_MOD_* modifiers, or
 *	NXA_TYPE_ANY (remove all)
 * @flags: entry flags (NXA_LOOPBACK)
 * @ip: address, network byte order
 * @mask: netmask, network byte order
 */
struct vcmd_net_addr_ipv4_v1 {
	__u16 type;
	__u16 flags;
	struct in_addr ip;
	struct in_addr mask;
};

/**
 * struct vcmd_net_addr_ipv4_v2 - argument of the IPv4 v2 add/remove
 * @type: as in v1, plus NXA_TYPE_RANGE
 * @flags: entry flags (NXA_LOOPBACK)
 * @ip: address, or first address of a range, network byte order
 * @ip2: end of a range (exclusive), network byte order
 * @mask: netmask, network byte order
 */
struct vcmd_net_addr_ipv4_v2 {
	__u16 type;
	__u16 flags;
	struct in_addr ip;
	struct in_addr ip2;
	struct in_addr mask;
};

/**
 * struct vcmd_net_addr_ipv6_v1 - argument of VCMD_net_add_ipv6 and
 *	VCMD_net_remove_ipv6
 * @type: NXA_TYPE_ADDR (mask all ones), NXA_TYPE_MASK or NXA_TYPE_ANY
 * @flags: entry flags
 * @prefix: prefix length (at most 128), kept as given for both types and
 *	shown in /proc; an ADDR entry is still that one address
 * @ip: address
 * @mask: netmask of a NXA_TYPE_MASK entry
 */
struct vcmd_net_addr_ipv6_v1 {
	__u16 type;
	__u16 flags;
	__u32 prefix;
	struct in6_addr ip;
	struct in6_addr mask;
};

#endif /* _UAPI_LINUX_VSERVER_NETWORK_H */
