// Shared by ncontext and chbind: create a network context and give it
// addresses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vsys/network.hpp"

namespace vtool {

// Creates network context nid (the first free one of 49152.. without
// nid) with NXF_INIT_SET changed by the --flag list and STATE_SETUP; the
// caller moves into it.
vsys::Result<vsys::nid_t> net_create_in_setup(std::optional<vsys::nid_t> nid,
                                              const vsys::FlagWord& change);

// Adds "--ip" addresses (ADDR[/MASK], IPv4 or IPv6), the broadcast and
// loopback addresses (empty: keep the default).  Returns the number of
// IPv4 addresses added.
vsys::Result<int> add_addresses(vsys::nid_t nid, const std::vector<std::string>& ips,
                                const std::string& bcast, const std::string& lback);

}  // namespace vtool
