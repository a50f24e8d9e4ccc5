#include "core/text_source.hpp"

#include "core/input_error.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace pasante {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

// A fresh scratch folder per test, removed afterwards.
class TextSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("pasante_text_source_" + std::string(info->name()) + "_" +
                                        std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& rel, const std::string& text) {
    const fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  fs::path dir_;
};

TEST(ResolveRelative, DiskPaths) {
  EXPECT_EQ(resolve_relative("scenarios/a.yaml", "data/x.csv"), "scenarios/data/x.csv");
  EXPECT_EQ(resolve_relative("scenarios/policies/a.yaml", "../base.yaml"), "scenarios/base.yaml");
  EXPECT_EQ(resolve_relative("scenarios/policies/a.yaml", "./b.yaml"), "scenarios/policies/b.yaml");
  EXPECT_EQ(resolve_relative("a.yaml", "b.yaml"), "b.yaml");
  EXPECT_EQ(resolve_relative("/srv/s/a.yaml", "data/x.csv"), "/srv/s/data/x.csv");
  EXPECT_EQ(resolve_relative("/srv/s/a.yaml", "../x.csv"), "/srv/x.csv");
  // Absolute and embedded paths pass through untouched.
  EXPECT_EQ(resolve_relative("scenarios/a.yaml", "/abs/x.csv"), "/abs/x.csv");
  EXPECT_EQ(resolve_relative("scenarios/a.yaml", "embedded:scenarios/data/x.csv"), "embedded:scenarios/data/x.csv");
}

TEST(ResolveRelative, EmbeddedPaths) {
  EXPECT_EQ(resolve_relative("embedded:scenarios/doctor_arroyo.yaml", "data/x.csv"), "embedded:scenarios/data/x.csv");
  EXPECT_EQ(resolve_relative("embedded:scenarios/policies/p.yaml", "../doctor_arroyo.yaml"),
            "embedded:scenarios/doctor_arroyo.yaml");
  EXPECT_EQ(resolve_relative("embedded:scenarios/policies/p.yaml", "./q.yaml"), "embedded:scenarios/policies/q.yaml");
  EXPECT_EQ(resolve_relative("embedded:top.yaml", "x.csv"), "embedded:x.csv");
  EXPECT_EQ(resolve_relative("embedded:scenarios/a.yaml", "embedded:other/b.yaml"), "embedded:other/b.yaml");
}

TEST_F(TextSourceTest, ReadsDiskFilesWhole) {
  const std::string text = "line 1\r\nline 2\n\0binary"s;
  const std::string path = write("sub/file.txt", text);
  const auto read = read_text_file(path);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, text);
  const auto empty = read_text_file(write("empty.txt", ""));
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(*empty, "");
}

TEST_F(TextSourceTest, MissingFilesGiveNullopt) {
  EXPECT_EQ(read_text_file((dir_ / "nope.yaml").string()), std::nullopt);
  EXPECT_EQ(read_text_file((dir_ / "no_dir" / "nope.yaml").string()), std::nullopt);
  EXPECT_EQ(read_text_file(dir_.string()), std::nullopt);  // a folder is not a file
  EXPECT_EQ(read_text_file(""), std::nullopt);
  EXPECT_EQ(read_text_file("embedded:scenarios/no_such_scenario.yaml"), std::nullopt);
  EXPECT_EQ(read_text_file("embedded:"), std::nullopt);
}

TEST(EmbeddedFiles, DefaultScenarioIsEmbedded) {
  const auto text = read_text_file(std::string(kDefaultScenario));
  ASSERT_TRUE(text.has_value());
  EXPECT_FALSE(text->empty());
  EXPECT_NE(text->find("scenario:"), std::string::npos);
  // The embedded copy is the file in the source tree.
  const auto on_disk = read_text_file(std::string(PASANTE_SOURCE_DIR) + "/scenarios/doctor_arroyo.yaml");
  ASSERT_TRUE(on_disk.has_value());
  EXPECT_EQ(*text, *on_disk);
  // Paths are normalised before lookup.
  EXPECT_EQ(read_text_file("embedded:scenarios/./policies/../doctor_arroyo.yaml"), text);
  bool listed = false;
  for (const auto& f : embedded_files()) listed = listed || f.path == "scenarios/doctor_arroyo.yaml";
  EXPECT_TRUE(listed);
}

TEST_F(TextSourceTest, CanonicalIdentity) {
  EXPECT_EQ(canonical_identity("embedded:scenarios/a.yaml"), "embedded:scenarios/a.yaml");
  const std::string a = write("x/a.yaml", "a: 1\n");
  fs::create_directories(dir_ / "y");
  const std::string roundabout = (dir_ / "y" / ".." / "x" / "." / "a.yaml").string();
  EXPECT_EQ(canonical_identity(roundabout), canonical_identity(a));
  EXPECT_NE(canonical_identity(write("x/b.yaml", "")), canonical_identity(a));
}

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_EQ(first_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("Le\xC3\xB3n \xE2\x82\xAC \xF0\x9F\x98\x80"), std::nullopt);  // 2, 3 and 4 bytes
  EXPECT_EQ(first_invalid_utf8("ab\xFF"), 2u);
  EXPECT_EQ(first_invalid_utf8("caf\xE9 x"), 3u);               // Latin-1
  EXPECT_EQ(first_invalid_utf8("x\xC3"), 1u);                   // cut short
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);               // overlong
  EXPECT_EQ(first_invalid_utf8("\xED\xA0\x80"), 0u);          // a surrogate
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);     // above U+10FFFF
  EXPECT_EQ(position_of("ab\ncd\xFF", 5).line, 2);
  EXPECT_EQ(position_of("ab\ncd\xFF", 5).column, 3);
}

TEST(Utf8, RequireNamesLineAndColumn) {
  try {
    require_utf8("a: 1\nname: caf\xE9\n", "s.yaml");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "s.yaml:2:10: not UTF-8 text (byte 0xE9); save the file as UTF-8");
  }
  EXPECT_NO_THROW(require_utf8(std::string("\xFF\xFE" "a\0", 4), "utf16.yaml"));  // UTF-16 with its mark
}

}  // namespace
}  // namespace pasante
