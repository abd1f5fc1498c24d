// The dangerous operations of the bounded-root matrix.  Each returns 0 on
// success or the errno of the step that failed (see caps_ops.cpp for the
// few that return something else).
#pragma once

namespace vtest::ops {

// oom_unkillable: the write went through but the kernel stored -999.
constexpr int kClamped = 1;

int load_module();
int kexec_load();
int bpf_map();
int perf_cpu_wide();
int open_by_handle();
int ioperm_port();
int iopl_3();
int mknod_block();
int set_clock();
int raw_socket();
int mount_tmpfs();
int mount_proc();
int mount_devtmpfs();
int fsmount_devtmpfs();
int remount_host_proc();
int bind_mount();
int open_tree_move_mount();
int dev_node_on_own_mount();
int raise_rlimit();
int set_hostname();
int read_kernel_log();
int clear_kernel_log();
int oom_lower();
int oom_unkillable();
int tiocsti_other_tty();
int trusted_xattr();
int security_xattr();
int unshare_mount_ns();
int unshare_net_ns();
int setns_mount_ns();
int loop_set_capacity();
int user_ns();
int user_ns_then_host_ops();
int user_ns_then_net_ns();
int vserver_syscall();

}  // namespace vtest::ops
