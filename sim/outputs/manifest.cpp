#include "outputs/manifest.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <stdexcept>

#include "core/build_info.hpp"
#include "core/sha256.hpp"



namespace pasante {

namespace fs = std::filesystem;

std::string iso8601_utc(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto ms = time_point_cast<milliseconds>(when);
  auto seconds = time_point_cast<std::chrono::seconds>(ms);
  if (seconds > ms) seconds -= std::chrono::seconds(1);  // before 1970: round down
  const std::time_t t = system_clock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", date, static_cast<int>((ms - seconds).count()));
  return out;
}

nlohmann::ordered_json manifest_json(const fs::path& dir, const Scenario& scenario, const RunInfo& info) {
  std::map<std::string, std::string> outputs;  // sorted by name
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().lexically_relative(dir).generic_string();
    if (name == kManifestFile) continue;
    outputs[name] = sha256_file_hex(entry.path());
  }
  const std::string resolved = scenario.resolved_text();
  // Keys in reading order; the resolved scenario keeps its own (sorted) order.
  return {
      {"program", "pasante"},
      {"command", "run"},
      {"version", kVersion},
      {"revision", source_revision()},
      {"scenario",
       {{"source", scenario.source},
        {"files", scenario.files},
        {"sha256", sha256_hex(resolved)},
        {"resolved", nlohmann::ordered_json::parse(resolved)}}},
      {"seed", scenario.parameters.scenario.seed},
      {"threads", info.threads},
      {"started_at", iso8601_utc(info.started_at)},
      {"finished_at", iso8601_utc(info.finished_at)},
      {"wall_seconds", std::chrono::duration<double>(info.finished_at - info.started_at).count()},
      {"outputs", outputs},
  };
}

void write_manifest(const fs::path& dir, const Scenario& scenario, const RunInfo& info) {
  const std::string text = manifest_json(dir, scenario, info).dump(2) + "\n";
  const fs::path file = dir / kManifestFile;
  std::ofstream out(file, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) throw std::runtime_error("error writing " + file.string());
}

}  // namespace pasante
