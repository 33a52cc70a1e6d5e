// Serving pictures with validators: an ETag from the bytes, the route's Cache-Control, and 304
// Not Modified when the client's If-None-Match already names that ETag.
#pragma once

#include <campfire/plugin.hpp>

#include <string>
#include <string_view>

namespace media {

inline constexpr const char* kSvg = "image/svg+xml";
inline constexpr const char* kWebp = "image/webp";
inline constexpr const char* kPng = "image/png";

// A strong ETag: "<16 hex digits of FNV-1a 64 of the bytes>".
std::string etag(std::string_view bytes);

// Does an If-None-Match header value (a list, weak or strong, or *) name `tag`?
bool matches(std::string_view if_none_match, std::string_view tag);

// Sends `body` as `type` with an ETag and `cache_control`, or 304 when the client has it.
// An SVG also gets a Content-Security-Policy that forbids scripts, should it be opened directly.
void send_picture(const cf::Request& req, cf::Reply reply, const char* type, std::string_view cache_control,
                  std::string_view body);

} // namespace media
