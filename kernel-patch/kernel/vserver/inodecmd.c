// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: handlers of the inode attribute commands (get_iattr,
 * set_iattr and their descriptor forms).
 */

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/uaccess.h>
#include <uapi/linux/vserver/inode.h>

#include "inode.h"
#include "switch.h"

static long vx_iattr_path(struct vcmd_ctx_iattr_v1 *vc, bool set)
{
	struct path path;
	long err;

	err = user_path_at(AT_FDCWD, u64_to_user_ptr(vc->name), 0, &path);
	if (err)
		return err;
	if (set) {
		err = mnt_want_write(path.mnt);
		if (!err) {
			err = vx_iattr_set(path.dentry, vc->flags, vc->mask);
			mnt_drop_write(path.mnt);
		}
	} else {
		vx_iattr_get(path.dentry, &vc->flags, &vc->mask);
		vc->tag = 0;
	}
	path_put(&path);
	return err;
}

long vc_get_iattr(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_ctx_iattr_v1 vc;
	long err;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	err = vx_iattr_path(&vc, false);
	if (err)
		return err;
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_set_iattr(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_ctx_iattr_v1 vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	return vx_iattr_path(&vc, true);
}

long vc_fget_iattr(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_ctx_fiattr_v0 vc = { };
	struct fd f = fdget(id);

	if (!fd_file(f))
		return -EBADF;
	vx_iattr_get(fd_file(f)->f_path.dentry, &vc.flags, &vc.mask);
	fdput(f);
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_fset_iattr(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_ctx_fiattr_v0 vc;
	struct fd f;
	long err;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	f = fdget(id);
	if (!fd_file(f))
		return -EBADF;
	err = mnt_want_write_file(fd_file(f));
	if (!err) {
		err = vx_iattr_set(fd_file(f)->f_path.dentry, vc.flags, vc.mask);
		mnt_drop_write_file(fd_file(f));
	}
	fdput(f);
	return err;
}

