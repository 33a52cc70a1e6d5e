// plugins/qr/qr_svg: base64url decoding, and QR code SVGs that zbar reads back to the same text,
// with the module count of a real QR version plus the 4-module quiet zone.
#include "plugins/qr/qr_svg.hpp"
#include "tests/support/pictures.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace {

using qr::base64url_decode;

TEST(QrBase64url, PaddedUnpaddedAndRefused) {
    EXPECT_EQ(base64url_decode("aHR0cHM6Ly9leGFtcGxlLmNvbS8_YT0x"), "https://example.com/?a=1");
    EXPECT_EQ(base64url_decode("YQ"), "a");
    EXPECT_EQ(base64url_decode("YQ=="), "a");
    EXPECT_EQ(base64url_decode("YWI"), "ab");
    EXPECT_EQ(base64url_decode("YWI="), "ab");
    EXPECT_EQ(base64url_decode("-_-_"), std::string("\xFB\xFF\xBF", 3));
    EXPECT_EQ(base64url_decode(""), "");
    EXPECT_FALSE(base64url_decode("YQ=")); // padding must complete a quartet
    EXPECT_FALSE(base64url_decode("Y"));
    EXPECT_FALSE(base64url_decode("YQ=a"));
    EXPECT_FALSE(base64url_decode("a+b/"));  // standard alphabet, not url-safe
    EXPECT_FALSE(base64url_decode("a b="));
    EXPECT_FALSE(base64url_decode("===="));
}

// The side of the SVG's viewBox, in modules.
int view_box_side(const std::string& svg) {
    std::smatch m;
    if (!std::regex_search(svg, m, std::regex("viewBox=\"0 0 (\\d+) (\\d+)\"")) || m[1] != m[2]) return -1;
    return std::stoi(m[1]);
}

TEST(QrSvg, ReadsBackAndHasAQrVersionsModuleCount) {
    const std::string texts[] = {
        "https://campfire.example.com/join/AbCd-EfGh-IjKl",
        "https://campfire.example.com/session/transfers/" + std::string(300, 'x'),
        "caf\xC3\xA9 \xE2\x98\x95",
        std::string(1200, '7'),
    };
    for (const auto& text : texts) {
        auto svg = qr::svg(text);
        ASSERT_TRUE(svg);
        int side = view_box_side(*svg);
        int modules = side - 8; // quiet zone of 4 on each side
        EXPECT_GE(modules, 21) << side;
        EXPECT_LE(modules, 177) << side;
        EXPECT_EQ((modules - 17) % 4, 0) << side; // version v has 17 + 4v modules a side
        EXPECT_EQ(cf::test::pictures::read_qr(*svg), text);
    }
}

TEST(QrSvg, ShortTextIsVersionOne) {
    auto svg = qr::svg("hi");
    ASSERT_TRUE(svg);
    EXPECT_EQ(view_box_side(*svg), 21 + 8);
    // Every module is drawn inside the quiet zone.
    std::regex move("M(\\d+) (\\d+)h(\\d+)");
    for (auto it = std::sregex_iterator(svg->begin(), svg->end(), move); it != std::sregex_iterator(); ++it) {
        int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), run = std::stoi((*it)[3]);
        EXPECT_GE(x, 4);
        EXPECT_GE(y, 4);
        EXPECT_LE(x + run, 25);
        EXPECT_LT(y, 25);
    }
}

TEST(QrSvg, TooLongOrEmptyIsRefused) {
    EXPECT_FALSE(qr::svg(""));
    EXPECT_FALSE(qr::svg(std::string(3000, 'x')));
    EXPECT_TRUE(qr::svg(std::string(2048, 'x')));
}

} // namespace
