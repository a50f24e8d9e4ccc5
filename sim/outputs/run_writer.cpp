#include "outputs/run_writer.hpp"

#include "outputs/csv_writers.hpp"
#include "outputs/run_directory.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace pasante {

void write_run(const std::string& out_dir, const Scenario& scenario, const RunResults& results, const RunInfo& info,
               const std::vector<std::pair<std::string, std::string>>& extra_files) {
  RunDirectory dir(out_dir);

  // The data files.
  write_summary_csv(dir.file("summary.csv"), results.summary);
  write_timeseries_csv(dir.file("timeseries.csv"), results.timeseries);
  write_table_csv(dir.file("interns.csv"), results.interns);
  write_table_csv(dir.file("violence_events.csv"), results.violence_events);

  // Derived documents (report.html), after the data and before the manifest
  // so they are hashed with it.
  for (const auto& [name, content] : extra_files) {
    if (name.empty() || name == "manifest.json" || name.find('/') != std::string::npos || name == "." || name == "..")
      throw std::invalid_argument("write_run: bad extra file name '" + name + "'");
    const std::filesystem::path file = dir.file(name);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + file.string());
  }

  write_manifest(dir.staging_path(), scenario, info);  // last: hashes every file above
  dir.commit();
}

}  // namespace pasante
