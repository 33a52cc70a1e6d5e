// Attachment upload checks, storage and download (see attachments.hpp).
#include "attachments.hpp"

#include "input.hpp"
#include "message_routes.hpp"

#include <campfire/utf8.hpp>

#include <algorithm>
#include <cctype>

namespace rooms {
namespace {

constexpr size_t kDefaultMaxBytes = 10 * 1024 * 1024;
constexpr size_t kMaxFilenameBytes = 255;

size_t max_attachment_bytes(cf_ctx* ctx) {
    auto configured = cf::to_int(cf::view(cf_config_get(ctx, "CF_ATTACHMENT_MAX_BYTES")));
    return configured && *configured > 0 ? static_cast<size_t>(*configured) : kDefaultMaxBytes;
}

// The last path segment, without control characters, trimmed, cut at a character boundary.
std::string clean_filename(std::string_view raw) {
    if (size_t slash = raw.find_last_of("/\\"); slash != std::string_view::npos) raw.remove_prefix(slash + 1);
    std::string name;
    for (char c : raw) {
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u != 0x7F) name.push_back(c);
    }
    name = std::string(trim(name));
    if (name.size() > kMaxFilenameBytes) {
        size_t cut = kMaxFilenameBytes;
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut; // not inside a character
        name.resize(cut);
    }
    return name.empty() || name == "." || name == ".." ? "attachment" : name;
}

// "type/subtype" from a part's Content-Type, without parameters; octet-stream when unusable.
std::string clean_media_type(std::string_view raw) {
    std::string lowered(trim(raw.substr(0, raw.find(';'))));  // media types are case-insensitive
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view media = lowered;
    size_t slash = media.find('/');
    auto token = [](std::string_view t) {
        return !t.empty() && t.size() <= 63 && std::all_of(t.begin(), t.end(), [](char c) {
                   return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || std::string_view("!#$&^_.+-").find(c) != std::string_view::npos;
               });
    };
    if (slash == std::string_view::npos || !token(media.substr(0, slash)) || !token(media.substr(slash + 1)))
        return "application/octet-stream";
    return lowered;
}

// Types a browser shows without running anything (no SVG, no HTML, no PDF viewer).
bool shown_inline(std::string_view type) {
    static constexpr std::string_view kInline[] = {"image/png", "image/jpeg", "image/gif", "image/webp",
                                                   "video/mp4", "video/webm", "audio/mpeg", "audio/ogg",
                                                   "audio/wav", "audio/webm"};
    return std::find(std::begin(kInline), std::end(kInline), type) != std::end(kInline);
}

// RFC 6266: an ASCII fallback plus the UTF-8 name percent-encoded (RFC 8187).
std::string content_disposition(bool inline_type, std::string_view filename) {
    std::string fallback, encoded;
    for (char c : filename) {
        auto u = static_cast<unsigned char>(c);
        fallback.push_back(u < 0x80 && c != '"' && c != '\\' ? c : '_');
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
        if (plain) {
            encoded.push_back(c);
        } else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            encoded += {'%', kHex[u >> 4], kHex[u & 0xF]};
        }
    }
    return std::string(inline_type ? "inline" : "attachment") + "; filename=\"" + fallback +
           "\"; filename*=UTF-8''" + encoded;
}

} // namespace

int read_upload(cf_ctx* ctx, const cf::multipart::Part& part, Upload& out, std::string& error) {
    if (part.body.size() > max_attachment_bytes(ctx)) {
        error = "attachment is too large (at most " + std::to_string(max_attachment_bytes(ctx)) + " bytes)";
        return 413;
    }
    if (!cf::utf8::valid(*part.filename)) {
        error = "attachment filename must be UTF-8";
        return 422;
    }
    out.filename = clean_filename(*part.filename);
    out.content_type = clean_media_type(part.content_type);
    out.data.assign(part.body);
    return 0;
}

int store_upload(cf_ctx* ctx, cf_db* txn, int64_t message_id, const Upload& upload) {
    // The ABI binds text; CAST keeps the bytes as they are and stores them as a BLOB.
    cf::Stmt s(ctx, txn,
               "INSERT INTO attachments(message_id, filename, content_type, byte_size, data) "
               "VALUES (?1, ?2, ?3, ?4, CAST(?5 AS BLOB))");
    s.bind(1, message_id).bind(2, std::string_view(upload.filename)).bind(3, std::string_view(upload.content_type));
    s.bind(4, static_cast<int64_t>(upload.data.size())).bind(5, std::string_view(upload.data));
    return s.exec();
}

void serve_attachment(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    auto room = member_room(req, db);
    if (!room) return reply.error(404, "room not found");
    auto id = id_from(req.param("id"));
    if (!id) return reply.error(404, "attachment not found");
    cf::Stmt s(ctx, db,
               "SELECT a.filename, a.content_type, a.data FROM attachments a JOIN messages m ON m.id = a.message_id "
               "WHERE m.id = ?1 AND m.room_id = ?2");
    s.bind(1, *id).bind(2, room->id);
    if (!s.row()) return reply.error(404, "attachment not found");
    std::string type(s.text(1));
    bool inline_type = shown_inline(type);
    reply.header("Content-Disposition", content_disposition(inline_type, s.text(0)));
    reply.header("Cache-Control", "private, max-age=86400");
    reply.header("Content-Security-Policy", "default-src 'none'; media-src 'self'; sandbox");
    std::string_view data = s.text(2);
    reply.send(200, inline_type ? type.c_str() : "application/octet-stream", data);
}

} // namespace rooms
