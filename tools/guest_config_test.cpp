// Host tests of the /etc/vservers/NAME reader on trees in a temp dir.
#include "guest_config.hpp"

#include <sched.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "conf_file.hpp"
#include "vsys/names.hpp"

namespace vtool {
namespace {

namespace fs = std::filesystem;

class GuestConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/guest-config-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    base_ = tmpl;
    dir_ = base_ / "etc" / "a";
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(base_); }

  // Writes text into dir_/rel, creating the directories on the way.
  void put(const std::string& rel, const std::string& text) {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel) << text;
  }
  vsys::Result<GuestConfig> read() { return read_guest_config(dir_.string(), "/vservers"); }
  // The one-line error of a read that must fail.
  std::string error() {
    auto c = read();
    EXPECT_FALSE(c.has_value());
    return c ? "" : c.error().message();
  }

  fs::path base_, dir_;
};

TEST_F(GuestConfigTest, ReadsTheWholeTree) {
  put("context", "1234\n");
  put("name", "alpha\n");
  put("uts/nodename", "alpha.example\n");
  put("interfaces/dev", "eth0\n");
  put("interfaces/0/ip", "10.0.0.5\n");
  put("interfaces/0/prefix", "24\n");
  put("interfaces/0/name", "web\n");
  put("interfaces/1/ip", "10.0.1.5\n");
  put("interfaces/1/mask", "255.255.0.0\n");
  put("interfaces/1/dev", "eth1\n");
  put("interfaces/2/ip", "fd00::5\n");
  put("interfaces/2/nodev", "");
  put("interfaces/3/ip", "10.9.9.9\n");
  put("interfaces/3/disabled", "");
  put("flags", "# comment\nvirt_uptime\n~hide_mount\n");
  put("bcapabilities", "CAP_NET_RAW\n~cap_chown\n");
  put("ccapabilities", "raw_icmp\n");
  put("nflags", "hide_lback\n");
  put("ncapabilities", "ping\n");
  put("umask", "newnet\n");
  put("rlimits/nproc", "50\n");
  put("rlimits/nofile.soft", "1K\n");
  put("sched/fill-rate", "5\n");
  put("sched/interval", "10\n");
  put("sched/priority-bias", "-3\n");
  put("sched/1/cpu-id", "1\n");
  put("sched/1/tokens", "7\n");
  put("apps/init/style", "plain\n");
  put("apps/init/mark", "default\n");
  put("apps/init/cmd.start", "/bin/sh\n-c\nsleep 5\n");
  put("fstab", "none /proc proc defaults 0 0\nnone /tmp tmpfs size=16m,mode=1777 0 0\n");
  put("spaces/net", "");
  auto c = read();
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(c->xid, 1234u);
  EXPECT_EQ(c->name, "alpha");
  EXPECT_EQ(c->uts.at("nodename"), "alpha.example");
  ASSERT_EQ(c->interfaces.size(), 3u) << "interfaces/3 is disabled";
  EXPECT_EQ(c->interfaces[0].cidr(), "10.0.0.5/24");
  EXPECT_EQ(c->interfaces[0].dev, "eth0") << "interfaces/dev is the default";
  EXPECT_EQ(c->interfaces[0].name, "web");
  EXPECT_EQ(c->interfaces[1].cidr(), "10.0.1.5/16");
  EXPECT_EQ(c->interfaces[1].dev, "eth1");
  EXPECT_TRUE(c->interfaces[2].ipv6);
  EXPECT_EQ(c->interfaces[2].cidr(), "fd00::5/128");
  EXPECT_EQ(c->interfaces[2].dev, "") << "nodev";
  EXPECT_EQ(c->cflags.value, VXF_VIRT_UPTIME);
  EXPECT_EQ(c->cflags.mask, VXF_VIRT_UPTIME | VXF_HIDE_MOUNT);
  EXPECT_EQ(c->bcaps.value, 1ULL << 13);
  EXPECT_EQ(c->bcaps.mask, (1ULL << 13) | 1ULL);
  EXPECT_EQ(c->ccaps.value, VXC_RAW_ICMP);
  EXPECT_EQ(c->nflags.value, NXF_HIDE_LBACK);
  EXPECT_EQ(c->ncaps.value, NXC_RAW_ICMP);
  EXPECT_EQ(c->umask.value, static_cast<std::uint64_t>(CLONE_NEWNET));
  EXPECT_EQ(c->limits_given, (1U << VLIMIT_NPROC) | (1U << VLIMIT_NOFILE));
  EXPECT_EQ(c->limits[VLIMIT_NPROC].hard, 50u);
  EXPECT_EQ(c->limits[VLIMIT_NOFILE].soft, 1024u);
  ASSERT_EQ(c->sched.size(), 2u) << "the request and sched/1";
  EXPECT_EQ(c->sched[0].mask, VXSM_FILL_RATE | VXSM_INTERVAL | VXSM_PRIO_BIAS);
  EXPECT_EQ(c->sched[0].fill_rate[0], 5);
  EXPECT_EQ(c->sched[0].interval[0], 10);
  EXPECT_EQ(c->sched[0].prio_bias, -3) << "priority-bias";
  EXPECT_EQ(c->sched[1].mask, VXSM_CPU_ID | VXSM_TOKENS);
  EXPECT_EQ(c->sched[1].cpu_id, 1);
  EXPECT_EQ(c->init_style, "plain");
  EXPECT_EQ(c->mark, "default");
  EXPECT_EQ(c->cmd_start, (std::vector<std::string>{"/bin/sh", "-c", "sleep 5"}));
  ASSERT_EQ(c->fstab.size(), 2u);
  EXPECT_EQ(c->fstab[1].target, "/tmp");
  EXPECT_EQ(c->fstab[1].options, "size=16m,mode=1777");
  EXPECT_EQ(c->spaces, static_cast<std::uint64_t>(CLONE_NEWNET));
  EXPECT_EQ(c->vdir, "/vservers/a") << "vdirbase/NAME without a vdir link";
  EXPECT_TRUE(c->unsupported.empty());
}

