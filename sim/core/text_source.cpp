#include "core/text_source.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pasante {

namespace fs = std::filesystem;

static bool is_embedded(std::string_view path) { return path.starts_with(kEmbeddedPrefix); }

std::optional<std::string> read_text_file(const std::string& path) {
  if (is_embedded(path)) {
    const std::string_view inner = std::string_view(path).substr(kEmbeddedPrefix.size());
    const std::string normal = fs::path(inner).lexically_normal().generic_string();
    for (const auto& f : embedded_files())
      if (f.path == normal) return std::string(f.content);
    return std::nullopt;
  }
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string resolve_relative(const std::string& base_file, const std::string& relative) {
  if (is_embedded(relative) || fs::path(relative).is_absolute()) return relative;
  if (is_embedded(base_file)) {
    const fs::path inner = fs::path(base_file.substr(kEmbeddedPrefix.size())).parent_path() / relative;
    return std::string(kEmbeddedPrefix) + inner.lexically_normal().generic_string();
  }
  return (fs::path(base_file).parent_path() / relative).lexically_normal().string();
}

std::string canonical_identity(const std::string& path) {
  if (is_embedded(path)) return path;
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(path, ec);
  return ec ? fs::path(path).lexically_normal().string() : p.string();
}

}  // namespace pasante
