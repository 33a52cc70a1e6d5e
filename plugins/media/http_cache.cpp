#include "http_cache.hpp"

#include <cstdint>
#include <cstdio>

namespace media {

std::string etag(std::string_view bytes) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    char out[20];
    std::snprintf(out, sizeof out, "\"%016llx\"", static_cast<unsigned long long>(h));
    return out;
}

bool matches(std::string_view list, std::string_view tag) {
    while (!list.empty()) {
        size_t comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (item == "*") return true;
        if (item.substr(0, 2) == "W/") item.remove_prefix(2); // weak comparison (RFC 9110 §13.1.2)
        if (item == tag) return true;
    }
    return false;
}

void send_picture(const cf::Request& req, cf::Reply reply, const char* type, std::string_view cache_control,
                  std::string_view body) {
    std::string tag = etag(body);
    reply.header("ETag", tag).header("Cache-Control", cache_control);
    if (std::string_view(type) == kSvg) reply.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    if (matches(req.header("if-none-match"), tag)) return reply.send(304, type, {});
    reply.send(200, type, body);
}

} // namespace media
