/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the KUnit suites of the id spaces share.
 */
#ifndef _VSERVER_IDSPACE_TEST_H
#define _VSERVER_IDSPACE_TEST_H

/* Drop the test's reference of an id without tasks: it shuts down. */
static inline void vx_test_drop(struct vx_ident *ident)
{
	vx_ident_set_flags(ident, VX_ID_PERSISTENT, VX_ID_PERSISTENT);
	vx_ident_set_flags(ident, 0, VX_ID_PERSISTENT);
	vx_ident_put(ident);
}

#endif /* _VSERVER_IDSPACE_TEST_H */
