// report.html in a real browser: a short run writes it, then Debian's
// headless Chromium opens it with every host unresolvable. The page must load
// without console errors, request nothing from the network, and render
// something that is not blank. A control page with a deliberate error and a
// network image proves the detectors work on this Chromium.
//
// Chromium is a test dependency (setup.sh installs it); when it is missing
// the test fails rather than skips, so CI cannot pass without looking.
#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr const char* kChromium = "/usr/bin/chromium";

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class ReportBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("pasante_browser_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  struct Load {
    int status = -1;
    std::string stdout_text, stderr_text, net_log;
  };

  // Opens `page` in headless Chromium (a fresh profile, no network);
  // `mode` is e.g. "--screenshot=... --window-size=1280,2400" or "--dump-dom".
  Load open(const fs::path& page, const std::string& mode, const std::string& tag) {
    const fs::path profile = root_ / ("profile-" + tag);
    const fs::path out = root_ / (tag + ".out"), err = root_ / (tag + ".err"), net = root_ / (tag + ".netlog.json");
    const std::string command =
        "timeout 90 " + std::string(kChromium) +
        " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
        " --disable-component-update --disable-sync --disable-dev-shm-usage --hide-scrollbars"
        " --host-resolver-rules='MAP * ~NOTFOUND' --enable-logging=stderr --v=0"
        " --user-data-dir=" +
        quote(profile.string()) + " --log-net-log=" + quote(net.string()) + " " + mode + " " +
        quote("file://" + fs::absolute(page).string()) + " > " + quote(out.string()) + " 2> " + quote(err.string());
    Load load;
    load.status = std::system(command.c_str());
    load.stdout_text = read(out);
    load.stderr_text = read(err);
    load.net_log = read(net);
    return load;
  }

  // Lines where the page logged to its console (errors, warnings, CSP violations).
  static std::vector<std::string> console_lines(const std::string& log) {
    std::vector<std::string> out;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);)
      if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos) out.push_back(line);
    return out;
  }

  // URL requests the page (a file:// document) made to http(s) hosts. The
  // browser's own background requests have no file:// isolation key.
  static std::vector<std::string> page_requests(const std::string& net_log) {
    std::vector<std::string> out;
    std::istringstream in(net_log);
    for (std::string line; std::getline(in, line);) {
      if (line.find("\"network_isolation_key\":\"file://") == std::string::npos) continue;
      for (const char* scheme : {"\"url\":\"http://", "\"url\":\"https://"})
        if (const auto p = line.find(scheme); p != std::string::npos)
          out.push_back(line.substr(p, line.find('"', p + 7) - p));
    }
    return out;
  }

  fs::path root_;
};

void require_chromium() {
  ASSERT_TRUE(fs::exists(kChromium))
      << kChromium << " is missing: the report is checked in Debian's headless Chromium. Install it with "
      << "`apt-get install --no-install-recommends chromium` (setup.sh does).";
}

TEST_F(ReportBrowserTest, DetectorsCatchConsoleErrorsAndNetworkRequests) {
  require_chromium();
  const fs::path page = root_ / "broken.html";
  std::ofstream(page) << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">"
                         "<title>control</title></head><body><p>control</p>"
                         "<img src=\"https://example.invalid/x.png\" alt=\"\">"
                         "<script>no_such_function();</script></body></html>";
  const Load load = open(page, "--dump-dom", "control");
  ASSERT_EQ(load.status, 0) << load.stderr_text;
  EXPECT_FALSE(console_lines(load.stderr_text).empty()) << "an uncaught error was not seen:\n" << load.stderr_text;
  EXPECT_FALSE(page_requests(load.net_log).empty()) << "the network image was not seen in the net log";
}

TEST_F(ReportBrowserTest, RunReportLoadsOfflineWithoutErrorsAndIsNotBlank) {
  require_chromium();
  const fs::path run = root_ / "run";
  const std::string command = std::string(PASANTE_BINARY) + " run --days 60 --quiet --threads 2 --out " +
                              quote(run.string()) + " > " + quote((root_ / "run.log").string()) + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << read(root_ / "run.log");
  const fs::path report = run / "report.html";
  ASSERT_TRUE(fs::exists(report));

  // (a) A screenshot that is not blank.
  const fs::path png = root_ / "report.png";
  const Load shot = open(report, "--screenshot=" + quote(png.string()) + " --window-size=1280,2400", "shot");
  ASSERT_EQ(shot.status, 0) << shot.stderr_text;
  ASSERT_TRUE(fs::exists(png)) << shot.stderr_text;
  EXPECT_EQ(console_lines(shot.stderr_text), std::vector<std::string>{});
  EXPECT_EQ(page_requests(shot.net_log), std::vector<std::string>{});

  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  ASSERT_TRUE(png_image_begin_read_from_file(&image, png.c_str())) << image.message;
  image.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
  ASSERT_TRUE(png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) << image.message;
  EXPECT_EQ(image.width, 1280u);
  EXPECT_EQ(image.height, 2400u);
  // The background is the most common colour; count what differs from it
  // clearly, and how many colours there are (charts are colourful).
  std::map<unsigned, std::size_t> histogram;
  const std::size_t n = static_cast<std::size_t>(image.width) * image.height;
  for (std::size_t i = 0; i < n; ++i) ++histogram[(pixels[3 * i] << 16) | (pixels[3 * i + 1] << 8) | pixels[3 * i + 2]];
  unsigned background = 0;
  std::size_t most = 0;
  for (const auto& [colour, c] : histogram)
    if (c > most) most = c, background = colour;
  std::size_t differing = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const int dr = pixels[3 * i] - static_cast<int>((background >> 16) & 255);
    const int dg = pixels[3 * i + 1] - static_cast<int>((background >> 8) & 255);
    const int db = pixels[3 * i + 2] - static_cast<int>(background & 255);
    differing += std::abs(dr) + std::abs(dg) + std::abs(db) > 30;
  }
  EXPECT_GT(differing, n / 10) << "the screenshot is nearly blank: " << differing << " of " << n
                               << " pixels differ from the background";
  EXPECT_GT(histogram.size(), 200u) << "the screenshot has almost no colours";

  // (b) The page as the browser parsed it: whole, with its charts and map,
  // and no console errors or network requests.
  const Load dom = open(report, "--dump-dom", "dom");
  ASSERT_EQ(dom.status, 0) << dom.stderr_text;
  EXPECT_NE(dom.stdout_text.find("</html>"), std::string::npos);
  EXPECT_NE(dom.stdout_text.find("class=\"map\""), std::string::npos);
  EXPECT_NE(dom.stdout_text.find("<circle"), std::string::npos);
  EXPECT_NE(dom.stdout_text.find("Every summary metric"), std::string::npos);
  EXPECT_EQ(console_lines(dom.stderr_text), std::vector<std::string>{});
  EXPECT_EQ(page_requests(dom.net_log), std::vector<std::string>{});
}

}  // namespace