TEST_F(GuestConfigTest, DefaultsOfAnEmptyTree) {
  auto c = read();
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(c->name, "a") << "the directory's name";
  EXPECT_FALSE(c->xid.has_value());
  EXPECT_EQ(c->init_style, "sysv") << "util-vserver's default";
  EXPECT_EQ(c->runlevel_start, "3");
  EXPECT_EQ(c->cflags.mask, 0u);
  EXPECT_TRUE(c->interfaces.empty());
}

TEST_F(GuestConfigTest, VdirLinkNamesTheRoot) {
  fs::create_directory_symlink("/srv/guests/a", dir_ / "vdir");
  auto c = read();
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(c->vdir, "/srv/guests/a");
}

TEST_F(GuestConfigTest, UnknownFilesNameThemselves) {
  put("colour", "blue\n");
  EXPECT_NE(error().find("/a/colour: unknown configuration file"), std::string::npos);
}

TEST_F(GuestConfigTest, UnknownFilesInSubdirectories) {
  for (const char* rel : {"uts/hostname", "interfaces/0/gateway", "apps/init/runlvl", "sched/speed",
                          "sched/1/speed", "spaces/time", "rlimits/bogus"}) {
    SCOPED_TRACE(rel);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    put("interfaces/0/ip", "10.0.0.1\n");
    put(rel, "1\n");
    EXPECT_NE(error().find(rel), std::string::npos);
  }
}

TEST_F(GuestConfigTest, MalformedFilesNameThemselves) {
  struct Case {
    const char* file;
    const char* text;
    const char* says;
  } cases[] = {
      {"context", "12x\n", "context: not a number '12x'"},
      {"context", "1\n", "context: 1 is not in 2..65535"},
      {"context", "70000\n", "context: 70000 is not in"},
      {"context", "\n", "context: empty"},
      {"flags", "virt_uptime\nbogus\n", "flags: flag 'bogus'"},
      {"bcapabilities", "CAP_NOPE\n", "bcapabilities: flag 'CAP_NOPE'"},
      {"ncapabilities", "nope\n", "ncapabilities: flag 'nope'"},
      {"apps/init/style", "minit\n", "style: unknown init style 'minit'"},
      {"apps/init/runlevel", "9\n", "runlevel: 9 is not in 0..6"},
      {"apps/init/cmd.start", "# nothing\n", "cmd.start: empty"},
      {"rlimits/nproc", "lots\n", "invalid limit in"},
      {"sched/interval", "3x\n", "interval: not a number '3x'"},
      {"fstab", "none proc proc\n", "fstab: malformed line 'none proc proc'"},
      {"interfaces/0/ip", "10.0.0.300\n", "ip: bad address '10.0.0.300'"},
      {"interfaces/0/prefix", "33\n", "prefix: bad prefix or mask '33'"},
      {"interfaces/0/mask", "255.0.255.0\n", "mask: bad prefix or mask"},
      {"interfaces/0/name", "web\n", "0/ip: missing"},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.file);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (std::string(k.file).starts_with("interfaces/0/") &&
        std::string(k.file) != "interfaces/0/ip" && std::string(k.file) != "interfaces/0/name")
      put("interfaces/0/ip", "10.0.0.1\n");
    put(k.file, k.text);
    std::string e = error();
    EXPECT_NE(e.find(k.says), std::string::npos) << e;
    EXPECT_EQ(e.find('\n'), std::string::npos) << "one line";
  }
}

