// The build methods: skeleton, template, debootstrap (or mmdebstrap),
// rsync and clone.
#include "build_method.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <fmt/core.h>

#include "common.hpp"
#include "conf_file.hpp"
#include "guest_root.hpp"

namespace vtool {
namespace {

namespace fs = std::filesystem;

// The first of names found on PATH, as a full path; empty when none is.
std::string find_program(std::initializer_list<const char*> names) {
  const char* path = getenv("PATH");
  std::string dirs = path ? path : "/usr/sbin:/usr/bin:/sbin:/bin";
  for (const char* n : names) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      std::size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      std::string f = dirs.substr(start, end - start) + "/" + n;
      if (end > start && access(f.c_str(), X_OK) == 0) return f;
      start = end + 1;
    }
  }
  return {};
}

// Runs argv; a failure names what ran.
vsys::Result<void> run_or_fail(const std::vector<std::string>& argv) {
  auto rc = run_command(argv);
  if (!rc) return std::unexpected(rc.error());
  if (*rc != 0)
    return std::unexpected(vsys::Error(EIO, fmt::format("{} exited with {}", argv[0], *rc)));
  return {};
}

// debootstrap [EXTRA...] SUITE ROOT [MIRROR]; mmdebstrap takes the same.
// The mirror: -m, else .defaults/apps/debootstrap/mirror, else the tool's.
vsys::Result<void> debootstrap(const BuildMethod& m, const std::string& root,
                               const VserverPaths& p) {
  std::string tool = find_program({"debootstrap", "mmdebstrap"});
  if (tool.empty())
    return std::unexpected(vsys::Error(
        ENOENT, "neither debootstrap nor mmdebstrap is installed (apt-get install debootstrap)"));
  std::string mirror = m.mirror;
  if (mirror.empty()) {
    auto f = read_value(p.confroot + "/.defaults/apps/debootstrap/mirror");
    if (!f) return std::unexpected(f.error());
    mirror = f->value_or("");
  }
  std::vector<std::string> argv{tool};
  argv.insert(argv.end(), m.extra.begin(), m.extra.end());
  argv.insert(argv.end(), {m.suite, root});
  if (!mirror.empty()) argv.push_back(mirror);
  return run_or_fail(argv);
}

// The root of --source: a stopped guest's (by name), or a directory.
vsys::Result<std::string> clone_source(const BuildMethod& m, const std::string& name,
                                       const VserverPaths& p) {
  std::error_code ec;
  std::string confdir = p.confroot + "/" + m.source;
  if (m.source.find('/') == std::string::npos && fs::is_directory(confdir, ec)) {
    if (m.source == name)
      return std::unexpected(vsys::Error(EINVAL, "a guest cannot be cloned onto itself"));
    auto c = read_guest_config(confdir, p.vdirbase());
    if (!c) return std::unexpected(c.error());
    if (guest_running(*c))
      return std::unexpected(
          vsys::Error(EBUSY, fmt::format("guest '{}' is running: stop it first", m.source)));
    return c->vdir;
  }
  if (fs::is_directory(m.source, ec)) return m.source;
  return std::unexpected(
      vsys::Error(ENOENT, fmt::format("--source: no guest or directory '{}'", m.source)));
}

// rsync's source: ':' before any '/' (HOST:DIR, HOST::MODULE) or an
// rsync:// address is another machine's.
bool remote_source(const std::string& s) {
  auto colon = s.find(':');
  return colon != std::string::npos && colon < s.find('/');
}

// rsync OPTIONS EXTRA SOURCE/ ROOT/, as util-vserver's rsync method.  A
// local source that holds the new root (a copy of the host's own /)
// leaves it out rather than copying it into itself.
vsys::Result<void> rsync(const BuildMethod& m, const std::string& name, const std::string& root,
                         const VserverPaths& p) {
  std::string tool = find_program({"rsync"});
  if (tool.empty())
    return std::unexpected(vsys::Error(ENOENT, "rsync is not installed (apt-get install rsync)"));
  std::vector<std::string> argv{tool};
  if (m.options.empty())
    argv.insert(argv.end(), {"-Hazx", "--numeric-ids"});
  else
    argv.insert(argv.end(), m.options.begin(), m.options.end());
  std::string from = m.source;
  if (!remote_source(from)) {
    auto src = clone_source(m, name, p);
    if (!src) return std::unexpected(src.error());
    std::error_code ec;
    from = fs::canonical(*src, ec).string();
    std::string to = fs::canonical(root, ec).string();
    if (to == from)
      return std::unexpected(vsys::Error(EINVAL, fmt::format("--source {} is the new root", from)));
    if (from == "/" || to.starts_with(from + "/"))
      argv.push_back("--exclude=/" + fs::path(to).lexically_relative(from).string() + "/");
  }
  argv.insert(argv.end(), m.extra.begin(), m.extra.end());
  argv.insert(argv.end(), {from == "/" ? from : from + "/", root + "/"});
  return run_or_fail(argv);
}

