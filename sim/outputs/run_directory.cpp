#include "outputs/run_directory.hpp"

#include <fcntl.h>   // AT_FDCWD
#include <stdio.h>   // renameat2, RENAME_EXCHANGE (glibc, _GNU_SOURCE)
#include <unistd.h>  // getpid

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>

#include "core/input_error.hpp"

namespace pasante {

namespace fs = std::filesystem;

namespace {

// Absolute, normalised, without a trailing separator ("runs/x/" -> ".../runs/x").
fs::path normalised(const fs::path& dir) {
  fs::path p = fs::absolute(dir).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

fs::path sibling(const fs::path& final_dir, const std::string& suffix) {
  return final_dir.parent_path() / (final_dir.filename().string() + suffix + std::to_string(::getpid()));
}

// Throws InputError unless the final directory and its staging sibling can be
// created: the nearest existing folder above them must be a directory we can
// write. Checked by making and removing an empty directory there, since
// permission bits say nothing about read-only file systems, or to root.
void check_creatable(const fs::path& final_dir) {
  const std::string where = final_dir.string();
  std::error_code ec;
  fs::path p = normalised(final_dir).parent_path();
  while (!p.empty() && !fs::exists(fs::symlink_status(p, ec)) && p != p.root_path()) p = p.parent_path();
  if (!fs::is_directory(p, ec))
    throw InputError({where, 0, 0, ""}, "cannot create the output directory: '" + p.string() + "' is not a directory");
  const fs::path probe = p / (".pasante-probe-" + std::to_string(::getpid()));
  if (!fs::create_directory(probe, ec) && ec)
    throw InputError({where, 0, 0, ""}, "cannot create the output directory in '" + p.string() + "': " + ec.message());
  fs::remove(probe, ec);
}

// What a previous output's manifest says: refuses anything but an output of
// `kind` that holds nothing beyond what its manifest lists.
void check_previous_output(const fs::path& final_dir, std::string_view kind) {
  const std::string where = final_dir.string();
  nlohmann::json manifest;
  {
    std::ifstream in(final_dir / "manifest.json", std::ios::binary);
    manifest = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  }
  const auto text = [&](const char* key, const char* fallback) -> std::optional<std::string> {
    if (!manifest.contains(key)) return std::string(fallback);
    const auto& v = manifest[key];
    return v.is_string() ? std::optional(v.get<std::string>()) : std::nullopt;
  };
  const auto program = manifest.is_object() ? text("program", "") : std::nullopt;
  // Runs written before manifests named their command are runs.
  const auto command = manifest.is_object() ? text("command", "run") : std::nullopt;
  if (!program || *program != "pasante" || !command || !manifest.contains("outputs") ||
      !manifest["outputs"].is_object())
    throw InputError({where, 0, 0, ""},
                     "refusing to overwrite a directory that is not pasante's (its manifest.json was not written by "
                     "pasante); choose another --out or remove it");
  if (*command != kind)
    throw InputError({where, 0, 0, ""}, "refusing to overwrite the output of `pasante " + *command + "` with a " +
                                            std::string(kind) + "; choose another --out or remove it");
  // Every file in the directory, at any depth, must be one the manifest lists.
  std::set<std::string> listed{"manifest.json"};
  for (const auto& [name, hash] : manifest["outputs"].items()) listed.insert(fs::path(name).lexically_normal().generic_string());
  for (auto it = fs::recursive_directory_iterator(final_dir); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_directory() && !it->is_symlink()) continue;  // judged by what it holds
    const std::string name = it->path().lexically_relative(final_dir).generic_string();
    if (!listed.contains(name))
      throw InputError({where, 0, 0, ""}, "refusing to overwrite: it holds '" + name +
                                              "', which pasante did not write there; choose another --out or "
                                              "move it");
  }
}

void check_existing(const fs::path& final_dir, std::string_view kind) {
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(final_dir, ec);
  if (!fs::exists(status)) return;
  const std::string where = final_dir.string();
  if (!fs::is_directory(fs::status(final_dir, ec)))
    throw InputError({where, 0, 0, ""}, "refusing to overwrite: it exists and is not a directory");
  if (fs::is_regular_file(final_dir / "manifest.json", ec)) return check_previous_output(final_dir, kind);
  if (fs::is_empty(final_dir, ec) && !ec) return;
  throw InputError({where, 0, 0, ""},
                   "refusing to overwrite a directory that is not pasante's output (it has no manifest.json); "
                   "choose another --out or remove it");
}

}  // namespace

void RunDirectory::check_replaceable(const fs::path& final_dir, std::string_view kind) {
  check_existing(final_dir, kind);
  check_creatable(final_dir);
}

RunDirectory::RunDirectory(const fs::path& final_dir, std::string_view kind)
    : final_(normalised(final_dir)), kind_(kind) {
  check_replaceable(final_, kind_);
  // Remember the topmost missing parent, to tidy up after a failure.
  for (fs::path p = final_.parent_path(); !p.empty() && !fs::exists(p); p = p.parent_path()) {
    created_parent_ = p;
    if (p == p.root_path()) break;
  }
  fs::create_directories(final_.parent_path());
  staging_ = sibling(final_, ".partial-");
  fs::remove_all(staging_);  // leftover of an earlier process with the same pid
  fs::create_directory(staging_);
}

RunDirectory::~RunDirectory() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
  if (created_parent_.empty()) return;
  // Remove the parents we created, deepest first, while they are empty.
  for (fs::path p = final_.parent_path();; p = p.parent_path()) {
    if (!fs::remove(p, ec) || ec) break;  // not empty (someone else wrote there) or gone
    if (p == created_parent_) break;
  }
}

void RunDirectory::commit() {
  if (committed_) throw std::logic_error("RunDirectory::commit called twice");
  check_existing(final_, kind_);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(final_, ec)) || fs::is_empty(final_, ec)) {
    fs::rename(staging_, final_);  // rename(2) replaces an empty directory
    committed_ = true;
    return;
  }
#ifdef RENAME_EXCHANGE
  // Swap the new run and the old one in a single step, then delete the old one.
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, final_.c_str(), RENAME_EXCHANGE) == 0) {
    committed_ = true;
    fs::remove_all(staging_, ec);
    return;
  }
#endif
  // Fallback: move the old run aside, move the new one in, delete the old one.
  const fs::path old = sibling(final_, ".old-");
  fs::remove_all(old);
  fs::rename(final_, old);
  try {
    fs::rename(staging_, final_);
  } catch (...) {
    fs::rename(old, final_, ec);
    throw;
  }
  committed_ = true;
  fs::remove_all(old, ec);
}

}  // namespace pasante
