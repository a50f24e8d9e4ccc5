// What a finished run hands to the writers: plain tables, no model types.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// The geography a report draws: places, clinics with their refusal rates, roads.
struct RunMap {
  struct Place {
    std::string name;
    std::uint32_t municipality = 0;  // index into `municipalities`
    double lat = 0, lon = 0;
    std::uint32_t population = 0;
  };
  struct ClinicMark {
    std::uint32_t place = 0;         // index into `places`
    std::string category;            // A, B, C, CC
    std::int64_t visits_sought = 0, refused = 0;
    double refusal_rate = 0;
    bool intern_at_end = false;
  };
  struct RoadLine {
    std::uint32_t from = 0, to = 0;  // indices into `places`
    bool paved = false;
  };
  std::vector<std::string> municipalities;
  std::vector<Place> places;
  std::vector<ClinicMark> clinics;
  std::vector<RoadLine> roads;       // roads between places (the warehouse link is left out)
  struct EventMark {
    std::uint32_t place = 0;
    std::string type;                // gunfire, checkpoint, ...
    SimDay day = 0;
  };
  std::vector<EventMark> events;     // violent events
  std::uint32_t hospital_place = 0;      // the first hospital
  std::vector<std::uint32_t> hospital_places;  // every hospital
};

struct RunResults {
  std::vector<SummaryMetric> summary;
  TimeSeries timeseries;
  Table interns;
  Table violence_events;
  RunMap map;
};

// Shortest text that reads back to the same double (std::to_chars), so
// outputs are byte-identical wherever the same numbers are computed.
std::string format_number(double value);
// format_number, or "" for an undefined value (NaN or infinite): a CSV cell.
std::string format_cell(double value);
// About four significant digits ("%.4g"), or "-" when undefined: numbers in
// tables printed to the terminal.
std::string format_short(double value);
// The whole of `text` read as a number (what format_number writes, or any
// decimal or exponent form); nullopt for anything else, including "" and
// trailing characters.
std::optional<double> parse_number(std::string_view text);

}  // namespace pasante
