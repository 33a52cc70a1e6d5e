// What a bot's webhook receives. Mirrors Campfire's Webhook#payload (CAMPFIRE.md §4):
//   {"user":{"id","name"},
//    "room":{"id","name" (null for direct rooms),"path":"/rooms/<room_id>/<bot_key>/messages"},
//    "message":{"id","body":{"html","plain"},"path":"/rooms/<room_id>/@<message_id>"}}
// where plain is the message's plain text with "@<bot name>" removed and Unicode white space
// trimmed. Beyond Campfire, per bot: "reply_url" (the bot API URL to answer later), and an
// envelope {"id","type","created_at","data":<payload>}. Pure code, unit-tested.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webhooks {

struct PayloadFields {
    int64_t author_id = 0;
    std::string author_name;
    int64_t room_id = 0;
    std::optional<std::string> room_name; // nullopt for direct rooms
    std::string bot_key;                  // "<bot id>-<token>"
    int64_t message_id = 0;
    std::string html;
    std::string plain;                    // already without the bot's mention
    std::optional<std::string> reply_url; // opt-in
};

std::string bot_api_path(int64_t room_id, std::string_view bot_key); // /rooms/<id>/<key>/messages
std::string campfire_payload(const PayloadFields& f);
std::string envelope(std::string_view delivery_id, std::string_view type, std::string_view created_at,
                     std::string_view data_json);

// Campfire's plain text for the bot: every "@<bot name>" removed, Unicode white space trimmed.
std::string plain_for_bot(std::string_view plain, std::string_view bot_name);
std::string trim_unicode_space(std::string_view s);

// The user ids named by mention attachments in a body
// (<action-text-attachment content-type="application/vnd.campfire.mention" user-id="7">), in order,
// without repeats. Used when the stored message carries no mentionee_ids.
std::vector<int64_t> mentioned_user_ids(std::string_view body);
// The body with each mention attachment replaced by "@<name>" (name_of returns nullopt for
// unknown ids, which then vanish): plain text for a message stored without plain_body.
std::string mentions_as_text(std::string_view body, const std::function<std::optional<std::string>(int64_t)>& name_of);

} // namespace webhooks
