// Bots as rows: the kernel's users row (role 2 = bot, bot_token) joined with our bot_webhooks row,
// and the bot JSON administrators see. Campfire's User::Bot (CAMPFIRE.md §4):
// bot_key = "<id>-<bot_token>", the token 12 alphanumerics, no email or password.
#pragma once

#include <campfire/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace webhooks {

constexpr size_t kBotTokenLength = 12;
constexpr size_t kMaxBotNameBytes = 100; // as the kernel's people

struct DeliveryOptions {
    bool sign_requests = false;
    bool envelope = false;
    bool retries = false;
    bool include_reply_url = false;
};

struct LastDelivery {
    std::string at, status, detail;
    std::optional<int64_t> http_status;
};

struct Bot {
    int64_t id = 0;
    std::string name;
    std::string token;
    int status = CF_STATUS_ACTIVE;
    std::string created_at, updated_at;
    std::optional<std::string> webhook_url;
    DeliveryOptions options;
    std::string signing_secret;
    std::optional<LastDelivery> last_delivery;

    std::string key() const { return std::to_string(id) + "-" + token; }
};

// An active bot by id, or nullopt (a person, a deactivated bot, no such user).
std::optional<Bot> load_bot(cf_ctx* ctx, cf_db* db, int64_t id);
// Every active bot, by name (Campfire's active_bots.ordered).
std::vector<Bot> load_bots(cf_ctx* ctx, cf_db* db);

// {"id","name","webhook_url","bot_key","avatar_url","created_at","updated_at","sign_requests",
//  "signing_secret","envelope","retries","include_reply_url","last_delivery"}
void write_bot(cf::Json& j, const Bot& bot, std::string_view base_url);
std::string bot_body(const Bot& bot, std::string_view base_url); // {"bot":{...}}

// Inside a write: a fresh users row for a bot plus its bot_webhooks row; the user.created STORE
// hook runs so other plugins (rooms: every open room) treat it as a new user. Returns the id,
// or 0 (cf_error tells why).
int64_t insert_bot(cf_ctx* ctx, cf_db* txn, const std::string& name, const std::optional<std::string>& url,
                   const DeliveryOptions& options);

} // namespace webhooks
