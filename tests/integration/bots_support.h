// Helpers for the bots and webhooks tests (plugins/webhooks): creating bots, posting as a bot,
// mention markup, waiting for something to show up.
#pragma once

#include "tests/support/support.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace cf::test::bots {

struct BotRef {
  int64_t id = 0;
  std::string key;  // "<id>-<token>"
  std::string signing_secret;
};

// A JSON string literal for s, quotes included.
std::string quoted(std::string_view s);

// POST /account/bots as an administrator; `extra` is more members of "user" ("\"envelope\":true").
// Throws unless 201.
BotRef create_bot(HttpClient& admin, std::string_view name, std::string_view webhook_url = {},
                  std::string_view extra = {});

// The mention markup for a user, as a body carries it.
std::string mention(int64_t user_id);

// POSTs a message as a human through the rooms route; returns the message id (throws unless 201).
int64_t post_message(HttpClient& http, int64_t room, std::string_view body);

// The bot API path /rooms/<room>/<key>/messages.
std::string bot_path(int64_t room, std::string_view key);

// POSTs a raw text body to a bot API path, as `curl -H 'Content-Type: text/plain' -d` would.
HttpResponse bot_post(HttpClient& http, const std::string& path, std::string_view body);

// The messages of a room (GET /rooms/<room>/messages as `http`), oldest first.
rapidjson::Document room_messages(HttpClient& http, int64_t room);

// Polls `done` every 20 ms until it is true or the timeout passes.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(10));

// True once a message by `creator_id` whose body contains `body` is in the room (latest 40).
bool has_message_by(HttpClient& http, int64_t room, int64_t creator_id, std::string_view body);

// POST /rooms/directs with these users; the room id (throws unless 200/201).
int64_t direct_room(HttpClient& http, std::initializer_list<int64_t> user_ids);

// The signed-in user's id (GET /users/me/profile).
int64_t my_id(HttpClient& http);

}  // namespace cf::test::bots
