// The kernel's own routes (owner = kernel, never disabled): auth, account, features, operations.
#pragma once

#include "kernel/auth/cookie.h"
#include "kernel/auth/rate_limiter.h"
#include "kernel/host/kernel.h"

#include <campfire/json.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cf {

struct AuthRouteContext {
    Kernel* kernel = nullptr;
    const CookieSigner* signer = nullptr;
    RateLimiter* login_limiter = nullptr;
};

struct OpsContext {
    Kernel* kernel = nullptr;
    std::function<size_t()> sockets;   // open WebSocket connections
    std::function<std::string()> cable_url_for; // unused placeholder for proxies
};

void add_auth_routes(const AuthRouteContext& ctx, std::vector<Route>& out);
void add_people_routes(const AuthRouteContext& ctx, std::vector<Route>& out);
void add_account_routes(const AuthRouteContext& ctx, std::vector<Route>& out);
void add_transfer_routes(const AuthRouteContext& ctx, std::vector<Route>& out);
void add_kernel_routes(const OpsContext& ctx, std::vector<Route>& out);
void add_feature_routes(const OpsContext& ctx, std::vector<Route>& out); // flags, commands
// The "features" and "flags" members of GET /api/features, as on for this request's user.
void write_features_for(Json& j, const Kernel& kernel, const HttpRequest& req);

std::string generate_join_code(); // 12 alphanumerics grouped XXXX-XXXX-XXXX
bool ip_is_banned(std::string_view ip);

} // namespace cf
