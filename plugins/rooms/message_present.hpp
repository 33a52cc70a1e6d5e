// The "message.present" TRANSFORM hook, run on every read path that returns messages (list,
// show, around, refresh): payload {"user_id":N,"messages":[message JSON...]}; a plugin may add
// fields to each message (boosts adds "boosts"). A replacement that is not an object with a
// "messages" array of objects of the same length is ignored (logged): readers still get the
// messages.
#pragma once

#include "message_store.hpp"

#include <string>
#include <vector>

namespace rooms {

// The JSON array of `messages` as `viewer` should see them.
std::string present_messages(cf_ctx* ctx, const cf_user& viewer, const std::vector<Message>& messages);

} // namespace rooms
