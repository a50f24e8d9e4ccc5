#include "core/build_info.hpp"

#include <exception>

#include "core/sha256.hpp"

namespace pasante {

const std::string& build_identity() {
  static const std::string identity = [] {
    try {
      // The running image itself, even if its file has since been replaced.
      return "sha256:" + sha256_file_hex("/proc/self/exe");
    } catch (const std::exception&) {
      return "revision:" + std::string(source_revision());
    }
  }();
  return identity;
}

}  // namespace pasante
