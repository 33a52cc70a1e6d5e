#include "kernel/host/router.h"

#include "kernel/base/strings.h"

#include <mutex>

namespace cf {

std::vector<std::string> path_segments(std::string_view path) {
    std::vector<std::string> out;
    for (auto part : split(path, '/'))
        if (!part.empty()) out.emplace_back(part);
    return out;
}

bool Router::add(Route route, std::string* error) {
    static const std::vector<std::string> methods{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    bool known = false;
    for (const auto& m : methods) known = known || m == route.method;
    if (!known) { *error = "unknown method " + route.method; return false; }
    if (route.pattern.empty() || route.pattern[0] != '/') { *error = "route path must start with /"; return false; }
    route.segments = path_segments(route.pattern);
    for (const auto& s : route.segments)
        if (s == ":") { *error = "empty parameter name in " + route.pattern; return false; }
    // Same shape = same segments, with any parameter name matching any other.
    auto same_shape = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
        if (a.size() != b.size()) return false;
        for (size_t i = 0; i < a.size(); ++i) {
            bool pa = !a[i].empty() && a[i][0] == ':', pb = !b[i].empty() && b[i][0] == ':';
            if (pa != pb || (!pa && a[i] != b[i])) return false;
        }
        return true;
    };
    std::unique_lock lock(mu_);
    for (const auto& r : routes_) {
        if (r->method == route.method && same_shape(r->segments, route.segments)) {
            *error = "route " + route.method + " " + route.pattern + " is already registered";
            return false;
        }
    }
    routes_.push_back(std::make_shared<const Route>(std::move(route)));
    return true;
}

void Router::remove_owner(const PluginRecord* owner) {
    std::unique_lock lock(mu_);
    std::erase_if(routes_, [&](const auto& r) { return r->owner == owner; });
}

namespace {

// Ranks how specific a match is: one bit per segment, literal = 1, from the left.
bool bind_route(const Route& r, const std::vector<std::string>& segs, Pairs* params, uint64_t* rank) {
    if (r.segments.size() != segs.size()) return false;
    uint64_t score = 0;
    Pairs out;
    for (size_t i = 0; i < segs.size(); ++i) {
        const auto& p = r.segments[i];
        score <<= 1;
        if (!p.empty() && p[0] == ':') {
            auto decoded = url_decode(segs[i], false);
            if (!decoded) return false;
            out.emplace_back(p.substr(1), std::move(*decoded));
        } else if (p == segs[i]) {
            score |= 1;
        } else {
            return false;
        }
    }
    *params = std::move(out);
    *rank = score;
    return true;
}

} // namespace

RouteMatch Router::match(std::string_view method, std::string_view path,
                         const std::function<bool(const PluginRecord*)>& active) const {
    auto segs = path_segments(path);
    RouteMatch best;
    uint64_t best_rank = 0;
    bool any_path = false;
    std::shared_lock lock(mu_);
    for (const auto& r : routes_) {
        if (!active(r->owner)) continue;
        Pairs params;
        uint64_t rank = 0;
        if (!bind_route(*r, segs, &params, &rank)) continue;
        any_path = true;
        bool method_ok = r->method == method;
        if (!method_ok) continue;
        if (!best.route || rank > best_rank) {
            best.route = r;
            best.params = std::move(params);
            best_rank = rank;
        }
    }
    if (!best.route && any_path) best.wrong_method = true;
    return best;
}

std::vector<std::shared_ptr<const Route>> Router::routes() const {
    std::shared_lock lock(mu_);
    return routes_;
}

} // namespace cf
