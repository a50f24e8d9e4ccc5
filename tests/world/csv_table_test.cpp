#include "world/csv_table.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/input_error.hpp"

namespace pasante {
namespace {

TEST(CsvTable, ReadsQuotedAndBlankFields) {
  const CsvTable t = CsvTable::parse(
      "\xEF\xBB\xBF"
      "code,name,count\r\n"
      "0001,\"Far (Florida, Álamo)\",12\r\n"
      "0002,\"say \"\"hi\"\"\",\r\n"
      "\n"
      "0003,\"two\nlines\",7\n",
      "t.csv");
  ASSERT_EQ(t.row_count(), 3u);
  EXPECT_EQ(t.header(), (std::vector<std::string>{"code", "name", "count"}));
  const std::size_t name = t.column("name"), count = t.column("count");
  EXPECT_EQ(t.field(0, name), "Far (Florida, Álamo)");
  EXPECT_EQ(t.field(1, name), "say \"hi\"");
  EXPECT_TRUE(t.blank(1, count));
  EXPECT_EQ(t.to_int(0, count), 12);
  EXPECT_EQ(t.to_optional_int(1, count), std::nullopt);
  EXPECT_EQ(t.field(2, name), "two\nlines");
  EXPECT_EQ(t.line_of(0), 2);
  EXPECT_EQ(t.line_of(2), 5);  // after a blank line
  EXPECT_EQ(t.to_double(2, count), 7.0);
}

TEST(CsvTable, MissingColumnNamesFileAndColumn) {
  const CsvTable t = CsvTable::parse("a,b\n1,2\n", "data/x.csv");
  try {
    (void)t.column("population");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "data/x.csv");
    EXPECT_EQ(e.where().key, "population");
    EXPECT_NE(std::string(e.what()).find("data/x.csv"), std::string::npos);
  }
  EXPECT_EQ(t.find_column("population"), std::nullopt);
}

TEST(CsvTable, BadNumbersNameLineColumnAndName) {
  const CsvTable t = CsvTable::parse("a,b,c\n1,2,3\n4,5x,6.5\n", "y.csv");
  EXPECT_EQ(t.to_int(0, 1), 2);
  try {
    (void)t.to_double(1, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 3);
    EXPECT_EQ(e.where().column, 2);
    EXPECT_EQ(e.where().key, "b");
    EXPECT_NE(std::string(e.what()).find("y.csv:3:2: b"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)t.to_int(1, 2), InputError);  // 6.5 is not whole
  EXPECT_DOUBLE_EQ(t.to_double(1, 2), 6.5);
}

TEST(CsvTable, MalformedTextIsAnInputError) {
  EXPECT_THROW(CsvTable::parse("a,b\n1,2,3\n", "z.csv"), InputError);       // too many fields
  EXPECT_THROW(CsvTable::parse("a,b\n1,\"open\n", "z.csv"), InputError);    // unterminated quote
  EXPECT_THROW(CsvTable::parse("", "z.csv"), InputError);                   // no header
  EXPECT_THROW(CsvTable::read("/nonexistent/dir/none.csv"), InputError);
}

TEST(CsvTable, TextThatIsNotUtf8NamesTheField) {
  // A Latin-1 file: "Álamos" with byte 0xC1.
  try {
    (void)CsvTable::parse("cve,name\n001,ok\n002,\xC1lamos\n", "l.csv");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "l.csv:3:2: name: not UTF-8 text (byte 0xC1); save the file as UTF-8");
  }
  EXPECT_THROW(CsvTable::parse("cve,n\xFF\n1,2\n", "h.csv"), InputError);  // in the header
  EXPECT_EQ(CsvTable::parse("cve,name\n1,\xC3\x81lamos\n", "u.csv").field(0, 1), "\xC3\x81lamos");
}

}  // namespace
}  // namespace pasante
