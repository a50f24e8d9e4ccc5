#include "core/sha256.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace pasante {
namespace {

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, FileDigestEqualsStringDigest) {
  const auto file = std::filesystem::temp_directory_path() / ("pasante_sha256_" + std::to_string(::getpid()));
  std::string text;
  for (int i = 0; i < 300000; ++i) text += static_cast<char>('a' + i % 26);
  {
    std::ofstream out(file, std::ios::binary);
    out << text;
  }
  EXPECT_EQ(sha256_file_hex(file), sha256_hex(text));
  std::filesystem::remove(file);
}

TEST(Sha256, MissingFileThrows) {
  EXPECT_THROW(sha256_file_hex("/nonexistent/pasante/file.csv"), std::runtime_error);
}

}  // namespace
}  // namespace pasante
