// Push endpoints are attacker-supplied URLs we POST to: syntax, https-only, no private hosts,
// and the allow-list that lets tests (and private push services) use http on loopback.
#include "endpoint.hpp"

#include <gtest/gtest.h>

namespace push {
namespace {

std::optional<std::string> problem(std::string_view url, const AllowList& allowed = AllowList()) {
    auto e = parse_endpoint(url);
    if (!e) return std::string("unparsable");
    return endpoint_problem(*e, allowed);
}

TEST(WebPushEndpoint, ParsesOriginAndTarget) {
    auto e = parse_endpoint("https://FCM.googleapis.com/fcm/send/abc:def?x=1");
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->host, "fcm.googleapis.com");
    EXPECT_EQ(e->port, 443);
    EXPECT_EQ(e->target, "/fcm/send/abc:def?x=1");
    EXPECT_EQ(e->origin(), "https://fcm.googleapis.com");
    auto p = parse_endpoint("http://127.0.0.1:8123");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->target, "/");
    EXPECT_EQ(p->origin(), "http://127.0.0.1:8123");
    auto v6 = parse_endpoint("https://[2001:4860::1]:8443/p");
    ASSERT_TRUE(v6.has_value());
    EXPECT_EQ(v6->host, "2001:4860::1");
    EXPECT_EQ(v6->origin(), "https://[2001:4860::1]:8443");
}

TEST(WebPushEndpoint, RefusesMalformedUrls) {
    for (const char* url : {"", "push.example.net/x", "ftp://push.example.net/", "https:///x", "https://user@host/x",
                            "https://host:0/", "https://host:99999/", "https://ho st/", "https://host/a b",
                            "https://host/#frag", "https://[::1/", "https://-host/", "https://host:12ab/"})
        EXPECT_FALSE(parse_endpoint(url).has_value()) << url;
    EXPECT_FALSE(parse_endpoint("https://h/" + std::string(kMaxEndpointBytes, 'a')).has_value());
}

TEST(WebPushEndpoint, OnlyHttpsToPublicHosts) {
    EXPECT_EQ(problem("https://updates.push.services.mozilla.com/wpush/v2/abc"), std::nullopt);
    EXPECT_EQ(problem("https://8.8.8.8/x"), std::nullopt);
    EXPECT_TRUE(problem("http://updates.push.services.mozilla.com/wpush"));
    for (const char* url : {"https://localhost/x", "https://a.localhost/x", "https://127.0.0.1/x", "https://10.1.2.3/",
                            "https://192.168.0.1/", "https://172.20.0.1/", "https://169.254.169.254/latest",
                            "https://100.64.0.1/", "https://0.0.0.0/", "https://[::1]/", "https://[fe80::1]/",
                            "https://[fd00::1]/", "https://[::ffff:127.0.0.1]/", "https://127.1/",
                            "https://2130706433/", "https://0x7f000001/", "https://224.0.0.1/"})
        EXPECT_TRUE(problem(url).has_value()) << url;
}

TEST(WebPushEndpoint, TheAllowListPermitsHttpAndPrivateHosts) {
    AllowList allowed("127.0.0.1, push.internal:8080");
    EXPECT_EQ(problem("http://127.0.0.1:4000/p", allowed), std::nullopt);
    EXPECT_EQ(problem("http://push.internal:8080/p", allowed), std::nullopt);
    EXPECT_TRUE(problem("http://push.internal:8081/p", allowed).has_value());
    EXPECT_TRUE(problem("http://127.0.0.2:4000/p", allowed).has_value());
    EXPECT_FALSE(AllowList("").allows(*parse_endpoint("http://127.0.0.1/")));
}

TEST(WebPushEndpoint, PublicAddressRanges) {
    EXPECT_TRUE(is_public_ip_literal("93.184.216.34"));
    EXPECT_TRUE(is_public_ip_literal("2606:2800:220:1::1"));
    for (const char* ip : {"127.0.0.1", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.1.1",
                           "100.100.0.1", "0.1.2.3", "255.255.255.255", "198.18.0.1", "::", "::1", "fc00::1",
                           "fe80::1", "ff02::1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2001:db8::1", "2002:a00:1::1"})
        EXPECT_FALSE(is_public_ip_literal(ip)) << ip;
    EXPECT_TRUE(is_public_ip_literal("172.32.0.1"));
    EXPECT_FALSE(is_public_ip_literal("example.com"));
}

} // namespace
} // namespace push
