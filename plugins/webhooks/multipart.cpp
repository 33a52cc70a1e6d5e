#include "multipart.hpp"

#include "secrets.hpp"
#include "text.hpp"

namespace webhooks {
namespace {

constexpr size_t kMaxParts = 64;

// A parameter (name="value" or name=value) of a header value like Content-Disposition.
std::optional<std::string> parameter(std::string_view header, std::string_view name) {
    size_t at = 0;
    while ((at = header.find(';', at)) != std::string_view::npos) {
        ++at;
        std::string_view rest = trim(header.substr(at));
        size_t eq = rest.find('=');
        if (eq == std::string_view::npos) continue;
        if (lower(trim(rest.substr(0, eq))) != name) continue;
        std::string_view value = trim(rest.substr(eq + 1));
        if (!value.empty() && value.front() == '"') {
            std::string out;
            for (size_t i = 1; i < value.size(); ++i) {
                if (value[i] == '\\' && i + 1 < value.size()) out.push_back(value[++i]);
                else if (value[i] == '"') return out;
                else out.push_back(value[i]);
            }
            return std::nullopt; // unterminated
        }
        return std::string(value.substr(0, value.find(';')));
    }
    return std::nullopt;
}

std::optional<FormPart> parse_part(std::string_view raw) {
    size_t head_end = raw.find("\r\n\r\n");
    if (head_end == std::string_view::npos) return std::nullopt;
    FormPart part;
    std::string_view head = raw.substr(0, head_end);
    part.data = std::string(raw.substr(head_end + 4));
    bool disposition = false;
    while (!head.empty()) {
        size_t eol = head.find("\r\n");
        std::string_view line = head.substr(0, eol);
        head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string name = lower(trim(line.substr(0, colon)));
        std::string_view value = trim(line.substr(colon + 1));
        if (name == "content-disposition") {
            if (lower(value.substr(0, value.find(';'))) != "form-data") return std::nullopt;
            auto n = parameter(value, "name");
            if (!n) return std::nullopt;
            part.name = *n;
            part.filename = parameter(value, "filename");
            disposition = true;
        } else if (name == "content-type") {
            part.content_type = std::string(value);
        }
    }
    if (!disposition) return std::nullopt;
    return part;
}

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

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    std::string_view media = trim(content_type.substr(0, content_type.find(';')));
    if (lower(media).rfind("multipart/", 0) != 0) return std::nullopt;
    auto b = parameter(content_type, "boundary");
    if (!b || b->empty() || b->size() > 70) return std::nullopt;
    return b;
}

std::optional<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary) {
    std::string delimiter = "--" + std::string(boundary);
    size_t at = body.find(delimiter);
    if (at == std::string_view::npos || (at != 0 && (at < 2 || body.substr(at - 2, 2) != "\r\n"))) return std::nullopt;
    std::vector<FormPart> parts;
    std::string next = "\r\n" + delimiter;
    at += delimiter.size();
    while (true) {
        if (body.substr(at, 2) == "--") return parts; // the closing delimiter
        size_t eol = body.find("\r\n", at);
        if (eol == std::string_view::npos) return std::nullopt;
        size_t start = eol + 2;
        size_t end = body.find(next, start);
        if (end == std::string_view::npos) return std::nullopt;
        auto part = parse_part(body.substr(start, end - start));
        if (!part || parts.size() == kMaxParts) return std::nullopt;
        parts.push_back(std::move(*part));
        at = end + next.size();
    }
}

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
