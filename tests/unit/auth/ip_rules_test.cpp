#include "kernel/auth/ip_rules.h"

#include <gtest/gtest.h>

namespace cf {
namespace {

TEST(IpRules, PublicAddressesAreBannable) {
  for (const char* ip : {"8.8.8.8", "203.0.113.7", "1.1.1.1", "2001:4860:4860::8888", "::ffff:8.8.4.4"})
    EXPECT_TRUE(is_public_ip(ip)) << ip;
}

TEST(IpRules, PrivateLoopbackLinkLocalAndJunkAreNot) {
  for (const char* ip : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.1.1",
                         "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
                         "fd00::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "", "banana", "1.2.3",
                         "999.1.1.1", "1.2.3.4 "})
    EXPECT_FALSE(is_public_ip(ip)) << ip;
  EXPECT_TRUE(is_public_ip("172.32.0.1")); // just outside 172.16/12
}

}  // namespace
}  // namespace cf
