#include "images.hpp"

#include <vips/vips.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <utility>

namespace media {
namespace {

// Owns one VipsImage reference.
class Image {
public:
    Image() = default;
    Image(const Image&) = delete;
    Image& operator=(const Image&) = delete;
    ~Image() { reset(); }
    VipsImage* get() const { return p_; }
    VipsImage** out() { reset(); return &p_; }
    void reset() { if (p_) g_object_unref(p_); p_ = nullptr; }
    void adopt(VipsImage* p) { reset(); p_ = p; }

private:
    VipsImage* p_ = nullptr;
};

// Owns a buffer libvips allocated.
struct GBuffer {
    void* data = nullptr;
    size_t len = 0;
    ~GBuffer() { g_free(data); }
    std::string take() { return {static_cast<const char*>(data), len}; }
};

// libvips keeps its error text in one process-wide buffer; take it and clear it.
std::string vips_failure() {
    std::string why = vips_error_buffer();
    vips_error_clear();
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return why;
}

Squares fail(int status, const char* message, std::string detail = {}) {
    Squares s;
    s.status = status;
    s.error = message;
    s.detail = std::move(detail);
    return s;
}

// The header only: libvips decodes lazily, so no pixel is read here. Sequential access lets the
// whole pipeline stream through the picture once. A truncated or corrupt file fails later, when
// the pixels are pulled, instead of being padded with grey.
int load(Format f, std::string_view bytes, int jpeg_shrink, VipsImage** out) {
    void* data = const_cast<char*>(bytes.data());
    switch (f) {
    case Format::png:
        return vips_pngload_buffer(data, bytes.size(), out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                   VIPS_FAIL_ON_ERROR, nullptr);
    case Format::jpeg:
        return vips_jpegload_buffer(data, bytes.size(), out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                    VIPS_FAIL_ON_ERROR, "shrink", jpeg_shrink, nullptr);
    case Format::webp:
        return vips_webpload_buffer(data, bytes.size(), out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                    VIPS_FAIL_ON_ERROR, nullptr);
    }
    return -1;
}

// The centre square, scaled to side × side (small pictures scaled up), then sRGB, 8 bits. Cropping
// first keeps the work proportional to the input: scaling a 3000×10 strip to cover 512×512 before
// cropping would make a 150k×512 intermediate.
bool square(VipsImage* in, int side, Image& out) {
    const int w = vips_image_get_width(in), h = vips_image_get_height(in), s = std::min(w, h);
    Image centre, thumb, srgb;
    if (vips_extract_area(in, centre.out(), (w - s) / 2, (h - s) / 2, s, s, nullptr)) return false;
    if (vips_thumbnail_image(centre.get(), thumb.out(), side, "height", side, "size", VIPS_SIZE_BOTH, nullptr)) return false;
    if (vips_colourspace(thumb.get(), srgb.out(), VIPS_INTERPRETATION_sRGB, nullptr)) return false;
    if (vips_image_get_format(srgb.get()) == VIPS_FORMAT_UCHAR) {
        out.adopt(static_cast<VipsImage*>(g_object_ref(srgb.get())));
        return true;
    }
    return vips_cast_uchar(srgb.get(), out.out(), nullptr) == 0;
}

bool encode(VipsImage* img, Encoding encoding, std::string& out) {
    GBuffer buf;
    int rc = encoding == Encoding::webp
                 ? vips_webpsave_buffer(img, &buf.data, &buf.len, "Q", 82, "strip", TRUE, nullptr)
                 : vips_pngsave_buffer(img, &buf.data, &buf.len, "compression", 6, "strip", TRUE, nullptr);
    if (rc) return false;
    out = buf.take();
    return true;
}

// The decoded square (held in memory) encoded at each side: the first as is, the rest scaled down.
Squares encode_sides(VipsImage* full, const std::vector<int>& sides, Encoding encoding) {
    Squares result;
    for (size_t i = 0; i < sides.size(); ++i) {
        Image scaled;
        VipsImage* img = full;
        if (i > 0) {
            if (!square(full, sides[i], scaled)) return fail(500, "could not scale the image", vips_failure());
            img = scaled.get();
        }
        std::string bytes;
        if (!encode(img, encoding, bytes)) return fail(500, "could not encode the image", vips_failure());
        result.images.push_back(std::move(bytes));
    }
    return result;
}

bool valid_sides(const std::vector<int>& sides) {
    return !sides.empty() && std::all_of(sides.begin(), sides.end(), [&](int s) { return s > 0 && s <= sides[0]; });
}

} // namespace

std::optional<Format> sniff(std::string_view b) {
    if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return Format::png;
    if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return Format::jpeg;
    if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return Format::webp;
    return std::nullopt;
}

bool start_vips(std::string* error) {
    static std::once_flag once;
    static bool ok = false;
    static std::string why;
    std::call_once(once, [] {
        if (VIPS_INIT("campfire-media")) {
            why = "libvips did not start: " + vips_failure();
            return;
        }
        vips_concurrency_set(1); // requests run on several workers already; one thread each
        vips_cache_set_max(0);
        vips_cache_set_max_mem(0);
        vips_cache_set_max_files(0);
        ok = true;
    });
    if (!ok && error) *error = why;
    return ok;
}

void block_untrusted_loaders() {
    static std::once_flag once;
    std::call_once(once, [] {
        vips_block_untrusted_set(TRUE);
        vips_operation_block_set("VipsForeignLoad", TRUE);
        // Unblock the three by the class behind each loader's name (PNG may be libpng or libspng).
        for (const char* nick : {"pngload_buffer", "jpegload_buffer", "webpload_buffer"}) {
            GType type = vips_type_find("VipsOperation", nick);
            if (!type) continue;
            for (GType t = type; t && g_type_name(t); t = g_type_parent(t)) {
                // The format's base class (e.g. VipsForeignLoadJpeg) covers its buffer loader.
                GType parent = g_type_parent(t);
                if (parent && std::strcmp(g_type_name(parent), "VipsForeignLoad") == 0) {
                    vips_operation_block_set(g_type_name(t), FALSE);
                    break;
                }
            }
        }
    });
}

Squares square_images(std::string_view bytes, const std::vector<int>& sides, Encoding encoding) {
    if (!valid_sides(sides)) return fail(500, "bad sizes");
    auto format = sniff(bytes);
    if (!format) return fail(422, "the image must be a PNG, JPEG or WebP file");

    Image img;
    if (load(*format, bytes, 1, img.out())) return fail(422, "the image could not be read", vips_failure());
    const int w = vips_image_get_width(img.get()), h = vips_image_get_height(img.get());
    if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide || static_cast<long long>(w) * h > kMaxPixels)
        return fail(422, "the image is too large: at most 16384 pixels a side and 50 megapixels");

