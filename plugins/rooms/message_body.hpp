// A message body as the server stores it: the client's text or HTML sanitised
// (rich_text/sanitizer.hpp) with mentions resolved against the users table, its plain text, and
// the mentionees: the mentioned users who are members of the room (Campfire's
// `room.users ∩ attachables`). A mention of a user who is not a member still shows as "@Name",
// it just does not count (no notification); a mention of an unknown user id is removed.
#pragma once

#include "rich_text/sanitizer.hpp"

#include <campfire/plugin.hpp>

#include <string>
#include <vector>

namespace rooms {

struct Body {
    std::string html;
    std::string plain;
    std::vector<int64_t> mentioned; // known users named in it, members or not
};

// Sanitises `raw` (already within check_body's rules). Returns 0, or 422 with `error` when
// nothing is left of it or it has more markup than the sanitiser takes.
int prepare_body(cf_ctx* ctx, cf_db* db, std::string_view raw, rich_text::Input input, Body& out,
                 std::string& error);

// Inside a write: makes the message's mentions the members of `room_id` among `mentioned`.
int store_mentions(cf_ctx* ctx, cf_db* txn, int64_t message_id, int64_t room_id, const std::vector<int64_t>& mentioned);

} // namespace rooms
