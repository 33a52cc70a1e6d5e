// A multipart/form-data parser (RFC 7578) for file uploads: POST /rooms/:room_id/messages with
// message[attachment] and message[client_message_id], as Campfire's composer sends each file.
// Pure code over the raw body: parts are views into it, nothing is copied. Hostile input gives
// nullopt and a reason, never a crash: at most kMaxParts parts, part headers at most 8 KiB.
// (Written here because sdk/campfire/multipart.hpp did not exist yet; one of the two should go.)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rooms::upload {

inline constexpr size_t kMaxParts = 16;

struct Part {
    std::string name;                    // form field name, e.g. "message[attachment]"
    std::optional<std::string> filename; // set for file parts (decoded; may be empty)
    std::string content_type;            // the part's Content-Type, lowercased; "" when absent
    std::string_view data;               // the part's bytes (a view into the body)
};

// The boundary from a Content-Type header value ("multipart/form-data; boundary=xyz"), or
// nullopt when the header is not multipart/form-data or the boundary is missing or invalid.
std::optional<std::string> boundary_of(std::string_view content_type);

std::optional<std::vector<Part>> parse(std::string_view body, std::string_view boundary, std::string& error);

} // namespace rooms::upload
