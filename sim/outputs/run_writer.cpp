#include "outputs/run_writer.hpp"

#include "outputs/csv_writers.hpp"
#include "outputs/run_directory.hpp"

namespace pasante {

void write_run(const std::string& out_dir, const Scenario& scenario, const RunResults& results, const RunInfo& info) {
  RunDirectory dir(out_dir);

  // The data files.
  write_summary_csv(dir.file("summary.csv"), results.summary);
  write_timeseries_csv(dir.file("timeseries.csv"), results.timeseries);
  write_table_csv(dir.file("interns.csv"), results.interns);
  write_table_csv(dir.file("violence_events.csv"), results.violence_events);

  // Derived documents go here, after the data and before the manifest so
  // they are hashed with it (report.html: a later issue).

  write_manifest(dir.staging_path(), scenario, info);  // last: hashes every file above
  dir.commit();
}

}  // namespace pasante
