// Matches "METHOD /path" to a registered route. Patterns use `:name` for one segment; at each
// segment a literal beats a parameter, so "/rooms/opens" wins over "/rooms/:id".
// Routes belong to an owner (a plugin, or nullptr for the kernel); an inactive owner's routes
// do not match, which is how a disabled plugin's routes answer 404 without being removed.
#pragma once

#include "kernel/host/abi_types.h"

#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cf {

struct PluginRecord;

using RouteHandler = std::function<void(HttpRequest&, Reply)>;

struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    int auth = CF_AUTH_USER;
    PluginRecord* owner = nullptr;
    RouteHandler handler;
};

struct RouteMatch {
    std::shared_ptr<const Route> route; // null when nothing matched
    Pairs params;
    bool wrong_method = false; // the path exists, but not for this method (405)
};

class Router {
public:
    // False with `error` set when the pattern is malformed or the method+pattern is taken.
    bool add(Route route, std::string* error);
    void remove_owner(const PluginRecord* owner);
    RouteMatch match(std::string_view method, std::string_view path,
                     const std::function<bool(const PluginRecord*)>& active) const;
    std::vector<std::shared_ptr<const Route>> routes() const;

private:
    mutable std::shared_mutex mu_;
    std::vector<std::shared_ptr<const Route>> routes_;
};

std::vector<std::string> path_segments(std::string_view path);

} // namespace cf
