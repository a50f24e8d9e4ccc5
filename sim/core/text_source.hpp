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
