// The sound files and images, embedded into the plugin at build time from assets/sounds/ by
// embed_assets.cmake, so the binary carries them (no assets directory to find at run time).
#pragma once

#include <span>
#include <string_view>

namespace sounds {

struct Asset {
    std::string_view file;  // "bell.mp3", "nyan.svg"
    std::string_view bytes;
    std::string_view etag;  // quoted strong validator: the first 16 hex digits of the file's SHA-256
};

// Every embedded file, in file name order (generated).
std::span<const Asset> assets();

} // namespace sounds
