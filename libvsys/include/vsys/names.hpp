// libvsys: names of flag bits as util-vserver spells them.
//
// A list such as "persistent,~state_setup,0x10" parses into a value and
// a mask: a name sets its bit in both, "~name" only in the mask (clear
// it), a number sets its bits in both.  Names are case-insensitive.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "vsys/context.hpp"
#include "vsys/error.hpp"
#include "vsys/inode.hpp"
#include "vsys/network.hpp"

namespace vsys {

struct FlagName {
  std::string_view name;
  std::uint64_t bits;
};

// Context flags (VXF_*), canonical names first, then aliases.
std::span<const FlagName> cflag_names();

// Capabilities as bcaps bits, "CAP_" prefix optional (CAP_CONTEXT is 63).
std::span<const FlagName> bcap_names();
// Context capabilities (VXC_*).
std::span<const FlagName> ccap_names();
// Unshare mask bits (CLONE_NEW* and CLONE_FS).
std::span<const FlagName> umask_names();
// Network context flags (NXF_*) and capabilities (NXC_*).
std::span<const FlagName> nflag_names();
std::span<const FlagName> ncap_names();

// Inode attributes (IATTR_*) as setattr names them: admin, watch, hide,
// barrier, iunlink, immutable, cow (aliases: ixunlink, immu).
std::span<const FlagName> iattr_names();
// showattr's letters: A W H B U I and '-' for util-vserver's "write" bit
// (never reported by vs2.3 kernels); upper case set, lower case settable
// but clear, '-' not meaningful for the inode.
std::string iattr_letters(std::uint32_t flags, std::uint32_t mask);

// util-vserver's default guest bcaps: only the "insecure" capabilities
// (CHOWN, DAC_*, FOWNER, FSETID, KILL, SETGID, SETUID, NET_BIND_SERVICE,
// SYS_CHROOT, SYS_PTRACE, SYS_TTY_CONFIG, LEASE, SETFCAP, SYS_BOOT,
// AUDIT_WRITE); everything else, CAP_CONTEXT included, is dropped.
std::uint64_t default_guest_bcaps();

// Parses a comma separated list; EINVAL names the bad item.
Result<FlagWord> parse_flags(std::span<const FlagName> table, std::string_view list);
// Canonical names of the bits set in value, comma separated; bits
// without a name print as one hexadecimal number.
std::string format_flags(std::span<const FlagName> table, std::uint64_t value);

}  // namespace vsys
