#include "vsys/syscall.hpp"

#include <cerrno>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/vserver/switch.h>

namespace vsys {

long vserver(std::uint32_t cmd, std::uint32_t id, void* data) {
#if defined(__x86_64__)
  return syscall(VC_NR_VSERVER_X86_64, cmd, id, data);
#elif defined(__i386__)
  return syscall(VC_NR_VSERVER_I386, cmd, id, data);
#else
  (void)cmd, (void)id, (void)data;
  errno = ENOSYS;
  return -1;
#endif
}

Result<long> checked_vserver(std::uint32_t cmd, std::uint32_t id, void* data,
                             const std::string& what) {
  long ret = vserver(cmd, id, data);
  if (ret < 0) return last_error(what);
  return ret;
}

}  // namespace vsys
