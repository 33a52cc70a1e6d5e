// The SSRF policy (plugins/webhooks/address_policy): which addresses are not public, the
// WEBHOOK_ALLOWED_HOSTS syntax, and resolution that picks a checked address.
#include "address_policy.hpp"

#include <gtest/gtest.h>

namespace webhooks {
namespace {

TEST(WebhookAddressPolicy, RefusesEveryNonPublicIPv4Range) {
  for (const char* ip : {"0.0.0.0", "0.1.2.3", "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255",
                         "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.255",
                         "169.254.169.254", "192.0.0.8", "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1",
                         "198.19.255.255", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255"})
    EXPECT_TRUE(non_public_reason(ip).has_value()) << ip;
  for (const char* ip : {"1.1.1.1", "8.8.8.8", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255",
                         "100.128.0.1", "169.253.1.1", "192.169.0.1", "223.255.255.254", "11.0.0.1"})
    EXPECT_FALSE(non_public_reason(ip).has_value()) << ip;
  EXPECT_EQ(*non_public_reason("127.0.0.1"), "loopback");
  EXPECT_EQ(*non_public_reason("10.0.0.1"), "private");
  EXPECT_EQ(*non_public_reason("169.254.1.1"), "link-local");
  EXPECT_EQ(*non_public_reason("100.64.1.1"), "shared (carrier-grade NAT)");
  EXPECT_EQ(*non_public_reason("224.1.1.1"), "multicast");
  EXPECT_EQ(*non_public_reason("0.0.0.0"), "unspecified");
}

TEST(WebhookAddressPolicy, RefusesEveryNonPublicIPv6RangeAndEmbeddedIPv4) {
  for (const char* ip : {"::", "::1", "fe80::1", "febf::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1",
                         "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
                         "64:ff9b::a00:1", "64:ff9b:1::1", "2001:db8::1", "2001::1", "2002:7f00:1::1",
                         "2002:c0a8:101::1", "100::1"})
    EXPECT_TRUE(non_public_reason(ip).has_value()) << ip;
  for (const char* ip : {"2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808",
                         "2002:808:808::1", "2a00:1450::1"})
    EXPECT_FALSE(non_public_reason(ip).has_value()) << ip;
  EXPECT_EQ(*non_public_reason("::ffff:127.0.0.1"), "IPv4-mapped loopback");
  EXPECT_EQ(*non_public_reason("::1"), "loopback");
  EXPECT_EQ(*non_public_reason("fe80::1"), "link-local");
  EXPECT_EQ(*non_public_reason("not-an-ip"), "not an IP address");
}

TEST(WebhookAddressPolicy, ParsesTheAllowList) {
  AllowList list(" bots.internal , 127.0.0.1:8080,[::1]:9000,[fd00::5], ::2 ,BAD:port,Upper.Example:81,,");
  EXPECT_TRUE(list.allows("bots.internal", 80));
  EXPECT_TRUE(list.allows("BOTS.internal", 443));
  EXPECT_TRUE(list.allows("127.0.0.1", 8080));
  EXPECT_FALSE(list.allows("127.0.0.1", 8081));
  EXPECT_TRUE(list.allows("::1", 9000));
  EXPECT_FALSE(list.allows("::1", 9001));
  EXPECT_TRUE(list.allows("fd00::5", 1234));
  EXPECT_TRUE(list.allows("::2", 1));
  EXPECT_FALSE(list.allows("bad", 80));
  EXPECT_TRUE(list.allows("upper.example", 81));
  EXPECT_FALSE(list.allows("other.example", 80));
  EXPECT_TRUE(AllowList("").empty());
}

TEST(WebhookAddressPolicy, ResolvesToACheckedAddress) {
  ResolvedTarget loop = resolve_target("127.0.0.1", 80, AllowList());
  EXPECT_TRUE(loop.ip.empty());
  EXPECT_NE(loop.refusal.find("loopback"), std::string::npos) << loop.refusal;
  EXPECT_NE(loop.refusal.find("WEBHOOK_ALLOWED_HOSTS"), std::string::npos);

  ResolvedTarget allowed = resolve_target("127.0.0.1", 8080, AllowList("127.0.0.1:8080"));
  EXPECT_EQ(allowed.ip, "127.0.0.1");
  EXPECT_TRUE(allowed.refusal.empty());
  EXPECT_FALSE(resolve_target("127.0.0.1", 8081, AllowList("127.0.0.1:8080")).refusal.empty());

  ResolvedTarget mapped = resolve_target("::ffff:10.0.0.1", 80, AllowList());
  EXPECT_NE(mapped.refusal.find("private"), std::string::npos) << mapped.refusal;
  ResolvedTarget public_ip = resolve_target("93.184.216.34", 443, AllowList());
  EXPECT_EQ(public_ip.ip, "93.184.216.34");
  EXPECT_FALSE(resolve_target("no-such-host.invalid", 80, AllowList()).refusal.empty());
}

}  // namespace
}  // namespace webhooks
