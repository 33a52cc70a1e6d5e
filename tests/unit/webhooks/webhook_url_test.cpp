// Webhook URL parsing (plugins/webhooks/webhook_url).
#include "webhook_url.hpp"

#include <gtest/gtest.h>

namespace webhooks {
namespace {

TEST(WebhookUrl, ParsesHostPortAndTarget) {
  std::string problem;
  auto u = parse_webhook_url("HTTPS://Bots.Example.com/hook?a=1#frag", &problem);
  ASSERT_TRUE(u) << problem;
  EXPECT_TRUE(u->https);
  EXPECT_EQ(u->host, "bots.example.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/hook?a=1");
  EXPECT_EQ(u->host_header(), "bots.example.com");

  u = parse_webhook_url("http://127.0.0.1:8080", &problem);
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->https);
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->host_header(), "127.0.0.1:8080");

  u = parse_webhook_url("http://[2001:DB8::1]:81/x", &problem);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "2001:db8::1");
  EXPECT_EQ(u->host_header(), "[2001:db8::1]:81");

  u = parse_webhook_url("http://example.com?x=1", &problem);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->target, "/?x=1");
}

TEST(WebhookUrl, RefusesAnythingElse) {
  for (const char* bad : {"", "example.com/hook", "ftp://example.com/", "javascript:alert(1)", "http://",
                          "http:///path", "http://user@example.com/", "http://a:b@example.com/", "http://exa mple.com/",
                          "http://example.com/\x01", "http://example.com:/", "http://example.com:0/",
                          "http://example.com:65536/", "http://example.com:8a/", "http://[::1/", "http://[]/",
                          "http://[zz::1]/", "http://ex%61mple.com/", "http://例え.jp/"}) {
    std::string problem;
    EXPECT_FALSE(parse_webhook_url(bad, &problem)) << bad;
    EXPECT_FALSE(problem.empty()) << bad;
  }
  std::string problem;
  EXPECT_FALSE(parse_webhook_url("http://example.com/" + std::string(2048, 'a'), &problem));
  EXPECT_TRUE(parse_webhook_url("http://example.com/" + std::string(2000, 'a'), &problem));
}

}  // namespace
}  // namespace webhooks
