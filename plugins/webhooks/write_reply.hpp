// Write, then reply: a route validates what it can on its reader, queues `run` on the single
// writer (which re-checks what may have changed meanwhile), and answers only after commit.
#pragma once

#include <campfire/plugin.hpp>

#include <memory>
#include <string>
#include <utility>

namespace webhooks {

struct Outcome {
    int http = 200;
    std::string body;  // JSON; empty for 204
    std::string error; // non-empty: answer http with {"error": error}

    int fail(int status, std::string message) {
        http = status;
        error = std::move(message);
        return CF_ERR_ARG; // rolls this request's savepoint back
    }
};

// Queues `run(cf_db* txn, Outcome&) -> int` and answers `reply` once the write is durable.
template <class Run> void write_then_reply(cf_ctx* ctx, cf::Reply reply, Run run) {
    auto held = std::make_shared<cf::Reply>(std::move(reply));
    auto out = std::make_shared<Outcome>();
    int rc = cf::write(
        ctx, [out, run = std::move(run)](cf_db* txn) mutable { return run(txn, *out); },
        [ctx, out, held](int status) {
            if (!out->error.empty()) return held->error(out->http, out->error.c_str());
            if (status != CF_OK) {
                const char* why = cf_error(ctx);
                cf::log(ctx, CF_LOG_ERROR, std::string("webhooks: write failed: ") + (why ? why : "?"));
                return held->error(status == CF_ERR_BUSY ? 503 : 500, "could not save; try again");
            }
            if (out->http == 204) return held->no_content();
            held->json(out->http, out->body);
        });
    if (rc != CF_OK) held->error(rc == CF_ERR_BUSY ? 503 : 500, "the server is busy; try again");
}

} // namespace webhooks
