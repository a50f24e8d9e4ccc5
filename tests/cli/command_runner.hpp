// Running the pasante binary from the command-line tests: quoting, reading
// what it wrote, and one run with stdout and stderr captured apart.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace pasante::test {

struct CommandResult {
  int status = -1;  // exit status, -1 when killed by a signal
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `binary <args>` in `work_dir` with no stdin; stdout and stderr go
// through files in `capture_dir` and come back apart.
inline CommandResult run_command(const std::filesystem::path& work_dir, const std::filesystem::path& capture_dir,
                                 const std::string& binary, const std::string& args) {
  const std::filesystem::path out = capture_dir / "stdout", err = capture_dir / "stderr";
  const std::string command = "cd " + shell_quote(work_dir.string()) + " && " + shell_quote(binary) + " " + args +
                              " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string()) + " </dev/null";
  const int raw = std::system(command.c_str());
  CommandResult r;
  r.status = raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

// A command-line test with a scratch directory of its own, removed afterwards:
// work() is the runs' working directory; stdout and stderr pass through
// capture(). Named after the suite, the process and the test, so suites
// running in parallel never share one.
class CommandLineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = std::filesystem::temp_directory_path() / ("pasante_" + std::string(info->test_suite_name()) + "_" +
                                                      std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(work());
    std::filesystem::create_directories(capture());
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::filesystem::path work() const { return root_ / "work"; }
  std::filesystem::path capture() const { return root_ / "capture"; }

  // Runs `pasante <args>` in work().
  CommandResult pasante(const std::string& args) const { return run_command(work(), capture(), PASANTE_BINARY, args); }

  std::filesystem::path root_;
};

}  // namespace pasante::test
