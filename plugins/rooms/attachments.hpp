// Files posted as messages (Campfire's Message attachment, CAMPFIRE.md §8): the bytes live in the
// `attachments` table beside the message. Bounds: CF_ATTACHMENT_MAX_BYTES (default 10 MiB, 413
// beyond; the kernel's MAX_BODY_BYTES applies first). Filenames lose any path, control
// characters and invalid UTF-8 (422), and are cut to 255 bytes.
// Served at GET /rooms/:room_id/messages/:id/attachment, members only (404 otherwise), private
// cache, sandboxed: images, audio and video inline with their type; anything else as a download
// (application/octet-stream), so an uploaded page can never run on our origin.
#pragma once

#include <campfire/multipart.hpp>
#include <campfire/plugin.hpp>

#include <string>

namespace rooms {

struct Upload {
    std::string filename;
    std::string content_type;
    std::string data;
};

// Checks and copies a file part. Returns 0, or an HTTP status with `error`.
int read_upload(cf_ctx* ctx, const cf::multipart::Part& part, Upload& out, std::string& error);

// Inside a write: stores the file for message `message_id`.
int store_upload(cf_ctx* ctx, cf_db* txn, int64_t message_id, const Upload& upload);

} // namespace rooms
