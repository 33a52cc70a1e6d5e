// Webhook deliveries: a bounded queue (1,000) and 4 worker threads that POST payloads to bots and
// act on the answer as Campfire's Bot::WebhookJob does (CAMPFIRE.md §4):
//  - 200 with text/plain or text/html: the body is posted in the room as the bot's message;
//  - 200 with another content type and a body: posted as the bot's attachment "attachment.<ext>";
//  - no answer within the timeout: the bot posts "Failed to respond within 7 seconds".
// Beyond Campfire, per bot: an HMAC signature, an envelope, retries with backoff (1 s, 4 s, 16 s)
// on 5xx, timeouts and connection failures; the timeout message follows only the last attempt.
// Replies go through the rooms plugin's route as the bot (cf::dispatch) with a client_message_id
// starting "webhook-reply-", which the trigger skips: a reply never fires webhooks (Campfire).
// Each final outcome is stored on the bot (last_delivery) for administrators, and counted.
#pragma once

#include "bot_store.hpp"

#include <campfire/plugin.h>

#include <string>

namespace webhooks {

constexpr size_t kDeliveryWorkers = 4;
constexpr size_t kDeliveryQueueCapacity = 1000;
constexpr int kMaxRetries = 3;
constexpr std::string_view kReplyClientIdPrefix = "webhook-reply-";

struct Delivery {
    int64_t bot_id = 0;
    std::string bot_name;
    std::string url;
    int64_t room_id = 0;
    DeliveryOptions options;
    std::string signing_secret;
    std::string body;        // the exact JSON to POST (payload or envelope), the same on every attempt
    std::string delivery_id; // a UUID, for the envelope and X-Campfire-Delivery
    int attempt = 0;         // 0 for the first
};

void start_deliveries(cf_ctx* ctx); // init
void stop_deliveries();             // unload: abandons the queue, cuts requests in flight
// Never blocks: false when the queue is full (counted, logged and stored as "dropped").
bool enqueue_delivery(cf_ctx* ctx, Delivery d);

} // namespace webhooks
