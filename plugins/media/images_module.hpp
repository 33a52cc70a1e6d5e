// The libvips half of the media plugin, built as its own library (`media.d/images.so` beside
// media.so) and loaded on first use: libvips pulls in about a hundred libraries and starts its
// format modules, which cost start-up some 140 ms when media.so linked it directly. Both halves
// are built together from this tree, so the interface may use C++ types; only the entry point's
// name is unmangled.
#pragma once

#include "images.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace media {

struct ImagesModule {
    bool ok = false;                 // libvips started
    std::string error;               // why not, when !ok
    std::array<std::string, 2> logo; // the default logo as PNG (large, small); empty if it failed
    std::string logo_detail;         // why the logo could not be rendered
    Squares (*square_images)(std::string_view, const std::vector<int>&, Encoding) = nullptr;
};

inline constexpr const char* kImagesModuleFile = "media.d/images.so";
inline constexpr const char* kImagesModuleEntry = "campfire_media_images";
using ImagesModuleEntry = const ImagesModule* (*)(const char* logo_svg, size_t logo_len, int large, int small);

} // namespace media

// Starts libvips, renders `logo_svg` (our own drawing) at `large` and `small`, then blocks every
// loader but PNG, JPEG and WebP. Once per process: later calls return the same module.
extern "C" __attribute__((visibility("default"))) const media::ImagesModule*
campfire_media_images(const char* logo_svg, size_t logo_len, int large, int small);
