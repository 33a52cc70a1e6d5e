// Fuzzes the rooms plugin's multipart/form-data parser (plugins/rooms/upload): any body, any
// Content-Type; parts must lie inside the body and there are never more than kMaxParts.
#include "tests/fuzz/fuzz_registry.h"

#include "upload/multipart.hpp"

#include <cstdlib>

namespace {

std::vector<std::string> seeds() {
    return {"--b\r\nContent-Disposition: form-data; name=\"message[attachment]\"; filename=\"a.png\"\r\n"
            "Content-Type: image/png\r\n\r\n\x89PNG\r\n--b\r\nContent-Disposition: form-data; "
            "name=\"message[client_message_id]\"\r\n\r\nid-1\r\n--b--\r\n",
            "preamble\r\n--b\r\ncontent-disposition: form-data; name=x; filename*=UTF-8''caf%C3%A9\r\n\r\n\r\n--b--",
            "--b\r\n\r\n--b--", "--b  \r\nContent-Disposition: form-data; name=\"a\\\"b\"\r\n\r\nv\r\n--b--"};
}

} // namespace

CF_FUZZ_TARGET(multipart, seeds) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    // The first line, if any, is used as the Content-Type header; the rest is the body.
    size_t nl = input.find('\n');
    std::string_view header = nl == std::string_view::npos ? std::string_view() : input.substr(0, nl);
    std::string_view body = nl == std::string_view::npos ? input : input.substr(nl + 1);
    auto boundary = rooms::upload::boundary_of(header);
    const std::string header_boundary = boundary.value_or("b");
    for (std::string_view b : {std::string_view(header_boundary), std::string_view("b")}) {
        std::string error;
        auto parts = rooms::upload::parse(body, b, error);
        if (!parts) continue;
        if (parts->size() > rooms::upload::kMaxParts) std::abort();
        for (const auto& p : *parts)
            if (p.data.data() < body.data() || p.data.data() + p.data.size() > body.data() + body.size()) std::abort();
    }
    return 0;
}
