// Form bodies become the JSON plugins see; percent-decoding and query strings.
#include "kernel/base/form.h"
#include "kernel/base/strings.h"

#include <gtest/gtest.h>

namespace cf {
namespace {

TEST(Form, NestedKeysAndArraysBecomeJson) {
    EXPECT_EQ(form_to_json("message%5Bbody%5D=hello+there&message%5Bclient_message_id%5D=c1"),
              R"({"message":{"body":"hello there","client_message_id":"c1"}})");
    EXPECT_EQ(form_to_json("user_ids%5B%5D=1&user_ids%5B%5D=2&room%5Bname%5D=x"),
              R"({"user_ids":["1","2"],"room":{"name":"x"}})");
    EXPECT_EQ(form_to_json("a=1&a=2"), R"({"a":"2"})"); // the last value wins
    EXPECT_EQ(form_to_json(""), "{}");
}

TEST(Form, KeysWithAnEncodedNulAreKeptWhole) {
    // Found by fuzzing: a "\0" in a decoded key must not cut the key short.
    EXPECT_EQ(form_to_json("a%00b=1&a%00b=2&a=3"), R"({"a\u0000b":"2","a":"3"})");
    EXPECT_EQ(form_to_json("x%00[y]=1&x%00[z]=2"), R"({"x\u0000":{"y":"1","z":"2"}})");
}

TEST(Form, RefusesWhatItCannotRepresent) {
    EXPECT_FALSE(form_to_json("a=%ZZ"));                 // bad escape
    EXPECT_FALSE(form_to_json("a=%C3%28"));              // invalid UTF-8
    EXPECT_FALSE(form_to_json("a[b=1"));                 // unclosed bracket
    EXPECT_FALSE(form_to_json("a=1&a[b]=2"));            // a string cannot also be an object
    EXPECT_FALSE(form_to_json("[x]=1"));                 // no name
    EXPECT_FALSE(form_to_json("a[1][2][3][4][5][6][7][8]=too-deep"));
    EXPECT_TRUE(form_to_json("a[1][2][3][4][5][6][7]=deep-enough"));
}

TEST(Strings, PercentDecoding) {
    EXPECT_EQ(url_decode("a%20b+c", true), "a b c");
    EXPECT_EQ(url_decode("a%20b+c", false), "a b+c");
    EXPECT_EQ(url_decode("%e2%82%ac", false), "\xe2\x82\xac");
    EXPECT_FALSE(url_decode("%", false));
    EXPECT_FALSE(url_decode("%4", false));
    EXPECT_FALSE(url_decode("%4g", false));
}

TEST(Strings, QueryStringsAndIntegers) {
    auto q = parse_query("before=12&q=a%26b&&flag");
    ASSERT_TRUE(q);
    ASSERT_EQ(q->size(), 3u);
    EXPECT_EQ((*q)[1].second, "a&b");
    EXPECT_EQ((*q)[2].first, "flag");
    EXPECT_EQ(parse_int("42"), 42);
    EXPECT_FALSE(parse_int("42x"));
    EXPECT_FALSE(parse_int(""));
    EXPECT_FALSE(parse_int("99999999999999999999"));
}

TEST(Strings, HostWithoutPort) {
    EXPECT_EQ(host_without_port("chat.example.com:8443"), "chat.example.com");
    EXPECT_EQ(host_without_port("chat.example.com"), "chat.example.com");
    EXPECT_EQ(host_without_port("[::1]:3000"), "[::1]");
    EXPECT_EQ(host_without_port("[::1]"), "[::1]");
    EXPECT_EQ(host_without_port(""), "");
}

} // namespace
} // namespace cf
