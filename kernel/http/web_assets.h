// The browser UI, embedded at build time (web/embed_web.cmake): each file of the Vite build with
// its gzip form, content type and ETag. Empty when the build has CF_WEB=OFF.
#pragma once

#include <span>
#include <string_view>

namespace cf {

struct WebAsset {
    std::string_view path; // "/index.html", "/assets/index-1oxjEJ_Y.js"
    std::string_view content_type;
    std::string_view data;
    std::string_view gzip;
    std::string_view etag;
};

std::span<const WebAsset> web_assets();

} // namespace cf