    // A JPEG can decode at 1/2, 1/4 or 1/8 of its size: ask for the smallest that still covers the square.
    if (*format == Format::jpeg) {
        int shrink = 1;
        while (shrink < 8 && std::min(w, h) / (shrink * 2) >= sides[0]) shrink *= 2;
        if (shrink > 1 && load(*format, bytes, shrink, img.out()))
            return fail(422, "the image could not be read", vips_failure());
    }

    Image squared;
    if (!square(img.get(), sides[0], squared)) return fail(422, "the image could not be decoded", vips_failure());
    // Pull every pixel through once, into memory: decoding errors surface here.
    VipsImage* decoded = vips_image_copy_memory(squared.get());
    if (!decoded) return fail(422, "the image could not be decoded", vips_failure());
    Image full;
    full.adopt(decoded);
    return encode_sides(full.get(), sides, encoding);
}

Squares render_own_svg(std::string_view svg, const std::vector<int>& sides) {
    if (!valid_sides(sides)) return fail(500, "bad sizes");
    Image img, squared;
    if (vips_svgload_buffer(const_cast<char*>(svg.data()), svg.size(), img.out(), nullptr))
        return fail(500, "could not render the SVG", vips_failure());
    if (!square(img.get(), sides[0], squared)) return fail(500, "could not render the SVG", vips_failure());
    VipsImage* drawn = vips_image_copy_memory(squared.get());
    if (!drawn) return fail(500, "could not render the SVG", vips_failure());
    Image full;
    full.adopt(drawn);
    return encode_sides(full.get(), sides, Encoding::png);
}

std::optional<Dimensions> probe(std::string_view bytes) {
    VipsImage* raw = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
    if (!raw) {
        vips_error_clear();
        return std::nullopt;
    }
    Image img;
    img.adopt(raw);
    Dimensions d;
    d.width = vips_image_get_width(raw);
    d.height = vips_image_get_height(raw);
    d.bands = vips_image_get_bands(raw);
    const char* loader = nullptr;
    if (vips_image_get_string(raw, "vips-loader", &loader) == 0 && loader) d.loader = loader;
    return d;
}

} // namespace media
