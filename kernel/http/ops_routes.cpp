// Operations and platform routes: /up, /health, /metrics, the feature list, plugin switches.
#include "kernel/http/kernel_routes.h"

#include "kernel/base/metrics.h"
#include "kernel/base/strings.h"
#include "kernel/db/read_pool.h"
#include "kernel/host/plugin_host.h"

#include <campfire/json.hpp>
#include <sqlite3.h>

namespace cf {

namespace {

bool database_ok() {
    try {
        std::string error;
        db::Statement* st = db::reader().cached("SELECT 1", &error);
        if (!st) return false;
        bool ok = st->step() == SQLITE_ROW;
        st->reset();
        return ok;
    } catch (...) {
        return false;
    }
}

void write_plugin(Json& j, const PluginRecord& p) {
    j.obj([&] {
        j.key("name").str(p.name);
        j.key("enabled").boolean(p.enabled.load());
        j.key("version").str(p.version);
        j.key("description").str(p.description);
    });
}

// The cable lives on its own port unless a proxy puts it under /cable of the same origin.
std::string cable_url(const Kernel& kernel, const HttpRequest& req) {
    const std::string* forwarded = req.header("x-forwarded-host");
    if (forwarded) {
        const std::string* proto = req.header("x-forwarded-proto");
        return std::string(proto && *proto == "https" ? "wss://" : "ws://") + *forwarded + "/cable";
    }
    const std::string* host = req.header("host");
    std::string name(host ? host_without_port(*host) : "localhost");
    return "ws://" + name + ":" + std::to_string(kernel.config.cable_port) + "/cable";
}

} // namespace

void add_kernel_routes(const OpsContext& ctx, std::vector<Route>& out) {
    Kernel* kernel = ctx.kernel;
    out.push_back({"GET", "/up", {}, CF_AUTH_NONE, nullptr, [](HttpRequest&, Reply reply) {
                       if (!database_ok()) return reply.error(503, "database unavailable");
                       reply.json(200, "{\"status\":\"up\"}");
                   }});
    out.push_back({"GET", "/health", {}, CF_AUTH_NONE, nullptr, [kernel, ctx](HttpRequest&, Reply reply) {
                       bool db_ok = database_ok();
                       auto stats = kernel->writer->stats();
                       Json j;
                       j.obj([&] {
                           j.key("status").str(db_ok ? "ok" : "degraded");
                           j.key("database").str(db_ok ? "ok" : "unavailable");
                           j.key("writer").obj([&] {
                               j.key("queue_depth").num(static_cast<int64_t>(stats.queue_depth));
                               j.key("jobs").num(static_cast<int64_t>(stats.jobs));
                               j.key("batches").num(static_cast<int64_t>(stats.batches));
                               j.key("failed_jobs").num(static_cast<int64_t>(stats.failed_jobs));
                           });
                           j.key("sockets").num(static_cast<int64_t>(ctx.sockets ? ctx.sockets() : 0));
                           j.key("plugins").arr([&] {
                               for (const auto& p : kernel->plugins) write_plugin(j, *p);
                           });
                       });
                       reply.json(db_ok ? 200 : 503, std::string(j.text()));
                   }});
    out.push_back({"GET", "/metrics", {}, CF_AUTH_NONE, nullptr, [](HttpRequest&, Reply reply) {
                       reply.send(200, "text/plain; version=0.0.4", Metrics::instance().render());
                   }});
    out.push_back({"GET", "/api/features", {}, CF_AUTH_OPTIONAL, nullptr, [kernel](HttpRequest& req, Reply reply) {
                       Json j;
                       j.obj([&] {
                           j.key("api_level").num(CF_API_LEVEL);
                           j.key("cable_url").str(cable_url(*kernel, req));
                           write_features_for(j, *kernel, req); // as on for this user (feature flags)
                       });
                       reply.json(200, std::string(j.text()));
                   }});
    auto toggle = [kernel](HttpRequest& req, Reply reply) {
        PluginRecord* p = kernel->find_plugin(*req.param("name"));
        if (!p) return reply.error(404, "no such plugin");
        rapidjson::Document doc;
        parse_json(doc, req.json);
        if (!doc.IsObject() || !doc.HasMember("enabled") || !doc["enabled"].IsBool())
            return reply.error(422, "send {\"enabled\": true|false}");
        auto shared_reply = std::make_shared<Reply>(std::move(reply)); // answered after the change is durable
        set_plugin_enabled(*kernel, *p, doc["enabled"].GetBool(), [shared_reply, p](int status) {
            if (status != 0) return shared_reply->error(503, "could not save the change; try again");
            Json j;
            j.obj([&] {
                j.key("plugin");
                write_plugin(j, *p);
            });
            shared_reply->json(200, std::string(j.text()));
        });
    };
    out.push_back({"PUT", "/api/plugins/:name", {}, CF_AUTH_ADMIN, nullptr, toggle});
    out.push_back({"PATCH", "/api/plugins/:name", {}, CF_AUTH_ADMIN, nullptr, toggle});
}

} // namespace cf
