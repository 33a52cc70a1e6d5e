// Write, then reply: the pattern for a mutating route. The handler validates what it can on its
// read connection, then queues `run` on the single writer thread; `run` re-checks whatever could
// have changed meanwhile (on the writer that is race-free) and fills an Outcome. The HTTP answer
// goes out from the completion callback, only once the transaction is durable, and so do the
// Outcome's after_commit steps (ephemeral sends, cutting sockets off a room). Header-only, no ABI.
//
//   cf::write_then_reply(ctx, std::move(reply), [ctx, id](cf_db* txn, cf::Outcome& out) -> int {
//       if (!exists(ctx, txn, id)) return out.fail(404, "not found");
//       ...
//       out.http = 201, out.body = json;
//       return CF_OK;
//   });
#pragma once

#include <campfire/plugin.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cf {

// What `run` decided. An error wins over everything; a success body is sent only if the
// transaction committed.
struct Outcome {
    int http = 200;
    std::string body;                                // JSON, empty for 204
    std::string error;                               // non-empty: answer http with {"error": error}
    std::vector<std::function<void()>> after_commit; // run in order once durable, before the answer

    int fail(int status, std::string message) {
        http = status;
        error = std::move(message);
        return CF_ERR_ARG; // rolls this request's savepoint back
    }
};

// Queues `run(cf_db* txn, O& out) -> int` and answers `reply` once the write is durable. O is
// cf::Outcome or a struct derived from it that carries more for the route.
template <class O = Outcome, class Run>
void write_then_reply(cf_ctx* ctx, Reply reply, Run run) {
    auto held = std::make_shared<Reply>(std::move(reply));
    auto out = std::make_shared<O>();
    int rc = write(
        ctx, [out, run = std::move(run)](cf_db* txn) mutable { return run(txn, *out); },
        [ctx, out, held](int status) {
            if (!out->error.empty()) return held->error(out->http, out->error.c_str());
            if (status != CF_OK) {
                const char* why = cf_error(ctx);
                log(ctx, CF_LOG_ERROR, std::string("write failed: ") + (why ? why : "?"));
                return held->error(status == CF_ERR_BUSY ? 503 : 500, "could not save; try again");
            }
            for (auto& step : out->after_commit) step();
            if (out->http == 204) return held->no_content();
            held->json(out->http, out->body);
        });
    if (rc != CF_OK) held->error(rc == CF_ERR_BUSY ? 503 : 500, "the server is busy; try again");
}

} // namespace cf
