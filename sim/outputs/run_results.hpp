// What a finished run hands to the writers: plain tables, no model types.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/calendar.hpp"

namespace pasante {

struct SummaryMetric {
  std::string name;
  double value = 0;
};

// Tidy long format: day, municipality, metric, value.
struct TimeSeries {
  struct Row {
    SimDay day = 0;               // last day of the period the row covers
    std::uint32_t municipality = 0;  // index into `municipalities`
    std::uint32_t metric = 0;        // index into `metrics`
    double value = 0;
  };
  std::vector<std::string> municipalities;  // names used in the csv ("all" for the jurisdiction)
  std::vector<std::string> metrics;
  std::vector<Row> rows;
};

// A generic table of already-formatted cells (interns.csv, violence_events.csv).
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

struct RunResults {
  std::vector<SummaryMetric> summary;
  TimeSeries timeseries;
  Table interns;
  Table violence_events;
};

// Shortest text that reads back to the same double (std::to_chars), so
// outputs are byte-identical wherever the same numbers are computed.
std::string format_number(double value);

}  // namespace pasante
