// The media plugin's account logo against the real binary: our default logo without an upload, an
// administrator's upload served as 512 and 192 PNG squares to anyone (signed in or not) with
// Campfire's cache headers, members refused, disguised files refused, delete back to the default.
#include "tests/integration/media_uploads.hpp"
#include "tests/support/pictures.hpp"
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace cf::test {
namespace {

namespace pic = pictures;

constexpr const char* kCache = "public, max-age=300, stale-while-revalidate=604800";

class AccountLogo : public ::testing::Test {
 protected:
  void SetUp() override {
    first_run(admin);
    sign_up(admin, bea, "Bea", "bea@example.com");
  }

  // GET /account/logo[?size=small] as a stranger: a PNG square of `side`.
  HttpResponse expect_png(const char* query, int side) {
    HttpResponse r = stranger.get(std::string("/account/logo") + query);
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 200);
    EXPECT_EQ(r.header("content-type"), "image/png");
    EXPECT_EQ(r.header("cache-control"), kCache);
    EXPECT_FALSE(r.header("etag").empty());
    auto facts = pic::probe(r.body);
    EXPECT_TRUE(facts);
    if (facts) {
      EXPECT_EQ(facts->loader, "pngload_buffer");
      EXPECT_EQ(facts->width, side);
      EXPECT_EQ(facts->height, side);
    }
    return r;
  }

  ServerProcess server;
  HttpClient admin{server.port()};
  HttpClient bea{server.port()};
  HttpClient stranger{server.port()};
};

TEST_F(AccountLogo, DefaultLogoWithoutAnUpload) {
  HttpResponse large = expect_png("", 512);
  HttpResponse small = expect_png("?size=small", 192);
  expect_png("?size=large&v=123", 512); // anything but small is the large one
  HttpResponse cached = stranger.request("GET", "/account/logo", {}, {{"If-None-Match", large.header("etag")}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_EQ(cached.header("etag"), large.header("etag"));
  EXPECT_NE(small.header("etag"), large.header("etag"));
}

// libvips (and its hundred libraries) is loaded on first use, not at start-up.
TEST_F(AccountLogo, LibvipsLoadsOnFirstUse) {
  auto maps = [&] {
    std::ifstream in("/proc/" + std::to_string(server.pid()) + "/maps");
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  ASSERT_NE(maps().find("media.so"), std::string::npos);
  EXPECT_EQ(maps().find("libvips"), std::string::npos);
  expect_png("", 512);
  EXPECT_NE(maps().find("libvips"), std::string::npos);
}

TEST_F(AccountLogo, AdminUploadServedInBothSizes) {
  std::string default_tag = expect_png("", 512).header("etag");
  HttpResponse put = upload(admin, "PUT", "/account/logo", "account[logo]", pic::make(".jpg", 800, 600), "logo.jpg", "image/jpeg");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(std::string(put.json()["logo_url"].GetString()), "/account/logo?v=1");
  HttpResponse large = expect_png("", 512);
  expect_png("?size=small", 192);
  EXPECT_NE(large.header("etag"), default_tag);
  // The short field name, POST, and a raw body work too.
  EXPECT_EQ(upload(admin, "POST", "/account/logo", "logo", pic::make(".webp", 100, 300)).status, 200);
  HttpResponse raw = admin.request("PUT", "/account/logo", pic::make(".png", 64, 64, true), {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(raw.status, 200) << raw.body;
  EXPECT_EQ(std::string(raw.json()["logo_url"].GetString()), "/account/logo?v=3");
  EXPECT_EQ(pic::probe(expect_png("?size=small", 192).body)->bands, 4); // transparency kept
}

TEST_F(AccountLogo, OnlyAdministratorsChangeIt) {
  EXPECT_EQ(upload(bea, "PUT", "/account/logo", "account[logo]", pic::make(".png", 64, 64)).status, 403);
  EXPECT_EQ(upload(stranger, "PUT", "/account/logo", "account[logo]", pic::make(".png", 64, 64)).status, 401);
  ASSERT_EQ(upload(admin, "PUT", "/account/logo", "account[logo]", pic::make(".png", 64, 64)).status, 200);
  EXPECT_EQ(bea.del("/account/logo").status, 403);
  EXPECT_EQ(stranger.del("/account/logo").status, 401);
}

TEST_F(AccountLogo, DisguisedFilesAreRefused) {
  for (const std::string& bytes : {tiny_gif(), std::string(kSvgFile), std::string(kHtmlFile)}) {
    HttpResponse r = upload(admin, "PUT", "/account/logo", "account[logo]", bytes, "logo.png", "image/png");
    EXPECT_EQ(r.status, 422) << r.body;
  }
}

TEST_F(AccountLogo, DeleteBringsTheDefaultBack) {
  std::string default_png = expect_png("", 512).body;
  ASSERT_EQ(upload(admin, "PUT", "/account/logo", "account[logo]", pic::make(".png", 300, 200)).status, 200);
  EXPECT_NE(expect_png("", 512).body, default_png);
  EXPECT_EQ(admin.del("/account/logo").status, 204);
  EXPECT_EQ(expect_png("", 512).body, default_png);
  EXPECT_EQ(admin.del("/account/logo").status, 204);
}

}  // namespace
}  // namespace cf::test
