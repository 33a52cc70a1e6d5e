#include "bot_requests.hpp"

#include <map>

namespace webhooks {

std::optional<int64_t> positive_id(cf::Request& req, const char* name) {
    auto id = req.param_int(name);
    if (!id || *id <= 0) return std::nullopt;
    return id;
}

void run_as_bot(cf_ctx* ctx, cf::Reply reply, int64_t bot_id, const char* method, const std::string& path,
                std::string body, AfterDispatch then, const char* content_type) {
    auto held = std::make_shared<cf::Reply>(std::move(reply));
    int rc = cf::dispatch(
        ctx, method, path, body, bot_id,
        [held, then = std::move(then)](cf::Response inner) { then(std::move(inner), *held); }, content_type);
    if (rc != CF_OK) held->error(503, "the server is busy; try again");
}

void pass_through(const cf::Response& inner, cf::Reply& reply) {
    if (inner.status == 204) return reply.send(204, "application/json", {});
    std::string type = inner.content_type.empty() ? "application/json" : inner.content_type;
    reply.send(inner.status, type.c_str(), inner.body);
}

RoleOf role_reader(cf_ctx* ctx) {
    auto cache = std::make_shared<std::map<int64_t, std::string>>();
    return [ctx, cache](int64_t id) -> std::string {
        if (auto it = cache->find(id); it != cache->end()) return it->second;
        cf::Stmt s(ctx, cf_db_reader(ctx), "SELECT role FROM users WHERE id = ?1");
        s.bind(1, id);
        int64_t role = s.row() ? s.integer(0) : int64_t{CF_ROLE_MEMBER};
        std::string name = role == CF_ROLE_ADMIN ? "administrator" : role == CF_ROLE_BOT ? "bot" : "member";
        cache->emplace(id, name);
        return name;
    };
}

} // namespace webhooks