TEST_F(GuestConfigTest, MissingDirectory) {
  auto c = read_guest_config((base_ / "nope").string(), "/vservers");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code(), ENOENT);
  EXPECT_NE(c.error().message().find("/nope: no such guest configuration"), std::string::npos);
}

TEST_F(GuestConfigTest, KnownButNotAppliedFilesAreListed) {
  put("cpuset/name", "x\n");
  put("nice", "5\n");
  auto c = read();
  ASSERT_TRUE(c.has_value()) << c.error().message();
  ASSERT_EQ(c->unsupported.size(), 2u);
}

TEST_F(GuestConfigTest, DiskLimits) {
  for (std::string n : {"0", "1"}) {
    put("dlimits/" + n + "/directory", "/var/lib/vservers/a\n");
    put("dlimits/" + n + "/space_total", "500000\n");
    put("dlimits/" + n + "/inodes_total", "10000\n");
    put("dlimits/" + n + "/reserved", "5\n");
  }
  put("dlimits/1/disabled", "");
  auto c = read();
  ASSERT_TRUE(c.has_value()) << c.error().message();
  ASSERT_EQ(c->dlimits.size(), 1u) << "dlimits/1 is disabled";
  EXPECT_EQ(c->dlimits[0].directory, "/var/lib/vservers/a");
  EXPECT_EQ(c->dlimits[0].space_total, 500000u);
  EXPECT_EQ(c->dlimits[0].inodes_total, 10000u);
  EXPECT_EQ(c->dlimits[0].reserved, 5u);
  EXPECT_TRUE(c->unsupported.empty());
}

TEST_F(GuestConfigTest, MalformedDiskLimitsNameTheirFile) {
  struct Case {
    const char* file;
    const char* text;
    const char* says;
  } cases[] = {
      {"reserved", "101\n", "0/reserved: 101 is not in 0..100"},
      {"space_total", "lots\n", "0/space_total: not a number"},
      {"directory", "relative\n", "0/directory: not an absolute path"},
      {"colour", "blue\n", "0/colour: unknown configuration file"},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.file);
    fs::remove_all(dir_);
    put("dlimits/0/directory", "/v\n");
    put("dlimits/0/space_total", "1\n");
    put("dlimits/0/inodes_total", "1\n");
    put("dlimits/0/reserved", "1\n");
    put(std::string("dlimits/0/") + k.file, k.text);
    EXPECT_NE(error().find(k.says), std::string::npos) << error();
  }
  fs::remove_all(dir_);
  put("dlimits/0/directory", "/v\n");
  EXPECT_NE(error().find("0/space_total: missing"), std::string::npos) << error();
}

TEST(InterfaceArgTest, UtilVserverForms) {
  auto a = parse_interface_arg("web=eth0:10.0.0.5/24");
  ASSERT_TRUE(a.has_value()) << a.error().message();
  EXPECT_EQ(a->name, "web");
  EXPECT_EQ(a->dev, "eth0");
  EXPECT_EQ(a->cidr(), "10.0.0.5/24");
  auto b = parse_interface_arg("10.0.0.6/255.255.255.0");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->dev, "");
  EXPECT_EQ(b->cidr(), "10.0.0.6/24");
  auto c = parse_interface_arg("nodev:10.0.0.7");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->dev, "");
  EXPECT_EQ(c->cidr(), "10.0.0.7/32");
  auto d = parse_interface_arg("fd00::7/64");
  ASSERT_TRUE(d.has_value());
  EXPECT_TRUE(d->ipv6);
  EXPECT_EQ(d->cidr(), "fd00::7/64");
  auto bad = parse_interface_arg("eth0:10.0.0.999/24");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("--interface 'eth0:10.0.0.999/24'"), std::string::npos);
}

TEST(ConfFileTest, ValuesItemsAndNumbers) {
  char tmpl[] = "/tmp/conf-file-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string d = tmpl;
  ASSERT_TRUE(write_value(d + "/v", "  hello  ").has_value());
  EXPECT_EQ(read_value(d + "/v").value(), "hello");
  EXPECT_FALSE(read_value(d + "/missing").value().has_value());
  std::ofstream(d + "/l") << "a\n\n # c\nb # tail\n";
  EXPECT_EQ(read_items(d + "/l").value(), (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(write_value(d + "/n", "42").has_value());
  EXPECT_EQ(read_number(d + "/n", 0, 100).value(), 42u);
  EXPECT_FALSE(read_number(d + "/n", 0, 10).has_value());
  EXPECT_FALSE(read_value(d).has_value()) << "a directory";
  fs::remove_all(d);
}

}  // namespace
}  // namespace vtool
