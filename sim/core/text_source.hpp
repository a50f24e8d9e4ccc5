// Reading scenario and data files, from disk or from the copies embedded in
// the binary. Embedded files have paths beginning "embedded:" (for example
// "embedded:scenarios/doctor_arroyo.yaml"), so relative paths inside an
// embedded scenario resolve to other embedded files exactly as they would on
// disk.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pasante {

inline constexpr std::string_view kEmbeddedPrefix = "embedded:";

// The file's whole text, or nullopt when it does not exist or cannot be read.
std::optional<std::string> read_text_file(const std::string& path);

// `relative` resolved against the folder of `base_file` (absolute paths pass through).
std::string resolve_relative(const std::string& base_file, const std::string& relative);

// Where `text` stops being well-formed UTF-8: the byte offset of the first
// byte that does not belong to a valid sequence (overlong forms, surrogates
// and code points above U+10FFFF count as invalid), or nullopt when it is all
// valid. Scenario and data files must be UTF-8: their text ends up in JSON
// and HTML outputs.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// "not UTF-8 text (byte 0xFF)", for a file or value whose
// first invalid byte is `byte`.
std::string not_utf8_problem(char byte);
// The valid text before the first invalid byte at `offset`, for naming where it is.
inline std::string printable_prefix(std::string_view text, std::size_t offset) {
  return std::string(text.substr(0, offset)) + "...";
}

// The 1-based line and column (counted in bytes) of a byte offset in `text`.
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition position_of(std::string_view text, std::size_t offset);

// Throws an InputError naming `file`, the line and column of the first byte
// of `text` that is not UTF-8. (Text that opens with a UTF-16 or UTF-32
// byte-order mark passes: YAML readers convert it.)
void require_utf8(std::string_view text, const std::string& file);

// A stable identity for cycle detection ("embedded:..." or a canonical disk path).
std::string canonical_identity(const std::string& path);

// The embedded files compiled into the binary (generated at build time).
struct EmbeddedFile {
  std::string_view path;     // relative to the source tree, e.g. "scenarios/doctor_arroyo.yaml"
  std::string_view content;
};
const std::vector<EmbeddedFile>& embedded_files();

inline constexpr std::string_view kDefaultScenario = "embedded:scenarios/doctor_arroyo.yaml";

}  // namespace pasante
