// What a push says (CAMPFIRE.md §6, "Payload"): the JSON the service worker passes to
// showNotification(title, options) and setAppBadge(badge):
//   {"title":…, "options":{"body":…, "icon":"/account/logo", "data":{"path":…, "badge":N}}}
// A direct room's push is titled with the sender's name and carries the plain text; a shared
// room's is titled with the room's name and carries "Sender: text". An attachment without text
// shows its file name.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace push {

struct Notification {
    std::string title;
    std::string body;
    std::string path;
    int64_t badge = 0;
};

struct RoomFacts {
    int64_t id = 0;
    bool direct = false;
    std::string name;
};

Notification message_notification(const RoomFacts& room, std::string_view sender, std::string_view text,
                                  int64_t badge);

// The test notification (Campfire's "Campfire Test" with a random UUID body).
Notification test_notification(std::string_view uuid, int64_t badge);

// The payload JSON, at most max_bytes: the body is shortened (on a UTF-8 boundary, with "…")
// when the whole would be longer, since a push carries at most about 4 KB.
std::string notification_json(const Notification& n, size_t max_bytes);

// What a push needs from a new message (the message.created payload: the message JSON, bare or
// as {"room":…,"message":…}); nullopt without a room or creator id.
struct NewMessage {
    int64_t room_id = 0;
    int64_t creator_id = 0;
    std::string creator_name;
    std::string text;              // message_plain_text
    std::string mentionees = "[]"; // JSON array of the mentioned user ids
};
std::optional<NewMessage> parse_new_message(std::string_view payload);

// A message's text for a push: its plain_body; else its body with the markup stripped (older
// message JSON); else, for an attachment, the file name.
std::string message_plain_text(const rapidjson::Value& message);

} // namespace push
