// SHA-256 digests (lower-case hex) for the run manifest.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace pasante {

// Digest of `data`.
std::string sha256_hex(std::string_view data);

// Digest of a file's bytes, read in chunks. Throws std::runtime_error when the
// file cannot be read.
std::string sha256_file_hex(const std::filesystem::path& path);

}  // namespace pasante
