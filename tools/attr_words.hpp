// Shared by vattribute and nattribute: flag words read and changed by name.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "vsys/names.hpp"

namespace vtool {

struct AttrWord {
  const char* label;  // "--get" line label
  std::span<const vsys::FlagName> (*names)();
  vsys::Result<vsys::FlagWord> (*get)(std::uint32_t id);
  vsys::Result<void> (*set)(std::uint32_t id, vsys::FlagWord);
  std::vector<std::string> lists;  // --set lists
};

// --get prints "label: names" for each word; --set applies each list.
// Returns the exit status (one line on stderr on error).
int run_attr_words(const std::string& tool, std::uint32_t id, bool get, std::span<AttrWord> words);

}  // namespace vtool
