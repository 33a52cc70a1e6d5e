// The qr plugin against the real binary: GET /qr_code/<base64url of a URL> is an SVG, cached for a
// year, that zbar reads back to the URL; no session needed; ids that are not base64url are 400.
#include "tests/support/pictures.hpp"
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <string>

namespace cf::test {
namespace {

std::string base64url(std::string_view in, bool pad = false) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (unsigned char c : in) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out.push_back(kAlphabet[(bits >> count) & 63]);
    }
  }
  if (count > 0) out.push_back(kAlphabet[(bits << (6 - count)) & 63]);
  while (pad && out.size() % 4) out.push_back('=');
  return out;
}

class QrCode : public ::testing::Test {
 protected:
  ServerProcess server;
  HttpClient stranger{server.port()};
};

TEST_F(QrCode, SvgReadsBackToTheUrl) {
  for (std::string url : {std::string("https://chat.example.com/join/AbCd-EfGh-IjKl"),
                          "https://chat.example.com/session/transfers/" + std::string(400, 'z') + "?x=1&y=2"}) {
    HttpResponse r = stranger.get("/qr_code/" + base64url(url));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type"), "image/svg+xml");
    EXPECT_EQ(r.header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(pictures::read_qr(r.body), url);
  }
}

TEST_F(QrCode, PaddedIdsWorkToo) {
  std::string url = "https://chat.example.com/a";  // 26 bytes: base64 needs padding
  HttpResponse padded = stranger.get("/qr_code/" + base64url(url, true));
  ASSERT_EQ(padded.status, 200);
  EXPECT_EQ(padded.body, stranger.get("/qr_code/" + base64url(url)).body);
  EXPECT_EQ(pictures::read_qr(padded.body), url);
}

TEST_F(QrCode, BadIdsAreRefused) {
  for (const char* id : {"not*base64", "Y", "YQ=", "%3Cscript%3E", "a+b/", "===="}) {
    HttpResponse r = stranger.get(std::string("/qr_code/") + id);
    EXPECT_EQ(r.status, 400) << id;
    EXPECT_TRUE(r.json().HasMember("error")) << id;
  }
  // Too long for a path (the kernel) or for a QR code (the plugin), never a 5xx.
  HttpResponse big = stranger.get("/qr_code/" + base64url(std::string(3000, 'x')));
  EXPECT_TRUE(big.status == 400 || big.status == 414) << big.status;
  EXPECT_EQ(stranger.get("/qr_code/" + base64url(std::string(1400, 'x'))).status, 200);
}

}  // namespace
}  // namespace cf::test
