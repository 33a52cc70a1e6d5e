// Test-side pictures, for the media and qr tests: real PNG/JPEG/WebP files made with libvips, an
// image's size and format read back, and a QR code SVG read back (librsvg draws it, zbar reads
// it). Header-only so that only the binaries that link libvips and zbar compile it.
#pragma once

#include <vips/vips.h>
#include <zbar.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cf::test::pictures {

inline void start_vips() {
    static const bool ok = VIPS_INIT("campfire-tests") == 0;
    if (!ok) throw std::runtime_error("libvips did not start");
}

// Owns one VipsImage reference.
struct Ref {
    VipsImage* p = nullptr;
    Ref() = default;
    Ref(const Ref&) = delete;
    Ref& operator=(const Ref&) = delete;
    ~Ref() { if (p) g_object_unref(p); }
};

inline std::string vips_failure(const char* what) {
    std::string why = std::string(what) + ": " + vips_error_buffer();
    vips_error_clear();
    return why;
}

// A w×h picture with a gradient (so encoders have real work), optionally with alpha, saved by
// suffix: ".png", ".jpg", ".webp", ".tif", ".gif"...
inline std::string make(std::string_view suffix, int w, int h, bool alpha = false) {
    start_vips();
    Ref xyz, mod, rgb, rgba, u8, srgb;
    if (vips_xyz(&xyz.p, w, h, nullptr) || vips_remainder_const1(xyz.p, &mod.p, 256, nullptr) ||
        vips_bandjoin_const1(mod.p, &rgb.p, 96, nullptr))
        throw std::runtime_error(vips_failure("make"));
    VipsImage* bands = rgb.p;
    if (alpha) {
        if (vips_bandjoin_const1(rgb.p, &rgba.p, 128, nullptr)) throw std::runtime_error(vips_failure("alpha"));
        bands = rgba.p;
    }
    if (vips_cast_uchar(bands, &u8.p, nullptr) ||
        vips_copy(u8.p, &srgb.p, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr))
        throw std::runtime_error(vips_failure("cast"));
    void* buf = nullptr;
    size_t len = 0;
    if (vips_image_write_to_buffer(srgb.p, std::string(suffix).c_str(), &buf, &len, nullptr))
        throw std::runtime_error(vips_failure("save"));
    std::string out(static_cast<const char*>(buf), len);
    g_free(buf);
    return out;
}

struct Facts {
    int width = 0, height = 0, bands = 0;
    std::string loader; // e.g. "webpload_buffer"
};

// What libvips (any loader) makes of these bytes; nullopt when it cannot read them.
inline std::optional<Facts> probe(std::string_view bytes) {
    start_vips();
    Ref img;
    img.p = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
    if (!img.p) {
        vips_error_clear();
        return std::nullopt;
    }
    // Decode every pixel: a header alone can look fine.
    double avg = 0;
    if (vips_avg(img.p, &avg, nullptr)) {
        vips_error_clear();
        return std::nullopt;
    }
    Facts f{vips_image_get_width(img.p), vips_image_get_height(img.p), vips_image_get_bands(img.p), {}};
    const char* loader = nullptr;
    if (vips_image_get_string(img.p, "vips-loader", &loader) == 0 && loader) f.loader = loader;
    return f;
}

// The colour of pixel (x, y) as "#RRGGBB" (any format libvips reads, SVG included).
inline std::optional<std::string> pixel_hex(std::string_view bytes, int x, int y) {
    start_vips();
    Ref img;
    img.p = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
    if (!img.p) return std::nullopt;
    double* px = nullptr;
    int n = 0;
    if (vips_getpoint(img.p, &px, &n, x, y, nullptr) || n < 3) {
        vips_error_clear();
        g_free(px);
        return std::nullopt;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "#%02X%02X%02X", static_cast<int>(px[0]), static_cast<int>(px[1]), static_cast<int>(px[2]));
    g_free(px);
    return std::string(hex);
}

// Draws an SVG (librsvg through libvips) at `scale`, flattened on white, as 8-bit grey.
inline bool rasterise_grey(std::string_view svg, double scale, std::string& pixels, int& w, int& h) {
    start_vips();
    Ref img, flat, grey, band, u8;
    double white[] = {255, 255, 255};
    if (vips_svgload_buffer(const_cast<char*>(svg.data()), svg.size(), &img.p, "scale", scale, nullptr)) {
        vips_error_clear();
        return false;
    }
    VipsArrayDouble* bg = vips_array_double_new(white, 3);
    int rc = vips_flatten(img.p, &flat.p, "background", bg, nullptr);
    vips_area_unref(VIPS_AREA(bg));
    if (rc || vips_colourspace(flat.p, &grey.p, VIPS_INTERPRETATION_B_W, nullptr) ||
        vips_extract_band(grey.p, &band.p, 0, nullptr) || vips_cast_uchar(band.p, &u8.p, nullptr)) {
        vips_error_clear();
        return false;
    }
    size_t len = 0;
    void* mem = vips_image_write_to_memory(u8.p, &len);
    if (!mem) {
        vips_error_clear();
        return false;
    }
    pixels.assign(static_cast<const char*>(mem), len);
    g_free(mem);
    w = vips_image_get_width(u8.p);
    h = vips_image_get_height(u8.p);
    return true;
}

// The text of the one QR code in an SVG, read by zbar from a drawing of it; nullopt if none.
inline std::optional<std::string> read_qr(std::string_view svg) {
    std::string pixels;
    int w = 0, h = 0;
    if (!rasterise_grey(svg, 6.0, pixels, w, h)) return std::nullopt;
    using namespace zbar; // zbar.h puts its C API in this namespace for C++
    zbar_image_scanner_t* scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t* image = zbar_image_create();
    zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image, static_cast<unsigned>(w), static_cast<unsigned>(h));
    zbar_image_set_data(image, pixels.data(), pixels.size(), nullptr);
    std::optional<std::string> text;
    if (zbar_scan_image(scanner, image) > 0) {
        const zbar_symbol_t* symbol = zbar_image_first_symbol(image);
        if (symbol) text.emplace(zbar_symbol_get_data(symbol), zbar_symbol_get_data_length(symbol));
    }
    zbar_image_destroy(image);
    zbar_image_scanner_destroy(scanner);
    return text;
}

} // namespace cf::test::pictures
