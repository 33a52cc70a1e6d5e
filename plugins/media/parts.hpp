// The media plugin's parts, each registered from plugin.cpp's init.
#pragma once

#include "images.hpp"
#include "upload.hpp"

#include <campfire/plugin.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace media {

int register_schema(cf_ctx* ctx);
int register_avatar_routes(cf_ctx* ctx);
int register_logo_routes(cf_ctx* ctx);

// CF_MEDIA_MAX_UPLOAD_BYTES (default 10 MiB), read once at init. The kernel's own body limit
// (1 MiB today) answers 413 first for anything larger.
size_t max_upload_bytes();
void read_settings(cf_ctx* ctx);

// square_images() for an upload, at most two at a time in the process (each holds a libvips
// pipeline and a decoded square); 503 when no slot frees up within 10 s. Logs libvips' reason.
Squares convert_upload(cf_ctx* ctx, std::string_view bytes, const std::vector<int>& sides, Encoding encoding);

// 503 for a full writer queue, 500 otherwise.
inline int write_failure_status(int rc) { return rc == CF_ERR_BUSY ? 503 : 500; }

} // namespace media