// util-vserver's -o takes the next word even when it starts with '-'
// (-o -Hazx), which CLI11 would read as an option: taken out first.
std::vector<std::string> take_o_options(const std::vector<std::string>& args,
                                        std::vector<std::string>& options) {
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-o" && i + 1 < args.size())
      options.push_back(args[++i]);
    else
      rest.push_back(args[i]);
  }
  return rest;
}

}  // namespace

int parse_vector(CLI::App& app, std::vector<std::string> args, bool& done) {
  std::vector<char*> argv{const_cast<char*>(app.get_name().c_str())};
  for (auto& a : args) argv.push_back(a.data());
  return parse_args(app, static_cast<int>(argv.size()), argv.data(), done);
}

int parse_method_args(BuildMethod& m, const std::vector<std::string>& args, bool& done) {
  done = false;
  CLI::App app{m.name + " method arguments", "vserver NAME build -m " + m.name + " --"};
  std::vector<std::string> own = args;
  if (m.name == "skeleton") {
    if (args.empty()) return 0;
    done = true;
    return fail(kVserver, "the skeleton method takes no arguments");
  } else if (m.name == "template") {
    std::string dist;
    app.add_option("-t", m.templates, "a root filesystem tarball (repeatable)")->required();
    app.add_option("-d", dist, "distribution (accepted, not used)");
  } else if (m.name == "debootstrap" || m.name == "rsync") {
    // A second -- ends ours: what follows goes to the tool itself.
    auto dashes = std::find(args.begin(), args.end(), "--");
    own.assign(args.begin(), dashes);
    if (dashes != args.end()) m.extra.assign(dashes + 1, args.end());
    if (m.name == "debootstrap") {
      app.add_option("-d", m.suite, "the distribution (bookworm, ...)")->required();
      app.add_option("-m", m.mirror, "the mirror (default .defaults/apps/debootstrap/mirror)");
    } else {
      own = take_o_options(own, m.options);
      app.add_option("-s,--source", m.source, "a stopped guest's name, a directory or HOST:DIR")
          ->required();
      app.add_option("-d", m.suite, "distribution (accepted, not used)");
      app.add_option("-o", m.options, "an rsync option, repeatable (default -Hazx --numeric-ids)");
    }
  } else if (m.name == "clone") {
    app.add_option("-s,--source", m.source, "a stopped guest's name, or a root directory")
        ->required();
  } else {
    done = true;
    return fail(kVserver,
                fmt::format("unknown build method '{}' (skeleton, template, debootstrap, rsync, "
                            "clone)",
                            m.name));
  }
  return parse_vector(app, own, done);
}

vsys::Result<void> fill_root(const BuildMethod& m, const std::string& name, const std::string& root,
                             const VserverPaths& p) {
  if (m.name == "template") return unpack_templates(root, m.templates);
  if (m.name == "debootstrap") return debootstrap(m, root, p);
  if (m.name == "rsync") return rsync(m, name, root, p);
  if (m.name == "clone") {
    auto src = clone_source(m, name, p);
    if (!src) return std::unexpected(src.error());
    std::error_code ec;
    std::string from = fs::canonical(*src, ec).string(), to = fs::canonical(root, ec).string();
    if (to == from || to.starts_with(from + "/"))
      return std::unexpected(
          vsys::Error(EINVAL, fmt::format("--source {} holds the new root {}", from, to)));
    return run_or_fail({"cp", "-a", from + "/.", to + "/"});
  }
  return make_skeleton(root);
}

}  // namespace vtool
