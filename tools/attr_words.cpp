#include "attr_words.hpp"

#include <fmt/core.h>

#include "common.hpp"

namespace vtool {

int run_attr_words(const std::string& tool, std::uint32_t id, bool get, std::span<AttrWord> words) {
  for (auto& w : words) {
    if (get) {
      auto v = w.get(id);
      if (!v) return fail(tool, v.error());
      fmt::print("{}: {}\n", w.label, vsys::format_flags(w.names(), v->value));
      continue;
    }
    for (const auto& list : w.lists) {
      auto fw = vsys::parse_flags(w.names(), list);
      if (!fw) return fail(tool, fw.error());
      auto r = w.set(id, *fw);
      if (!r) return fail(tool, r.error());
    }
  }
  return 0;
}

}  // namespace vtool
