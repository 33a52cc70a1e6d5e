// What the media plugin does with pixels, on libvips. Only PNG, JPEG and WebP are ever decoded:
// the format is sniffed from the magic bytes (the declared Content-Type is not trusted), every
// other libvips loader is blocked for the whole process, the three are called by name, and the
// header must pass the size limits before a single pixel is decoded (decompression bombs).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace media {

enum class Format { png, jpeg, webp };
enum class Encoding { png, webp };

// The format the magic bytes announce, or nullopt for anything else (GIF, SVG, HTML, ...).
std::optional<Format> sniff(std::string_view bytes);

// Decoded-size limits: a picture over either is refused from its header alone.
inline constexpr int kMaxSide = 16384;
inline constexpr long long kMaxPixels = 50'000'000;

// Starts libvips once per process (idempotent, thread-safe): one worker thread per operation and
// no operation cache (it would pin request buffers). libvips cannot be started again after
// vips_shutdown(), so we never shut it down (the plugin is linked -z nodelete for the same reason).
bool start_vips(std::string* error);

// Blocks every libvips loader but PNG, JPEG and WebP, for the whole process, for good.
void block_untrusted_loaders();

struct Squares {
    std::vector<std::string> images; // one per requested side, in order
    int status = 0;                  // 0, or the HTTP status to answer (422, 500)
    std::string error;               // for the client
    std::string detail;              // libvips' own words, for the log
};

// Decodes `bytes` (PNG, JPEG or WebP), crops the centre to a square and scales it to each of
// `sides` (the first is the largest), encoded as `encoding` without metadata. sRGB, 8 bits, alpha
// kept. Call from a worker thread: it takes tens of milliseconds.
Squares square_images(std::string_view bytes, const std::vector<int>& sides, Encoding encoding);

// Renders an SVG we wrote ourselves (never user input) as PNG squares, e.g. the default logo.
// Only between start_vips() and block_untrusted_loaders(), which blocks the SVG loader.
Squares render_own_svg(std::string_view svg, const std::vector<int>& sides);

struct Dimensions {
    int width = 0, height = 0, bands = 0;
    std::string loader; // vips-loader, e.g. "webpload_buffer"
};

// Header facts of an encoded image, for tests and logs. nullopt when it does not decode.
std::optional<Dimensions> probe(std::string_view bytes);

} // namespace media
