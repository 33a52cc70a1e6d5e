// Writes multipart/form-data (RFC 7578): the form the rooms route takes (message[attachment],
// message[client_message_id]) for a bot's file or a webhook's file reply. Reading a form is the
// SDK's campfire/multipart.hpp. Pure code, unit-tested.
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

struct Multipart {
    std::string content_type; // "multipart/form-data; boundary=..."
    std::string body;
};
// A fresh random boundary that does not occur in any part.
Multipart build_multipart(const std::vector<FormPart>& parts);

} // namespace webhooks
