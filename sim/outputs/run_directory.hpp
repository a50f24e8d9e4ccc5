// An output directory that appears all at once. Writers fill a sibling
// staging directory ("<final>.partial-<pid>"); commit() renames it into
// place. Until then nothing at the final path changes, and if commit() never
// happens the staging directory is removed, so a failed run leaves nothing
// that looks complete.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace pasante {

class RunDirectory {
 public:
  // Creates the staging directory (and any missing parents of `final_dir`)
  // for an output of `kind` (the command that writes it: "run", "compare",
  // "calibrate"). Throws InputError when `final_dir` exists and is not
  // replaceable by it.
  explicit RunDirectory(const std::filesystem::path& final_dir, std::string_view kind = "run");
  ~RunDirectory();  // removes the staging directory unless committed
  RunDirectory(const RunDirectory&) = delete;
  RunDirectory& operator=(const RunDirectory&) = delete;

  const std::filesystem::path& final_path() const { return final_; }
  const std::filesystem::path& staging_path() const { return staging_; }
  // Where a writer puts the output file `name`.
  std::filesystem::path file(std::string_view name) const { return staging_ / name; }

  // Moves the staging directory to the final path, replacing a previous run
  // there (atomically where the kernel can exchange two directories).
  void commit();
  bool committed() const { return committed_; }

  // Throws InputError unless `final_dir` is absent, an empty directory, or a
  // previous output of the same `kind`: a directory whose manifest.json says
  // pasante wrote it with that command (no command: a run) and which holds
  // nothing beyond the files that manifest lists. And unless it can be
  // created (the nearest existing folder above it is a directory we can
  // write). Lets the command line refuse before spending hours on a run it
  // could not save, and keeps anything a user put there.
  static void check_replaceable(const std::filesystem::path& final_dir, std::string_view kind = "run");

 private:
  std::filesystem::path final_;
  std::filesystem::path staging_;
  std::string kind_;
  std::filesystem::path created_parent_;  // topmost parent we created (removed on failure if empty)
  bool committed_ = false;
};

}  // namespace pasante
