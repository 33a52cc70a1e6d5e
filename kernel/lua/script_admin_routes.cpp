// Administrators' view of the scripts:
//   GET  /api/scripts              every script: status ("loading", "running", "failed",
//                                  "stopped"), error, last handler error, registrations, memory;
//   POST /api/scripts/:name/reload reloads it now (or loads a new file) and answers with its JSON
//                                  once done; 404 when no such script file exists.
#include "kernel/lua/script_host.h"
#include "kernel/lua/script_names.h"

namespace cf::lua {

namespace {

// A reply that answers 503 if the work it waits for is dropped (shutdown).
class ReplyOnce {
public:
    explicit ReplyOnce(Reply reply) : reply_(std::move(reply)) {}
    ~ReplyOnce() {
        if (!sent_) reply_.error(503, "the server is stopping");
    }
    ReplyOnce(const ReplyOnce&) = delete;
    ReplyOnce& operator=(const ReplyOnce&) = delete;
    void json(int status, std::string body) {
        sent_ = true;
        reply_.json(status, std::move(body));
    }
    void error(int status, std::string_view message) {
        sent_ = true;
        reply_.error(status, message);
    }

private:
    Reply reply_;
    bool sent_ = false;
};

} // namespace

void ScriptHost::list(Reply reply) const {
    Json j;
    j.obj([&] {
        j.key("scripts_path").str(options_.path);
        j.key("scripts").arr([&] {
            std::lock_guard lock(mu_);
            for (const auto& [name, script] : scripts_)
                if (!script->removed()) script->write_json(j);
        });
    });
    reply.json(200, std::string(j.text()));
}

void ScriptHost::reload(const std::string& name, Reply reply) {
    if (!valid_script_name(name)) return reply.error(404, "no such script");
    auto found = discover();
    auto where = found.find(name);
    std::lock_guard lock(mu_);
    if (stopping_) return reply.error(503, "the server is stopping");
    if (where == found.end()) {
        if (auto it = scripts_.find(name); it != scripts_.end() && !it->second->removed()) it->second->request_removal();
        return reply.error(404, "no such script");
    }
    Script* script = ensure(name, where->second);
    auto pending = std::make_shared<ReplyOnce>(std::move(reply));
    bool queued = script->request_load([script, pending] {
        Json j;
        script->write_json(j);
        pending->json(200, std::string(j.text()));
    });
    if (!queued) pending->error(503, "the script is busy; try again");
}

void ScriptHost::add_routes(std::vector<Route>& out) {
    out.push_back({"GET", "/api/scripts", {}, CF_AUTH_ADMIN, nullptr, [this](HttpRequest&, Reply reply) { list(std::move(reply)); }});
    out.push_back({"POST", "/api/scripts/:name/reload", {}, CF_AUTH_ADMIN, nullptr,
                   [this](HttpRequest& req, Reply reply) { reload(*req.param("name"), std::move(reply)); }});
}

} // namespace cf::lua
