// Running the pasante binary from the command-line tests: quoting, reading
// what it wrote, and one run with stdout and stderr captured apart.
#pragma once
#include <sys/wait.h>

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

}  // namespace pasante::test
