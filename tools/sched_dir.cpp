#include "sched_dir.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>

#include <fmt/core.h>

#include "conf_file.hpp"

namespace vtool {
namespace {

namespace fs = std::filesystem;

const SchedField kFields[] = {
    {"fill-rate", "--fill-rate", [](vsys::Sched& s) { return &s.fill_rate[0]; }, VXSM_FILL_RATE,
     "tokens added per interval"},
    {"interval", "--interval", [](vsys::Sched& s) { return &s.interval[0]; }, VXSM_INTERVAL,
     "refill interval, in ticks"},
    {"tokens", "--tokens", [](vsys::Sched& s) { return &s.tokens; }, VXSM_TOKENS,
     "tokens in the bucket now"},
    {"tokens-min", "--tokens-min,--tokens_min", [](vsys::Sched& s) { return &s.tokens_min; },
     VXSM_TOKENS_MIN, "tokens a held context needs to run again"},
    {"tokens-max", "--tokens-max,--tokens_max", [](vsys::Sched& s) { return &s.tokens_max; },
     VXSM_TOKENS_MAX, "bucket size"},
    {"prio-bias", "--prio-bias,--prio_bias,--priority-bias,--priority_bias",
     [](vsys::Sched& s) { return &s.prio_bias; }, VXSM_PRIO_BIAS, "priority bias, -20..20"},
    {"fill-rate2", "--fill-rate2", [](vsys::Sched& s) { return &s.fill_rate[1]; }, VXSM_FILL_RATE2,
     "tokens per interval2 of idle time"},
    {"interval2", "--interval2", [](vsys::Sched& s) { return &s.interval[1]; }, VXSM_INTERVAL2,
     "idle time interval, in ticks"},
    {"cpu-id", "--cpu-id", [](vsys::Sched& s) { return &s.cpu_id; }, VXSM_CPU_ID,
     "only the bucket of this CPU (-1: all)"},
    {"bucket-id", "--bucket-id", [](vsys::Sched& s) { return &s.bucket_id; }, VXSM_BUCKET_ID,
     "the bucket (0)"},
};

const SchedField* field_of_file(const std::string& name) {
  const std::string n = name == "priority-bias" ? "prio-bias" : name;
  for (const auto& f : kFields)
    if (n == f.file) return &f;
  return nullptr;
}

// One file into s, unless given names its field.
vsys::Result<void> read_entry(vsys::Sched& s, std::uint32_t given, const fs::path& p, bool strict) {
  const std::string name = p.filename();
  if (name == "idle-time") {
    s.mask |= VXSM_IDLE_TIME;
    return {};
  }
  const SchedField* f = field_of_file(name);
  if (!f) {
    if (strict) return file_error(p.string(), "unknown configuration file");
    return {};
  }
  if (given & f->mask) return {};
  std::ifstream in(p);
  std::string text;
  std::getline(in, text);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::int32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return file_error(p.string(), fmt::format("not a number '{}'", text));
  *f->at(s) = v;
  s.mask |= f->mask;
  if (f->mask & (VXSM_FILL_RATE2 | VXSM_INTERVAL2)) s.mask |= VXSM_IDLE_TIME;
  return {};
}

vsys::Result<void> read_files(const fs::path& dir, vsys::Sched& s, std::uint32_t given,
                              std::vector<vsys::Sched>* more, bool strict) {
  std::error_code ec;
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path());
  if (ec) return file_error(dir.string(), "cannot read: " + ec.message(), ec.value());
  std::sort(entries.begin(), entries.end());
  for (const auto& p : entries) {
    if (fs::is_directory(p, ec)) continue;
    if (auto r = read_entry(s, given, p, strict); !r) return r;
  }
  for (const auto& p : entries) {
    if (!fs::is_directory(p, ec)) continue;
    if (!more) {
      if (strict) return file_error(p.string(), "unknown configuration file");
      continue;
    }
    vsys::Sched cpu;
    cpu.mask = s.mask & (VXSM_IDLE_TIME | VXSM_FORCE);
    if (auto r = read_files(p, cpu, 0, nullptr, strict); !r) return r;
    more->push_back(cpu);
  }
  return {};
}

}  // namespace

std::span<const SchedField> sched_fields() { return kFields; }

vsys::Result<void> read_sched_dir(const std::string& dir, vsys::Sched& s, std::uint32_t given,
                                  std::vector<vsys::Sched>& more, bool strict) {
  return read_files(dir, s, given, &more, strict);
}

}  // namespace vtool
