// Shared by the bot API routes: running the rooms and boosts plugins' own routes as the bot
// (cf::dispatch), and the small checks before it.
#pragma once

#include "campfire_json.hpp"

#include <campfire/plugin.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace webhooks {

// A path parameter that is a positive id; anything else is nullopt (the caller answers 404, so a
// parameter can never smuggle "/" or "?" into the inner path).
std::optional<int64_t> positive_id(cf::Request& req, const char* name);

// Runs `method path` as `bot_id` and hands the inner response to `then` on a worker thread,
// with the reply. Answers 503 itself when the server is too busy to take the inner request.
using AfterDispatch = std::function<void(cf::Response, cf::Reply&)>;
void run_as_bot(cf_ctx* ctx, cf::Reply reply, int64_t bot_id, const char* method, const std::string& path,
                std::string body, AfterDispatch then, const char* content_type = nullptr);

// Sends the inner response as it is (status, content type, body).
void pass_through(const cf::Response& inner, cf::Reply& reply);

// users.role as Campfire names it, read on this thread's reader (memoised per call site).
RoleOf role_reader(cf_ctx* ctx);

} // namespace webhooks
