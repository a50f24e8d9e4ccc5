// docs/ODD.md carries the parameter catalogue as a generated appendix. These
// tests keep it identical to what `pasante params --markdown` prints, and keep
// that rendering complete and well-formed.
#include "scenario/parameter_docs.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/parameter_catalog.hpp"

namespace pasante {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBegin = "<!-- BEGIN GENERATED PARAMETERS -->\n";
constexpr std::string_view kEnd = "<!-- END GENERATED PARAMETERS -->";
constexpr const char* kRegenerate =
    "the Parameters appendix of docs/ODD.md is out of date: rebuild (cmake --build build) and run "
    "docs/update_parameters.sh to rewrite it";

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; returns its exit status (-1 when it did not exit).
int shell(const std::string& command) {
  const int raw = std::system(command.c_str());
  return raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The text between the BEGIN marker line and the END marker line (which must
// start a line); nullopt when either marker is missing.
std::optional<std::string> generated_block(const std::string& doc) {
  const auto begin = doc.find(kBegin);
  if (begin == std::string::npos) return std::nullopt;
  const auto from = begin + kBegin.size();
  auto end = doc.find(kEnd, from);
  while (end != std::string::npos && end != from && doc[end - 1] != '\n') end = doc.find(kEnd, end + 1);
  if (end == std::string::npos) return std::nullopt;
  return doc.substr(from, end - from);
}

// "line N: expected ... / found ..." for the first line where two texts differ.
std::string first_difference(const std::string& expected, const std::string& found) {
  const auto a = lines_of(expected), b = lines_of(found);
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string x = i < a.size() ? a[i] : "<end of text>", y = i < b.size() ? b[i] : "<end of text>";
    if (x != y) return "first difference at line " + std::to_string(i + 1) + " of the block:\n  generated: " + x +
                       "\n  in ODD.md:  " + y;
  }
  return "the texts differ only in their final line break";
}

// Cells of a table row, split on pipes that are not escaped.
std::size_t unescaped_pipes(std::string_view line) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++n;
  return n;
}

const fs::path kSourceDir = PASANTE_SOURCE_DIR;

TEST(OddParameters, AppendixMatchesTheCatalogue) {
  const fs::path odd = kSourceDir / "docs" / "ODD.md";
  ASSERT_TRUE(fs::exists(odd)) << odd << " is missing";
  const auto block = generated_block(read_file(odd));
  ASSERT_TRUE(block.has_value()) << "docs/ODD.md must hold the line '" << kBegin.substr(0, kBegin.size() - 1)
                                 << "' followed later by the line '" << kEnd
                                 << "'; docs/update_parameters.sh fills the lines between them";
  const std::string expected = format_parameter_markdown();
  EXPECT_TRUE(*block == expected) << kRegenerate << "\n" << first_difference(expected, *block);
}

TEST(OddParameters, MarkdownMentionsEveryKey) {
  const std::string markdown = format_parameter_markdown();
  std::size_t rows = 0;
  for (const auto& line : lines_of(markdown))
    if (line.starts_with("| `")) ++rows;
  EXPECT_EQ(rows, parameter_catalog().size()) << "one table row per declared parameter";
  for (const ParameterSpec& s : parameter_catalog())
    EXPECT_NE(markdown.find("| `" + std::string(s.key) + "` |"), std::string::npos) << s.key << " has no row";
}

TEST(OddParameters, OneTablePerGroupInDeclarationOrder) {
  const std::string markdown = format_parameter_markdown();
  std::vector<std::string> groups;
  for (const auto& line : lines_of(markdown))
    if (line.starts_with("### `")) groups.push_back(line.substr(5, line.size() - 6));
  const std::vector<std::string> expected{"scenario", "world",       "population", "medicines", "demand",
                                          "care",     "health",      "supply",     "violence",  "interns",
                                          "supervision", "reporting", "administration", "policy"};
  EXPECT_EQ(groups, expected);
}

TEST(OddParameters, RowsAreWellFormedAndDeterministic) {
  const std::string markdown = format_parameter_markdown();
  EXPECT_EQ(markdown, format_parameter_markdown());
  ASSERT_TRUE(markdown.ends_with("|\n"));
  for (const auto& line : lines_of(markdown)) {
    if (!line.starts_with("|")) continue;
    // Seven columns: eight unescaped pipes, whatever the cells contain.
    EXPECT_EQ(unescaped_pipes(line), 8u) << line;
  }
  // A header row for each table.
  std::size_t headers = 0;
  for (const auto& line : lines_of(markdown))
    headers += line == "| key | type | unit | default | range | description | source |";
  EXPECT_EQ(headers, 14u);
}

TEST(OddParameters, CliPrintsTheSameMarkdown) {
  const fs::path out = fs::temp_directory_path() / ("pasante_params_md_" + std::to_string(::getpid()));
  ASSERT_EQ(shell(shell_quote(PASANTE_BINARY) + " params --markdown >" + shell_quote(out.string())), 0);
  EXPECT_EQ(read_file(out), format_parameter_markdown());
  fs::remove(out);
}

TEST(OddParameters, UpdateScriptRewritesOnlyTheBlock) {
  const fs::path dir = fs::temp_directory_path() / ("pasante_odd_script_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path doc = dir / "ODD.md";
  const std::string before = "# Title\n\nText with a | pipe and \\| backslash.\n\n", after = "\nAfter.\n";
  write_file(doc, before + std::string(kBegin) + "stale\n| row |\n" + std::string(kEnd) + "\n" + after);
  const std::string script = shell_quote((kSourceDir / "docs" / "update_parameters.sh").string());
  const std::string args = " --binary " + shell_quote(PASANTE_BINARY) + " --doc " + shell_quote(doc.string()) +
                           " >/dev/null 2>&1";
  EXPECT_EQ(shell(script + " --check" + args), 1) << "--check must report a stale block";
  ASSERT_EQ(shell(script + args), 0);
  EXPECT_EQ(read_file(doc),
            before + std::string(kBegin) + format_parameter_markdown() + std::string(kEnd) + "\n" + after);
  EXPECT_EQ(shell(script + " --check" + args), 0) << "a fresh block passes --check";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pasante
