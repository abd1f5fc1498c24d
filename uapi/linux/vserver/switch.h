/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Linux-VServer: command word encoding of the vserver(2) system call.
 *
 * The ABI is the one of vs2.3 (VCI 0x00020308): a 32 bit command word
 * packs a category (6 bits), a command number (8 bits) and a version
 * (12 bits).  The same header is included by the kernel and by libvsys.
 */
#ifndef _UAPI_LINUX_VSERVER_SWITCH_H
#define _UAPI_LINUX_VSERVER_SWITCH_H

#include <linux/types.h>

/* Interface version returned by VCMD_get_version. */
#define VCI_VERSION		0x00020308

/* System call numbers (x86_64 and the i386/compat slot). */
#define VC_NR_VSERVER_X86_64	236
#define VC_NR_VSERVER_I386	273

#define VC_CATEGORY(c)		(((c) >> 24) & 0x3F)
#define VC_COMMAND(c)		(((c) >> 16) & 0xFF)
#define VC_VERSION(c)		((c) & 0xFFF)

#define VC_CMD(c, i, v)		((((VC_CAT_ ## c) & 0x3F) << 24) | \
				 (((i) & 0xFF) << 16) | ((v) & 0xFFF))

#define VC_CAT_VERSION		0
#define VC_CAT_VSETUP		1
#define VC_CAT_VHOST		2
#define VC_CAT_DEVICE		6
#define VC_CAT_VPROC		9
#define VC_CAT_PROCALT		10
#define VC_CAT_PROCMIG		11
#define VC_CAT_PROCTRL		12
#define VC_CAT_SCHED		14
#define VC_CAT_MEMCTRL		20
#define VC_CAT_VNET		25
#define VC_CAT_NETALT		26
#define VC_CAT_NETMIG		27
#define VC_CAT_NETCTRL		28
#define VC_CAT_TAGMIG		35
#define VC_CAT_DLIMIT		36
#define VC_CAT_INODE		38
#define VC_CAT_VSTAT		40
#define VC_CAT_VINFO		46
#define VC_CAT_EVENT		48
#define VC_CAT_FLAGS		52
#define VC_CAT_VSPACE		54
#define VC_CAT_DEBUG		56
#define VC_CAT_RLIMIT		60
#define VC_CAT_SYSTEST		61
#define VC_CAT_COMPAT		63

#define VCMD_get_version	VC_CMD(VERSION, 0, 0)
#define VCMD_get_vci		VC_CMD(VERSION, 1, 0)

/* Bits of the VCMD_get_vci feature word. */
#define VCI_KCBIT_NO_DYNAMIC	0
#define VCI_KCBIT_PROC_SECURE	4
#define VCI_KCBIT_HARDCPU	5
#define VCI_KCBIT_IDLELIMIT	6
#define VCI_KCBIT_IDLETIME	7
#define VCI_KCBIT_COWBL		8
#define VCI_KCBIT_FULLCOWBL	9
#define VCI_KCBIT_SPACES	10
#define VCI_KCBIT_NETV2		11
#define VCI_KCBIT_MEMCG		12
#define VCI_KCBIT_MEMCG_SWAP	13
#define VCI_KCBIT_DEBUG		16
#define VCI_KCBIT_HISTORY	20
#define VCI_KCBIT_TAGGED	24
#define VCI_KCBIT_PPTAG		28
#define VCI_KCBIT_MORE		31

/* Special context ids. */
#define VX_ID_HOST		0
#define VX_ID_SPECTATOR		1
#define VX_ID_MIN_GUEST		2
#define VX_ID_MAX_GUEST		65535

#endif /* _UAPI_LINUX_VSERVER_SWITCH_H */
