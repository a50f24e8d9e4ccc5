#include "world/csv_table.hpp"

#include <charconv>
#include <cmath>

#include "core/input_error.hpp"
#include "core/text_source.hpp"

namespace pasante {

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits CSV text into records of fields, remembering the line each record
// starts on. Quoted fields may hold commas, doubled quotes and line breaks.
struct Splitter {
  std::string_view text;
  const std::string& file;
  std::size_t pos = 0;
  int line = 1;

  bool at_end() const { return pos >= text.size(); }

  [[noreturn]] void fail(int at_line, int column, const std::string& problem) const {
    throw InputError({file, at_line, column, ""}, problem);
  }

  // Reads one record; false at the end of the text. Blank lines are skipped.
  bool next(int& record_line, std::vector<std::string>& fields) {
    fields.clear();
    while (!at_end() && (text[pos] == '\n' || text[pos] == '\r')) {
      if (text[pos] == '\n') ++line;
      ++pos;
    }
    if (at_end()) return false;
    record_line = line;
    std::string field;
    while (true) {
      field.clear();
      if (!at_end() && text[pos] == '"') {
        const int quote_line = line;
        ++pos;
        while (true) {
          if (at_end()) fail(quote_line, static_cast<int>(fields.size()) + 1, "unterminated quoted field");
          const char c = text[pos++];
          if (c == '"') {
            if (!at_end() && text[pos] == '"') {
              field += '"';
              ++pos;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line;
            field += c;
          }
        }
        if (!at_end() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r')
          fail(line, static_cast<int>(fields.size()) + 1, "unexpected character after a quoted field");
      } else {
        const std::size_t start = pos;
        while (!at_end() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          if (text[pos] == '"') fail(line, static_cast<int>(fields.size()) + 1, "quote inside an unquoted field");
          ++pos;
        }
        field.assign(text.substr(start, pos - start));
      }
      fields.push_back(field);
      if (at_end()) return true;
      const char c = text[pos];
      if (c == ',') {
        ++pos;
        continue;
      }
      // End of record: consume "\r\n", "\n" or a lone "\r".
      if (c == '\r') ++pos;
      if (!at_end() && text[pos] == '\n') ++pos;
      ++line;
      return true;
    }
  }
};

}  // namespace

CsvTable CsvTable::read(const std::string& path) {
  const std::optional<std::string> text = read_text_file(path);
  if (!text) throw InputError({path, 0, 0, ""}, "cannot read the data file");
  return parse(*text, path);
}

CsvTable CsvTable::read(const std::string& path, const std::string& key) {
  const std::optional<std::string> text = read_text_file(path);
  if (!text) throw InputError({"", 0, 0, key}, "cannot read the data file '" + path + "'");
  return parse(*text, path);
}

CsvTable CsvTable::parse(std::string_view text, const std::string& file) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  CsvTable table;
  table.file_ = file;
  Splitter splitter{text, file};
  int line = 0;
  if (!splitter.next(line, table.header_)) throw InputError({file, 1, 0, ""}, "the file is empty (no header row)");
  for (auto& name : table.header_) name = std::string(trimmed(name));
  // Names reach the CSV, JSON and HTML outputs, which are UTF-8.
  for (std::size_t c = 0; c < table.header_.size(); ++c)
    if (const auto bad = first_invalid_utf8(table.header_[c]))
      throw InputError({file, line, static_cast<int>(c) + 1, printable_prefix(table.header_[c], *bad)},
                       not_utf8_problem(table.header_[c][*bad]) + "; save the file as UTF-8");
  Row row;
  while (splitter.next(row.line, row.fields)) {
    if (row.fields.size() != table.header_.size())
      throw InputError({file, row.line, 0, ""}, "expected " + std::to_string(table.header_.size()) +
                                                    " fields as in the header, found " +
                                                    std::to_string(row.fields.size()));
    for (std::size_t c = 0; c < row.fields.size(); ++c)
      if (const auto bad = first_invalid_utf8(row.fields[c]))
        throw InputError({file, row.line, static_cast<int>(c) + 1, table.header_[c]},
                         not_utf8_problem(row.fields[c][*bad]) + "; save the file as UTF-8");
    table.rows_.push_back(row);
  }
  return table;
}

std::optional<std::size_t> CsvTable::find_column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  return std::nullopt;
}

std::size_t CsvTable::column(std::string_view name) const {
  if (const auto i = find_column(name)) return *i;
  throw InputError({file_, 1, 0, std::string(name)}, "required column is missing from the header");
}

bool CsvTable::blank(std::size_t row, std::size_t column) const {
  return trimmed(rows_[row].fields[column]).empty();
}

void CsvTable::fail(std::size_t row, std::size_t column, const std::string& problem) const {
  throw InputError({file_, rows_[row].line, static_cast<int>(column) + 1, header_[column]}, problem);
}

std::optional<std::int64_t> CsvTable::to_optional_int(std::size_t row, std::size_t column) const {
  const std::string_view s = trimmed(field(row, column));
  if (s.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size())
    fail(row, column, "expected a whole number, found \"" + std::string(s) + "\"");
  return value;
}

std::optional<double> CsvTable::to_optional_double(std::size_t row, std::size_t column) const {
  const std::string_view s = trimmed(field(row, column));
  if (s.empty()) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value))
    fail(row, column, "expected a number, found \"" + std::string(s) + "\"");
  return value;
}

std::int64_t CsvTable::to_int(std::size_t row, std::size_t column) const {
  if (const auto v = to_optional_int(row, column)) return *v;
  fail(row, column, "expected a whole number, found a blank field");
}

double CsvTable::to_double(std::size_t row, std::size_t column) const {
  if (const auto v = to_optional_double(row, column)) return *v;
  fail(row, column, "expected a number, found a blank field");
}

}  // namespace pasante
