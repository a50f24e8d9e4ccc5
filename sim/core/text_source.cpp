#include "core/text_source.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/input_error.hpp"

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

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    i += len;
  }
  return std::nullopt;
}

std::string not_utf8_problem(char byte) {
  static const char* digits = "0123456789ABCDEF";
  const auto b = static_cast<unsigned char>(byte);
  return std::string("not UTF-8 text (byte 0x") + digits[b >> 4] + digits[b & 15] + ")";
}

TextPosition position_of(std::string_view text, std::size_t offset) {
  TextPosition p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

void require_utf8(std::string_view text, const std::string& file) {
  // UTF-16 and UTF-32 with a byte-order mark are valid YAML too (yaml-cpp converts them).
  for (const std::string_view bom : {std::string_view("\xFF\xFE"), std::string_view("\xFE\xFF"),
                                     std::string_view("\0\0\xFE\xFF", 4)})
    if (text.starts_with(bom)) return;
  if (const auto bad = first_invalid_utf8(text)) {
    const TextPosition p = position_of(text, *bad);
    throw InputError({file, p.line, p.column, ""}, not_utf8_problem(text[*bad]) + "; save the file as UTF-8");
  }
}

std::string canonical_identity(const std::string& path) {
  if (is_embedded(path)) return path;
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(path, ec);
  return ec ? fs::path(path).lexically_normal().string() : p.string();
}

}  // namespace pasante
