// vsfuzz: structure-aware fuzzer of vserver(2) and the paths it guards.
//
// A table of command descriptors (command word, argument size, id kind,
// one generator per field) drives the generation of inputs; an Input is
// everything needed to issue one call again (the corpus and the ring log
// keep Inputs).  Generation depends only on the random engine, so a
// worker seeded the same way draws the same inputs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace vsfuzz {

enum class IdKind : std::uint8_t { kNone, kXid, kNid, kPid, kFd };

// How the command uses its data pointer.
enum class Use : std::uint8_t {
  kNone,   // ignores it
  kIn,     // reads the struct
  kOut,    // writes the struct
  kInOut,  // reads, then writes back
  kOptIn,  // reads it when not NULL (NULL takes the defaults)
};

enum class Gen : std::uint8_t {
  kFlags,   // a flag word (known bits in FieldDesc::known)
  kMask,    // a change mask
  kPid,     // ctx_kill pid
  kSignal,  // ctx_kill signal
  kField,   // vhi_name field
  kName,    // vhi_name string (65 bytes)
  kIp4,
  kIp6,
  kType,    // NXA_* type
  kCount,   // net_add_v0 count
  kPrefix,  // IPv6 prefix length
  kIndex,   // space index
  kPath,    // user pointer to a path (get/set_iattr)
  kU16,
  kU32,
};

struct FieldDesc {
  std::uint16_t off;
  std::uint8_t size;
  Gen gen;
  std::uint64_t known = 0;
};

struct CmdDesc {
  const char* name;
  std::uint32_t cmd;
  std::uint16_t size;  // sizeof the argument struct
  IdKind id;
  Use use;
  bool moves = false;   // moves the caller (create, migrate, enter_space): run in a child
  bool blocks = false;  // wait_exit: run under a timer
  bool kills = false;   // ctx_kill: never aimed at a worker's home context
  std::vector<FieldDesc> fields = {};
};

// The table (every command the kernel knows, plus a few unknown words).
const std::vector<CmdDesc>& commands();
// The entry of a command word the table names (not the absent_ ones):
// what a word with another version or a flipped bit really reaches;
// nullptr for a word no command has.
const CmdDesc* command_of_word(std::uint32_t cmd);

// Where the data pointer of a call points.
enum class Ptr : std::uint8_t {
  kGood,  // page aligned, whole struct mapped
  kNull,
  kUnmapped,    // an address that was unmapped
  kKernel,      // a kernel address (one of several)
  kMisaligned,  // mapped, 1..7 bytes off alignment
  kPageEnd,     // the struct ends exactly at a page followed by PROT_NONE
  kShort,       // the struct runs 1..size bytes into the PROT_NONE page
  kReadOnly,    // mapped read-only
};
const char* ptr_name(Ptr p);

// Where a kPath field points.
enum class PathKind : std::uint8_t { kGood, kNull, kKernel, kUnterminated };

constexpr std::size_t kMaxData = 96;

struct Input {
  std::uint16_t desc = 0;  // index into commands()
  std::uint32_t cmd = 0;   // the command word sent (may differ from the table's)
  std::uint32_t id = 0;
  Ptr ptr = Ptr::kGood;
  std::uint8_t ptr_arg = 0;  // misalignment, bytes short, kernel address index
  std::uint8_t path = 0;     // index into paths() for kPath fields
  PathKind path_kind = PathKind::kGood;
  std::array<std::uint8_t, kMaxData> data{};
};

// Paths a kPath field names (in the scratch directory, /proc, missing, ...).
const std::vector<std::string>& paths();

// Ids the generator picks from.
struct IdPool {
  std::uint32_t xid_base = 2000, xid_count = 16;
  std::uint32_t nid_base = 2000, nid_count = 16;
  std::uint32_t home_xid = 0;  // the worker's own context (0: host)
  std::vector<int> pids;       // pids the worker knows (its children)
  std::vector<int> fds;        // descriptors the worker holds
};

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  // A fresh input.
  Input generate(const IdPool& pool);
  // A mutation of a corpus input.
  Input mutate(const Input& in, const IdPool& pool);

  std::uint64_t next() { return rng_(); }
  // Uniform in [0, n).
  std::uint64_t below(std::uint64_t n) { return n ? rng_() % n : 0; }
  bool chance(unsigned percent) { return below(100) < percent; }

  std::uint32_t pick_id(IdKind kind, const IdPool& pool);

 private:
  void fill_field(const FieldDesc& f, const IdPool& pool, Input& in);
  std::uint64_t edge_value(unsigned bits);
  std::uint64_t flag_word(std::uint64_t known);
  void choose_ptr(Input& in);

  std::mt19937_64 rng_;
};

// "ctx_create(2003, good[8]: 00 00 ..)" for the logs.
std::string describe(const Input& in);

// The errnos the kernel may return for a command; false for others.
bool errno_allowed(const CmdDesc& d, int err);

}  // namespace vsfuzz
