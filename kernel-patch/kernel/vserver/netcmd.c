// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: handlers of the network context commands (create,
 * migrate, info, flags, caps, addresses).
 */

#include <linux/err.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vserver.h>

#include "network.h"
#include "switch.h"

long vc_task_nid(struct vx_ident *ident, u32 id, void __user *data)
{
	struct task_struct *p;
	long nid = -ESRCH;

	if (!id)
		return nx_current_nid();
	rcu_read_lock();
	p = find_task_by_pid_ns(id, &init_pid_ns);
	if (p && vx_task_visible(p))
		nid = vx_task_id(p, VX_SLOT_NID);
	rcu_read_unlock();
	return nid;
}

long vc_nx_info(struct vx_ident *ident, u32 id, void __user *data)
{
	struct nx_info *nxi = nx_info_of(ident);
	struct vcmd_nx_info_v0 vc = { .nid = nxi->ident.id };

	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_net_create_v0(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_ident_create(&nx_nids, id, NXF_INIT_SET);
}

long vc_net_create(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_create_cmd(&nx_nids, id, data, NXF_INIT_SET);
}

/* A NULL @ident is the spectator (switch.c). */
long vc_net_migrate(struct vx_ident *ident, u32 id, void __user *data)
{
	if (!ident) {
		vx_ident_migrate_spectator(&nx_nids);
		return VX_ID_SPECTATOR;
	}
	return vx_ident_migrate(ident);
}

long vc_get_ncaps(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_get_word(ident, &nx_info_of(ident)->ncaps, data);
}

/* The whole word is stored (vs2.3); only NXC_* bits have an effect. */
long vc_set_ncaps(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_set_word(ident, &nx_info_of(ident)->ncaps, data);
}

/* Add one IPv4 entry or set bcast/lback; the lock is held. */
static int nx_v4_apply(struct nx_info *nxi, u16 type, const struct nx_addr4 *e)
{
	int err;

	if (type & NXA_MOD_BCAST) {
		nxi->addrs.bcast = e->ip;
		return 0;
	}
	if (type & NXA_MOD_LBACK) {
		nxi->addrs.lback = e->ip;
		return 0;
	}
	err = nx_addr4_add(&nxi->addrs, e);
	/* A second IPv4 address ends SINGLE_IP. */
	if (!err && nxi->addrs.n4 > 1)
		nxi->ident.flags &= ~NXF_SINGLE_IP;
	return err;
}

long vc_net_add(struct vx_ident *ident, u32 id, void __user *data)
{
	struct nx_info *nxi = nx_info_of(ident);
	struct vcmd_net_addr_v0 vc;
	struct nx_addr4 e = { .type = NXA_TYPE_ADDR };
	struct nx_addrs *saved;
	u64 flags;
	int i, err = 0;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if ((vc.type & ~(NXA_MOD_BCAST | NXA_MOD_LBACK)) != NXA_TYPE_IPV4 ||
	    vc.count < 1 || vc.count > ARRAY_SIZE(vc.ip))
		return -EINVAL;
	/* All of the addresses or none: the set is restored on an error. */
	saved = kmalloc(sizeof(*saved), GFP_KERNEL);
	if (!saved)
		return -ENOMEM;
	spin_lock_bh(&nxi->ident.lock);
	*saved = nxi->addrs;
	flags = nxi->ident.flags;
	for (i = 0; i < vc.count && !err; i++) {
		e.ip = vc.ip[i].s_addr;
		e.mask = vc.mask[i].s_addr;
		err = nx_v4_apply(nxi, vc.type, &e);
	}
	if (err) {
		nxi->addrs = *saved;
		nxi->ident.flags = flags;
	}
	spin_unlock_bh(&nxi->ident.lock);
	kfree(saved);
	return err;
}

long vc_net_remove(struct vx_ident *ident, u32 id, void __user *data)
{
	struct nx_info *nxi = nx_info_of(ident);
	struct vcmd_net_addr_v0 vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (vc.type != NXA_TYPE_ANY)
		return -EINVAL;
	spin_lock_bh(&nxi->ident.lock);
	nxi->addrs.n4 = 0;
	spin_unlock_bh(&nxi->ident.lock);
	return 0;
}

/* The v1 and v2 IPv4 commands; @range says whether RANGE is allowed. */
static long nx_v4_change(struct nx_info *nxi, struct vcmd_net_addr_ipv4_v2 *vc,
			 bool add, bool range)
{
	u16 type = vc->type == NXA_TYPE_ANY ? NXA_TYPE_ANY :
		   vc->type & ~NXA_TYPE_IPV4;
	u16 kind = type & ~(NXA_MOD_BCAST | NXA_MOD_LBACK);
	struct nx_addr4 e = {
		.ip = vc->ip.s_addr, .ip2 = vc->ip2.s_addr,
		.mask = vc->mask.s_addr, .type = kind, .flags = vc->flags,
	};
	int err;

	if (type == NXA_TYPE_ANY && !add) {
		spin_lock_bh(&nxi->ident.lock);
		nxi->addrs.n4 = 0;
		spin_unlock_bh(&nxi->ident.lock);
		return 0;
	}
	if (kind != NXA_TYPE_ADDR && kind != NXA_TYPE_MASK &&
	    !(range && kind == NXA_TYPE_RANGE))
		return -EINVAL;
	if (!add && (type & (NXA_MOD_BCAST | NXA_MOD_LBACK)))
		return -EINVAL;
	spin_lock_bh(&nxi->ident.lock);
	err = add ? nx_v4_apply(nxi, type, &e) : nx_addr4_remove(&nxi->addrs, &e);
	spin_unlock_bh(&nxi->ident.lock);
	return err;
}

static long nx_v4_v1(struct nx_info *nxi, void __user *data, bool add)
{
	struct vcmd_net_addr_ipv4_v1 v1;
	struct vcmd_net_addr_ipv4_v2 vc = { };

	if (copy_from_user(&v1, data, sizeof(v1)))
		return -EFAULT;
	vc.type = v1.type;
	vc.flags = v1.flags;
	vc.ip = v1.ip;
	vc.mask = v1.mask;
	return nx_v4_change(nxi, &vc, add, false);
}

static long nx_v4_v2(struct nx_info *nxi, void __user *data, bool add)
{
	struct vcmd_net_addr_ipv4_v2 vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	return nx_v4_change(nxi, &vc, add, true);
}

long vc_net_add_ipv4_v1(struct vx_ident *ident, u32 id, void __user *data)
{
	return nx_v4_v1(nx_info_of(ident), data, true);
}

long vc_net_rem_ipv4_v1(struct vx_ident *ident, u32 id, void __user *data)
{
	return nx_v4_v1(nx_info_of(ident), data, false);
}

long vc_net_add_ipv4(struct vx_ident *ident, u32 id, void __user *data)
{
	return nx_v4_v2(nx_info_of(ident), data, true);
}

long vc_net_rem_ipv4(struct vx_ident *ident, u32 id, void __user *data)
{
	return nx_v4_v2(nx_info_of(ident), data, false);
}

static long nx_v6_change(struct nx_info *nxi, void __user *data, bool add)
{
	struct vcmd_net_addr_ipv6_v1 vc;
	struct nx_addr6 e;
	int err;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	e = (struct nx_addr6){ .ip = vc.ip, .mask = vc.mask,
			       .prefix = vc.prefix,
			       .type = vc.type == NXA_TYPE_ANY ? NXA_TYPE_ANY :
				       vc.type & ~NXA_TYPE_IPV6,
			       .flags = vc.flags };
	spin_lock_bh(&nxi->ident.lock);
	if (!add && e.type == NXA_TYPE_ANY) {
		nxi->addrs.n6 = 0;
		err = 0;
	} else {
		err = add ? nx_addr6_add(&nxi->addrs, &e) :
			    nx_addr6_remove(&nxi->addrs, &e);
	}
	spin_unlock_bh(&nxi->ident.lock);
	return err;
}

long vc_net_add_ipv6(struct vx_ident *ident, u32 id, void __user *data)
{
	return nx_v6_change(nx_info_of(ident), data, true);
}

long vc_net_remove_ipv6(struct vx_ident *ident, u32 id, void __user *data)
{
	return nx_v6_change(nx_info_of(ident), data, false);
}
