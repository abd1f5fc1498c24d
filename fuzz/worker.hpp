// vsfuzz: one worker process (its home context, its calls and processes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fuzz.hpp"
#include "shared.hpp"

namespace vsfuzz {

enum class Home { kHost, kSetup, kSpectator, kSealed };
const char* home_name(Home h);

struct WorkerConfig {
  int index = 0;
  std::uint64_t seed = 0;  // the worker's own seed (derived from --seed)
  Home home = Home::kHost;
  std::uint32_t home_xid = 0;
  std::vector<std::uint32_t> homes;  // every worker's home xid
  std::uint64_t calls = 0;           // budget of vserver calls, 0: until told to stop
  bool kcov = false;
  bool trace = false;  // print every call on stdout as it is made
  Shared* shared = nullptr;
  std::vector<Input> corpus;  // inputs to start mutations from
  std::string corpus_dir;     // where to write the inputs that found new PCs
};

// Runs the worker; returns its exit status (0, or 1 after a failure it
// found).  Called in the forked worker process; writes the inputs that
// reached new PCs to cfg.corpus_dir (when given) at the end.
int run_worker(const WorkerConfig& cfg);

// The seed of worker w for the run seed.
std::uint64_t worker_seed(std::uint64_t seed, int w);

}  // namespace vsfuzz
