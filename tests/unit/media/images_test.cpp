// plugins/media/images: sniffing, squares from real PNG/JPEG/WebP files of any shape, what is
// refused (other formats, truncated files, decompression bombs), and the loader lock-down.
#include "plugins/media/images.hpp"
#include "tests/support/pictures.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <string>

namespace {

namespace pic = cf::test::pictures;
using media::Encoding;
using media::Format;
using media::sniff;
using media::square_images;

const std::string kGif = std::string("GIF89a\x01\x00\x01\x00\x80\x00\x00\xFF\xFF\xFF\x00\x00\x00!\xF9\x04\x01\x00\x00\x00\x00"
                                     ",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00;", 43);

TEST(MediaSniff, MagicBytesOnly) {
    EXPECT_EQ(sniff(pic::make(".png", 4, 4)), Format::png);
    EXPECT_EQ(sniff(pic::make(".jpg", 4, 4)), Format::jpeg);
    EXPECT_EQ(sniff(pic::make(".webp", 4, 4)), Format::webp);
    EXPECT_FALSE(sniff(kGif));
    EXPECT_FALSE(sniff("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    EXPECT_FALSE(sniff("<!DOCTYPE html><html>"));
    EXPECT_FALSE(sniff("\x89PNG"));            // too short to be one
    EXPECT_FALSE(sniff("RIFF\0\0\0\0WAVE"));   // RIFF, not WebP
    EXPECT_FALSE(sniff(""));
}

struct Shape {
    const char* suffix;
    int w, h;
    bool alpha;
};

class MediaSquares : public ::testing::TestWithParam<Shape> {};

TEST_P(MediaSquares, AnyShapeBecomesA512WebpSquare) {
    const Shape s = GetParam();
    ASSERT_TRUE(media::start_vips(nullptr));
    auto out = square_images(pic::make(s.suffix, s.w, s.h, s.alpha), {512}, Encoding::webp);
    ASSERT_EQ(out.status, 0) << out.error << ": " << out.detail;
    ASSERT_EQ(out.images.size(), 1u);
    auto facts = pic::probe(out.images[0]);
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->loader, "webpload_buffer");
    EXPECT_EQ(facts->width, 512);
    EXPECT_EQ(facts->height, 512);
    EXPECT_EQ(facts->bands, s.alpha ? 4 : 3);
}

INSTANTIATE_TEST_SUITE_P(Shapes, MediaSquares,
                         ::testing::Values(Shape{".png", 640, 480, false}, Shape{".png", 300, 900, true},
                                           Shape{".jpg", 2000, 1500, false}, Shape{".jpg", 100, 100, false},
                                           Shape{".webp", 700, 700, true}, Shape{".webp", 1, 1, false},
                                           Shape{".png", 3000, 10, false},
                                           // Extreme strips: cropping after scaling would make gigapixel intermediates.
                                           Shape{".png", 16384, 1, false}, Shape{".png", 1, 16384, true}));

TEST(MediaSquaresPng, LogoSizesInOneDecode) {
    ASSERT_TRUE(media::start_vips(nullptr));
    auto out = square_images(pic::make(".jpg", 800, 600), {512, 192}, Encoding::png);
    ASSERT_EQ(out.status, 0) << out.error << ": " << out.detail;
    ASSERT_EQ(out.images.size(), 2u);
    auto large = pic::probe(out.images[0]), small = pic::probe(out.images[1]);
    ASSERT_TRUE(large && small);
    EXPECT_EQ(large->loader, "pngload_buffer");
    EXPECT_EQ(large->width, 512);
    EXPECT_EQ(large->height, 512);
    EXPECT_EQ(small->width, 192);
    EXPECT_EQ(small->height, 192);
}

TEST(MediaSquaresRefused, OtherFormatsEvenWithATrustedLoaderAround) {
    ASSERT_TRUE(media::start_vips(nullptr));
    for (const std::string& bytes : {kGif, pic::make(".tif", 8, 8), std::string("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
                                     std::string("<html><body>hi</body></html>")}) {
        auto out = square_images(bytes, {512}, Encoding::webp);
        EXPECT_EQ(out.status, 422);
        EXPECT_TRUE(out.images.empty());
    }
}

TEST(MediaSquaresRefused, TruncatedAndCorruptFiles) {
    ASSERT_TRUE(media::start_vips(nullptr));
    for (const char* suffix : {".png", ".jpg", ".webp"}) {
        std::string good = pic::make(suffix, 400, 300);
        for (size_t keep : {good.size() / 2, size_t{16}, size_t{40}}) {
            auto out = square_images(good.substr(0, keep), {512}, Encoding::webp);
            EXPECT_EQ(out.status, 422) << suffix << " cut to " << keep;
        }
        std::string garbled = good;
        for (size_t i = garbled.size() / 3; i < garbled.size(); i += 7) garbled[i] = static_cast<char>(garbled[i] ^ 0x5A);
        auto out = square_images(garbled, {512}, Encoding::webp);
        EXPECT_TRUE(out.status == 422 || out.status == 0) << suffix; // never a crash; some damage still decodes
    }
}

// A real PNG whose header claims width × height (with a correct IHDR checksum): a bomb's header.
std::string png_claiming(uint32_t width, uint32_t height) {
    std::string png = pic::make(".png", 8, 8);
    auto put32 = [&](size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i) png[at + i] = static_cast<char>(v >> (24 - 8 * i));
    };
    put32(16, width); // IHDR data starts at 16: width, height
    put32(20, height);
    uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(png.data() + 12), 17); // "IHDR" + 13 data bytes
    put32(29, static_cast<uint32_t>(crc));
    return png;
}

TEST(MediaSquaresRefused, DecompressionBombsByTheirHeader) {
    ASSERT_TRUE(media::start_vips(nullptr));
    for (auto [w, h] : {std::pair{100000u, 100000u}, std::pair{16385u, 10u}, std::pair{8000u, 8000u}}) {
        auto out = square_images(png_claiming(w, h), {512}, Encoding::webp);
        EXPECT_EQ(out.status, 422) << w << "x" << h;
        EXPECT_NE(out.error.find("too large"), std::string::npos) << out.error << " " << out.detail;
    }
}

TEST(MediaLoaders, OnlyPngJpegAndWebpAfterTheLockDown) {
    // Blocking is process-wide and for good: check it in a fresh process.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(
        {
            if (!media::start_vips(nullptr)) std::_Exit(2);
            media::block_untrusted_loaders();
            bool svg = media::probe("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>").has_value();
            bool gif = media::probe(kGif).has_value();
            bool tif = media::probe(pic::make(".tif", 4, 4)).has_value();
            bool png = media::probe(pic::make(".png", 4, 4)).has_value();
            bool jpg = media::probe(pic::make(".jpg", 4, 4)).has_value();
            bool webp = media::probe(pic::make(".webp", 4, 4)).has_value();
            std::_Exit(!svg && !gif && !tif && png && jpg && webp ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "");
}

} // namespace
