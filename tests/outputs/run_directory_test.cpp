#include "outputs/run_directory.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/input_error.hpp"

namespace pasante {
namespace {

namespace fs = std::filesystem;

class RunDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("pasante_rundir_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  static void write(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
  }
  static std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Names in the test root (to spot leftovers such as staging directories).
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(root_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  // The manifest.json pasante writes with an output of `command` listing `outputs`.
  static std::string manifest(const std::string& command, const std::vector<std::string>& outputs) {
    std::string listed;
    for (const auto& o : outputs) listed += (listed.empty() ? "\"" : ", \"") + o + "\": \"0\"";
    return "{\"program\": \"pasante\", " + (command.empty() ? std::string() : "\"command\": \"" + command + "\", ") +
           "\"outputs\": {" + listed + "}}\n";
  }
  fs::path root_;
};

TEST_F(RunDirectoryTest, CommitRenamesStagingIntoPlace) {
  const fs::path final_dir = root_ / "run";
  {
    RunDirectory dir(final_dir);
    EXPECT_TRUE(fs::is_directory(dir.staging_path()));
    EXPECT_EQ(dir.staging_path().parent_path(), fs::absolute(final_dir).parent_path());
    write(dir.file("summary.csv"), "metric,value\n");
    EXPECT_FALSE(fs::exists(final_dir));  // nothing appears before commit
    dir.commit();
    EXPECT_TRUE(dir.committed());
    EXPECT_FALSE(fs::exists(dir.staging_path()));
  }
  EXPECT_EQ(read(final_dir / "summary.csv"), "metric,value\n");
  EXPECT_EQ(entries(), std::vector<std::string>{"run"});
}

TEST_F(RunDirectoryTest, DestructionWithoutCommitLeavesNothing) {
  const fs::path final_dir = root_ / "new" / "nested" / "run";
  {
    RunDirectory dir(final_dir);
    write(dir.file("summary.csv"), "partial");
  }
  EXPECT_FALSE(fs::exists(final_dir));
  EXPECT_TRUE(entries().empty()) << "the parents it created are removed too";
}

TEST_F(RunDirectoryTest, FailedRunKeepsAPreviousRunUntouched) {
  const fs::path final_dir = root_ / "run";
  fs::create_directories(final_dir);
  write(final_dir / "manifest.json", manifest("run", {"summary.csv"}));
  write(final_dir / "summary.csv", "old");
  {
    RunDirectory dir(final_dir);
    write(dir.file("summary.csv"), "new");
  }
  EXPECT_EQ(read(final_dir / "summary.csv"), "old");
  EXPECT_EQ(entries(), std::vector<std::string>{"run"});
}

TEST_F(RunDirectoryTest, ReplacesAPreviousRun) {
  const fs::path final_dir = root_ / "run";
  fs::create_directories(final_dir);
  write(final_dir / "manifest.json", manifest("", {"stale.csv"}));  // a run from before manifests named the command
  write(final_dir / "stale.csv", "old");
  {
    RunDirectory dir(final_dir);
    write(dir.file("summary.csv"), "new");
    write(dir.file("manifest.json"), "{\"new\": true}\n");
    dir.commit();
  }
  EXPECT_EQ(read(final_dir / "summary.csv"), "new");
  EXPECT_FALSE(fs::exists(final_dir / "stale.csv"));
  EXPECT_EQ(entries(), std::vector<std::string>{"run"}) << "no staging or old copies left beside it";
}

TEST_F(RunDirectoryTest, AcceptsAnEmptyDirectoryAndATrailingSlash) {
  fs::create_directories(root_ / "run");
  {
    RunDirectory dir((root_ / "run").string() + "/");
    write(dir.file("summary.csv"), "x");
    dir.commit();
  }
  EXPECT_EQ(read(root_ / "run" / "summary.csv"), "x");
  EXPECT_EQ(entries(), std::vector<std::string>{"run"});
}

TEST_F(RunDirectoryTest, RefusesToOverwriteADirectoryThatIsNotARun) {
  const fs::path final_dir = root_ / "thesis";
  fs::create_directories(final_dir);
  write(final_dir / "chapter1.tex", "precious");
  EXPECT_THROW(RunDirectory::check_replaceable(final_dir), InputError);
  try {
    RunDirectory dir(final_dir);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("thesis"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("manifest.json"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read(final_dir / "chapter1.tex"), "precious");
  EXPECT_EQ(entries(), std::vector<std::string>{"thesis"});
}

TEST_F(RunDirectoryTest, RefusesWhatAManifestDoesNotMakeAPreviousOutputOfTheSameKind) {
  struct Case {
    std::string what, manifest;
    std::vector<std::string> files;
    std::string message;
  };
  const std::vector<Case> cases{
      {"a web extension's folder", "{\"manifest_version\": 3}\n", {"background.js"}, "not pasante's"},
      {"a damaged manifest", "{\"program\": \"pasa", {"summary.csv"}, "not pasante's"},
      {"a comparison", manifest("compare", {"compare.csv"}), {"compare.csv"}, "output of `pasante compare`"},
      {"a run holding a user's notes", manifest("run", {"summary.csv"}), {"summary.csv", "notes.txt"},
       "'notes.txt', which pasante did not write"},
      {"a program that is not a string", "{\"program\": 5, \"outputs\": {}}\n", {"a.csv"}, "not pasante's"},
      {"a command that is not a string", "{\"program\": \"pasante\", \"command\": null, \"outputs\": {}}\n",
       {"a.csv"}, "not pasante's"},
      {"an output with no name", "{\"program\": \"pasante\", \"outputs\": {\"\": \"0\"}}\n", {"a.csv"},
       "'a.csv', which pasante did not write"},
  };
  for (const Case& c : cases) {
    const fs::path final_dir = root_ / "out";
    fs::remove_all(final_dir);
    fs::create_directories(final_dir);
    write(final_dir / "manifest.json", c.manifest);
    for (const auto& f : c.files) write(final_dir / f, "keep");
    try {
      RunDirectory dir(final_dir, "run");
      ADD_FAILURE() << c.what << ": expected InputError";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << c.what << ": " << e.what();
    }
    for (const auto& f : c.files) EXPECT_EQ(read(final_dir / f), "keep") << c.what;
  }
  // The same comparison directory is replaceable by a comparison.
  const fs::path compare_dir = root_ / "cmp";
  fs::create_directories(compare_dir / "nested");
  write(compare_dir / "manifest.json", manifest("compare", {"compare.csv", "nested/x.csv"}));
  write(compare_dir / "compare.csv", "old");
  write(compare_dir / "nested" / "x.csv", "old");
  EXPECT_NO_THROW(RunDirectory::check_replaceable(compare_dir, "compare"));
  EXPECT_THROW(RunDirectory::check_replaceable(compare_dir, "calibrate"), InputError);
  // A user's file beside a listed one, however deep, is refused too.
  write(compare_dir / "nested" / "notes.txt", "keep");
  EXPECT_THROW(RunDirectory::check_replaceable(compare_dir, "compare"), InputError);
  EXPECT_EQ(read(compare_dir / "nested" / "notes.txt"), "keep");
}

TEST_F(RunDirectoryTest, RefusesToOverwriteAFile) {
  write(root_ / "run", "a file");
  EXPECT_THROW(RunDirectory dir(root_ / "run"), InputError);
  EXPECT_EQ(read(root_ / "run"), "a file");
}

TEST_F(RunDirectoryTest, RefusesWhenANonRunDirectoryAppearsBeforeCommit) {
  const fs::path final_dir = root_ / "run";
  {
    RunDirectory dir(final_dir);
    write(dir.file("summary.csv"), "new");
    fs::create_directories(final_dir);
    write(final_dir / "notes.txt", "someone else's");
    EXPECT_THROW(dir.commit(), InputError);
  }
  EXPECT_EQ(read(final_dir / "notes.txt"), "someone else's");
  EXPECT_EQ(entries(), std::vector<std::string>{"run"});
}

}  // namespace
}  // namespace pasante
