// multipart/form-data parsing (see multipart.hpp).
#include "multipart.hpp"

#include <algorithm>

namespace rooms::upload {
namespace {

constexpr size_t kMaxHeaderBytes = 8 * 1024;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// Header parameters: `; key=value` or `; key="quoted \" value"`. Keys lowercased.
std::vector<std::pair<std::string, std::string>> parameters(std::string_view s) {
    std::vector<std::pair<std::string, std::string>> out;
    size_t i = s.find(';');
    while (i != std::string_view::npos && i < s.size()) {
        ++i;
        size_t eq = s.find('=', i);
        if (eq == std::string_view::npos) break;
        std::string key = lowercase(trim(s.substr(i, eq - i)));
        size_t v = eq + 1;
        while (v < s.size() && (s[v] == ' ' || s[v] == '\t')) ++v;
        std::string value;
        if (v < s.size() && s[v] == '"') {
            size_t k = v + 1;
            for (; k < s.size() && s[k] != '"'; ++k) {
                if (s[k] == '\\' && k + 1 < s.size() && (s[k + 1] == '"' || s[k + 1] == '\\')) ++k;
                value.push_back(s[k]);
            }
            i = s.find(';', k);
        } else {
            size_t end = s.find(';', v);
            value = std::string(trim(s.substr(v, end == std::string_view::npos ? std::string_view::npos : end - v)));
            i = end;
        }
        out.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

// RFC 5987 ext-value: UTF-8''percent%20encoded. nullopt for other charsets or bad escapes.
std::optional<std::string> ext_value(std::string_view v) {
    size_t first = v.find('\'');
    size_t second = first == std::string_view::npos ? first : v.find('\'', first + 1);
    if (second == std::string_view::npos || !iequals(v.substr(0, first), "utf-8")) return std::nullopt;
    std::string out;
    for (size_t i = second + 1; i < v.size(); ++i) {
        if (v[i] != '%') {
            out.push_back(v[i]);
            continue;
        }
        if (i + 2 >= v.size() || hex(v[i + 1]) < 0 || hex(v[i + 2]) < 0) return std::nullopt;
        out.push_back(static_cast<char>(hex(v[i + 1]) * 16 + hex(v[i + 2])));
        i += 2;
    }
    return out;
}

bool parse_headers(std::string_view block, Part& part) {
    bool disposition = false;
    size_t start = 0;
    while (start < block.size()) {
        size_t end = block.find("\r\n", start);
        std::string_view line = block.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        start = end == std::string_view::npos ? block.size() : end + 2;
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) return false;
        std::string_view name = trim(line.substr(0, colon));
        std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "content-disposition")) {
            std::string_view kind = trim(value.substr(0, value.find(';')));
            if (!iequals(kind, "form-data")) return false;
            disposition = true;
            std::optional<std::string> extended;
            for (auto& [key, v] : parameters(value)) {
                if (key == "name") part.name = v;
                else if (key == "filename") part.filename = v;
                else if (key == "filename*") extended = ext_value(v);
            }
            if (extended) part.filename = std::move(extended);
        } else if (iequals(name, "content-type")) {
            part.content_type = lowercase(value);
        }
    }
    return disposition;
}

} // namespace

std::optional<std::string> boundary_of(std::string_view content_type) {
    std::string_view media = trim(content_type.substr(0, content_type.find(';')));
    if (!iequals(media, "multipart/form-data")) return std::nullopt;
    for (auto& [key, value] : parameters(content_type)) {
        if (key != "boundary") continue;
        // RFC 2046: 1-70 characters, not ending in a space.
        if (value.empty() || value.size() > 70 || value.back() == ' ') return std::nullopt;
        bool printable = std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
        return printable ? std::optional<std::string>(value) : std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::vector<Part>> parse(std::string_view body, std::string_view boundary, std::string& error) {
    const std::string delimiter = "--" + std::string(boundary);
    const std::string separator = "\r\n" + delimiter;
    std::vector<Part> parts;
    // The preamble (ignored) ends at the first delimiter, which may open the body directly.
    size_t at = 0;
    if (body.starts_with(delimiter)) {
        at = delimiter.size();
    } else if (size_t first = body.find(separator); first != std::string_view::npos) {
        at = first + separator.size();
    } else {
        error = "multipart body without its boundary";
        return std::nullopt;
    }
    while (true) {
        if (body.substr(at, 2) == "--") return parts; // the closing delimiter
        // Transport padding, then CRLF.
        while (at < body.size() && (body[at] == ' ' || body[at] == '\t')) ++at;
        if (body.substr(at, 2) != "\r\n") {
            error = "malformed multipart delimiter";
            return std::nullopt;
        }
        at += 2;
        if (parts.size() == kMaxParts) {
            error = "too many multipart parts";
            return std::nullopt;
        }
        size_t headers_end = body.find("\r\n\r\n", at);
        bool no_headers = body.substr(at, 2) == "\r\n";
        if (!no_headers && (headers_end == std::string_view::npos || headers_end - at > kMaxHeaderBytes)) {
            error = "malformed multipart part headers";
            return std::nullopt;
        }
        Part part;
        if (no_headers || !parse_headers(body.substr(at, headers_end - at), part)) {
            error = "multipart part without form-data disposition";
            return std::nullopt;
        }
        size_t data_start = headers_end + 4;
        size_t next = body.find(separator, data_start);
        if (next == std::string_view::npos) {
            error = "multipart body is not closed";
            return std::nullopt;
        }
        part.data = body.substr(data_start, next - data_start);
        parts.push_back(std::move(part));
        at = next + separator.size();
    }
}

} // namespace rooms::upload
