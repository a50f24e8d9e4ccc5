// manifest.json: what produced a run directory and how to check it — program
// version and source revision, the fully resolved scenario and its SHA-256,
// seed, threads, start and end times, and the SHA-256 of every other file.
#pragma once
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>

#include "scenario/scenario.hpp"

namespace pasante {

// How a run was executed (what the results alone do not tell).
struct RunInfo {
  int threads = 1;
  std::chrono::system_clock::time_point started_at;
  std::chrono::system_clock::time_point finished_at;
};

inline constexpr const char* kManifestFile = "manifest.json";

// "2024-05-01T12:34:56.789Z"
std::string iso8601_utc(std::chrono::system_clock::time_point when);

// The manifest for the files already in `dir` (every regular file except
// manifest.json, keyed by path relative to `dir`, sorted by name).
nlohmann::ordered_json manifest_json(const std::filesystem::path& dir, const Scenario& scenario, const RunInfo& info);

// Writes manifest.json into `dir`; call it after every other file is written.
void write_manifest(const std::filesystem::path& dir, const Scenario& scenario, const RunInfo& info);

}  // namespace pasante
