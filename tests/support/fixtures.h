// Steps many tests share: first run, another user, the All Talk room, fresh ids.
#pragma once

#include "tests/support/http_client.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cf::test {

// POST /first_run; the client is then signed in. Throws unless 201.
void first_run(HttpClient& http, std::string_view name = "Admin", std::string_view email = "admin@example.com",
               std::string_view password = "secret-password");

// Signs up another user through the account's join code (GET /account, POST /join/<code>);
// newcomer is then signed in. Throws "sign-up not available yet" while the route answers 404.
void sign_up(HttpClient& admin, HttpClient& newcomer, std::string_view name, std::string_view email,
             std::string_view password = "secret-password");

// The id of the first room with that name in GET /rooms; throws if there is none.
int64_t room_id(HttpClient& http, std::string_view name = "All Talk");

// {"user":{"name":..,"email_address":..,"password":..}}, properly escaped.
std::string user_json(std::string_view name, std::string_view email, std::string_view password);

// POSTs the same body `clients` times at once, each from its own connection carrying `as`'s
// cookies, for race tests. Answers in client order.
std::vector<HttpResponse> post_concurrently(const HttpClient& as, std::string_view path, std::string_view body,
                                            int clients);

// 32 random hex digits, e.g. for client_message_id.
std::string unique_id();

}  // namespace cf::test
