#include "kernel/host/abi_types.h"

#include <campfire/json.hpp>

namespace cf {

std::string error_json(std::string_view message) {
    Json j;
    j.obj([&] { j.key("error").str(message); });
    return std::string(j.text());
}

void respond(std::unique_ptr<cf_response> r, int status, std::string_view content_type, std::string body) {
    if (!r || !r->sink) return;
    r->sink->send(status, content_type, r->headers, std::move(body));
}

void respond_error(std::unique_ptr<cf_response> r, int status, std::string_view message) {
    respond(std::move(r), status, "application/json", error_json(message));
}

Reply::~Reply() {
    if (r_) respond_error(std::move(r_), 500, "internal error");
}

Reply& Reply::header(std::string name, std::string value) {
    if (r_) r_->headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

void Reply::send(int status, std::string_view content_type, std::string body) {
    respond(std::move(r_), status, content_type, std::move(body));
}

void Reply::error(int status, std::string_view message) { respond_error(std::move(r_), status, message); }

} // namespace cf
