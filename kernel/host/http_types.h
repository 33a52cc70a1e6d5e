// What the kernel knows about one HTTP request, independent of Pistache, and where its reply goes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cf {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct UserInfo {
    int64_t id = 0;
    int role = 0;
    int status = 0;
    std::string name;
    int64_t session_id = 0; // 0 for bot keys
};

struct HttpRequest {
    std::string method;
    std::string path;   // raw path, no query
    Pairs query;        // decoded
    Pairs headers;      // names lowercased
    Pairs cookies;
    std::string body;
    std::string json = "{}"; // the body as validated JSON (form bodies converted)
    std::string ip;
    std::optional<UserInfo> user;
    Pairs params;       // route `:name` values, decoded
    int64_t started_us = 0;
    bool malformed_query = false; // a bad percent-escape: answered 400

    const std::string* header(std::string_view lower_name) const;
    const std::string* cookie(std::string_view name) const;
    const std::string* query_value(std::string_view name) const;
    const std::string* param(std::string_view name) const;
};

// Where a reply goes. send() is called at most once, from any thread.
class ReplySink {
public:
    virtual ~ReplySink() = default;
    virtual void send(int status, std::string_view content_type, const Pairs& headers, std::string body) = 0;
};

} // namespace cf
