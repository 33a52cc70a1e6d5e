#include "multipart.hpp"

#include "secrets.hpp"

namespace webhooks {
namespace {

std::string one_line(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != '\r' && c != '\n') out.push_back(c);
    return out;
}

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        if (c == '\r' || c == '\n') continue; // never let a name break the header
        out.push_back(c);
    }
    return out + "\"";
}

} // namespace

Multipart build_multipart(const std::vector<FormPart>& parts) {
    std::string boundary;
    bool clash = true;
    while (clash) {
        boundary = "----campfire-webhooks-" + random_hex(12);
        clash = false;
        for (const auto& p : parts) clash = clash || p.data.find(boundary) != std::string::npos;
    }
    Multipart out;
    out.content_type = "multipart/form-data; boundary=" + boundary;
    for (const auto& p : parts) {
        out.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(p.name);
        if (p.filename) out.body += "; filename=" + quoted(*p.filename);
        out.body += "\r\n";
        if (!p.content_type.empty()) out.body += "Content-Type: " + one_line(p.content_type) + "\r\n";
        out.body += "\r\n";
        out.body += p.data;
        out.body += "\r\n";
    }
    out.body += "--" + boundary + "--\r\n";
    return out;
}

} // namespace webhooks
