// Campfire's Room::MessagePusher: who gets a push for a new message, and its delivery.
// Recipients (CAMPFIRE.md §6, "Who gets notified"): the push subscriptions of active users whose
// membership in the room is visible, who are not looking at it (connected_at unset or older than
// 60 s, the presence TTL) and who did not write the message; involvement "everything" gets every
// message, "mentions" only messages that mention them, "nothing" and "invisible" none.
// All of it runs on the delivery pool, never on the notify thread.
#pragma once

#include <campfire/plugin.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace push {

// message.created NOTIFY: payload {"room":{…},"message":<message JSON>} or the bare message JSON.
void on_message_created(cf_ctx* ctx, std::string_view payload);

struct Target {
    int64_t subscription_id = 0;
    std::string endpoint, p256dh_key, auth_key;
};

// Encrypts `payload` for the subscription and posts it, on the pool. False when the queue is full.
bool queue_push(cf_ctx* ctx, Target target, std::string payload);

} // namespace push
