// Search routes. Mirrors Campfire's SearchesController (index, create, clear) with JSON answers:
//  - GET /searches?q=      {"query","messages","recent"}: searching records nothing;
//  - POST /searches {"q"}  records the query (Campfire then redirects to ?q=), answers the same;
//  - GET /searches/recent  {"recent":[…]};
//  - DELETE /searches/clear 204.
// The query is cleaned first (query_text.hpp): "query" in the answer is the cleaned form, which
// is also what is recorded, so "run!" and "run" are one recent search.
#include "parts.hpp"
#include "query_text.hpp"
#include "recent_searches.hpp"
#include "search_results.hpp"

#include <campfire/plugin.hpp>

#include <memory>
#include <string>
#include <vector>

namespace search {
namespace {

void index(cf::Request& req, cf::Reply reply);
void create(cf::Request& req, cf::Reply reply);
void recent(cf::Request& req, cf::Reply reply);
void clear(cf::Request& req, cf::Reply reply);

struct RouteDef {
    const char* method;
    const char* path;
    void (*fn)(cf::Request&, cf::Reply);
};

constexpr RouteDef kRoutes[] = {
    {"GET", "/searches", index},
    {"POST", "/searches", create},
    {"GET", "/searches/recent", recent},
    {"DELETE", "/searches/clear", clear},
};

std::string answer(std::string_view query, std::string_view messages, const std::vector<std::string>& recent) {
    cf::Json j;
    j.obj([&] {
        j.key("query").str(query);
        j.key("messages").raw(messages);
        j.key("recent");
        write_recent(j, recent);
    });
    return std::string(j.text());
}

void reply_write_failure(cf_ctx* ctx, cf::Reply& reply) {
    const char* why = cf_error(ctx);
    cf::log(ctx, CF_LOG_ERROR, std::string("search: write failed: ") + (why ? why : "?"));
    reply.error(503, "could not save; try again");
}

void index(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    CleanQuery q = clean_query(req.query("q").value_or(std::string_view()));
    if (q.status) return reply.error(q.status, q.error);
    cf_db* db = cf_db_reader(ctx);
    auto messages = db ? search_messages_json(ctx, db, *req.user(), q.words) : std::nullopt;
    auto recent = db ? recent_queries(ctx, db, req.user()->id) : std::nullopt;
    if (!messages || !recent) return reply.error(503, "search is unavailable; try again");
    reply.json(200, answer(q.words, *messages, *recent));
}

void create(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    const rapidjson::Document& body = req.json();
    auto it = body.FindMember("q");
    if (it == body.MemberEnd() || !it->value.IsString()) return reply.error(400, "q must be a string");
    CleanQuery q = clean_query(std::string_view(it->value.GetString(), it->value.GetStringLength()));
    if (q.status) return reply.error(q.status, q.error);
    cf_db* db = cf_db_reader(ctx);
    auto messages = db ? search_messages_json(ctx, db, *req.user(), q.words) : std::nullopt;
    if (!messages) return reply.error(503, "search is unavailable; try again");

    // Record in the writer, read the list back in the same transaction, answer after commit.
    struct Job {
        int64_t user_id;
        std::string words, messages;
        std::optional<std::vector<std::string>> recent;
    };
    auto job = std::make_shared<Job>(Job{req.user()->id, std::move(q.words), std::move(*messages), std::nullopt});
    auto held = std::make_shared<cf::Reply>(std::move(reply));
    int rc = cf::write(
        ctx,
        [ctx, job](cf_db* txn) -> int {
            if (!job->words.empty()) {
                if (int r = record_query(ctx, txn, job->user_id, job->words); r != CF_OK) return r;
            }
            job->recent = recent_queries(ctx, txn, job->user_id);
            return job->recent ? CF_OK : CF_ERR;
        },
        [ctx, job, held](int status) {
            if (status != CF_OK) return reply_write_failure(ctx, *held);
            held->json(200, answer(job->words, job->messages, *job->recent));
        });
    if (rc != CF_OK) held->error(503, "the server is busy; try again");
}

void recent(cf::Request& req, cf::Reply reply) {
    cf_db* db = cf_db_reader(req.ctx());
    auto list = db ? recent_queries(req.ctx(), db, req.user()->id) : std::nullopt;
    if (!list) return reply.error(503, "search is unavailable; try again");
    cf::Json j;
    j.obj([&] {
        j.key("recent");
        write_recent(j, *list);
    });
    reply.json(200, j);
}

void clear(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    const int64_t user_id = req.user()->id;
    auto held = std::make_shared<cf::Reply>(std::move(reply));
    int rc = cf::write(
        ctx, [ctx, user_id](cf_db* txn) { return clear_queries(ctx, txn, user_id); },
        [ctx, held](int status) {
            if (status != CF_OK) return reply_write_failure(ctx, *held);
            held->no_content();
        });
    if (rc != CF_OK) held->error(503, "the server is busy; try again");
}

} // namespace

int register_search_routes(cf_ctx* ctx) {
    for (const auto& r : kRoutes) {
        if (int rc = cf::route(ctx, r.method, r.path, CF_AUTH_USER, r.fn); rc != CF_OK) return rc;
    }
    return CF_OK;
}

} // namespace search
