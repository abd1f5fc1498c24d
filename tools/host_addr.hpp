// The guest's addresses as secondary addresses of host devices
// (interfaces/N/dev): added at start, removed at stop, with `ip`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "guest_config.hpp"
#include "vsys/error.hpp"

namespace vtool {

// The host device that holds ip, if any.
std::optional<std::string> address_holder(const std::string& ip);

// Adds every interface with a device; on an address already held by the
// host, or any failure, removes what it added and returns the error.
vsys::Result<void> add_host_addresses(const std::vector<GuestInterface>& ifs);
// Removes those interfaces' addresses that are still on their device;
// the first error, after trying all.
vsys::Result<void> remove_host_addresses(const std::vector<GuestInterface>& ifs);

}  // namespace vtool
