// multipart/form-data (RFC 7578), just enough for the bot API: read the `attachment` file a bot
// uploads (curl -F "attachment=@file"), and write the form the rooms route takes
// (message[attachment], message[client_message_id]). Pure code, unit-tested.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webhooks {

struct FormPart {
    std::string name;
    std::optional<std::string> filename; // present for file fields
    std::string content_type;            // "" when the part has none
    std::string data;
};

// The boundary parameter of a multipart Content-Type, or nullopt.
std::optional<std::string> multipart_boundary(std::string_view content_type);
// The parts of a body, or nullopt when it is malformed (no closing delimiter, a part without
// Content-Disposition form-data, more than 64 parts).
std::optional<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary);

struct Multipart {
    std::string content_type; // "multipart/form-data; boundary=..."
    std::string body;
};
// A fresh random boundary that does not occur in any part.
Multipart build_multipart(const std::vector<FormPart>& parts);

} // namespace webhooks
