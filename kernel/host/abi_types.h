// The kernel's definitions of the opaque types in sdk/campfire/plugin.h.
#pragma once

#include "kernel/db/connection.h"
#include "kernel/db/writer.h"
#include "kernel/host/http_types.h"

#include <campfire/plugin.h>

#include <memory>
#include <string>

struct cf_request {
    cf::HttpRequest* req = nullptr;
    cf_user user{};  // filled from req->user
};

struct cf_response {
    std::unique_ptr<cf::ReplySink> sink;
    cf::Pairs headers;
};

struct cf_db {
    cf::db::Connection* conn = nullptr;
    cf::db::Txn* txn = nullptr; // set on the writer thread only
};

struct cf_hook_call {
    cf_str payload{};
    std::string replaced;
    bool has_replaced = false;
    int phase = 0;
    cf_db* db = nullptr;
    const cf_user* user = nullptr;
    int veto_status = 0;
    std::string veto_reason;
};

namespace cf {

// Sends a reply and frees the response. Adds the headers set so far.
void respond(std::unique_ptr<cf_response> r, int status, std::string_view content_type, std::string body);
// {"error": message} with the given status.
void respond_error(std::unique_ptr<cf_response> r, int status, std::string_view message);
std::string error_json(std::string_view message);

// The kernel's own handlers' view of a reply: move-only, sends a 500 if dropped unsent.
class Reply {
public:
    explicit Reply(std::unique_ptr<cf_response> r) : r_(std::move(r)) {}
    Reply(Reply&&) noexcept = default;
    Reply& operator=(Reply&&) noexcept = default;
    ~Reply();

    Reply& header(std::string name, std::string value);
    void send(int status, std::string_view content_type, std::string body);
    void json(int status, std::string body) { send(status, "application/json", std::move(body)); }
    void error(int status, std::string_view message);
    void no_content() { send(204, "application/json", {}); }
    std::unique_ptr<cf_response> release() { return std::move(r_); }

private:
    std::unique_ptr<cf_response> r_;
};

} // namespace cf
