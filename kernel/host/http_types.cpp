#include "kernel/host/http_types.h"

namespace cf {

namespace {
const std::string* find(const Pairs& pairs, std::string_view name) {
    for (const auto& [k, v] : pairs)
        if (k == name) return &v;
    return nullptr;
}
} // namespace

const std::string* HttpRequest::header(std::string_view lower_name) const { return find(headers, lower_name); }
const std::string* HttpRequest::cookie(std::string_view name) const { return find(cookies, name); }
const std::string* HttpRequest::query_value(std::string_view name) const { return find(query, name); }
const std::string* HttpRequest::param(std::string_view name) const { return find(params, name); }

} // namespace cf
