// multipart/form-data (RFC 7578, framed as in RFC 2046 §5.1): the boundary from a Content-Type,
// and the parts of a body as views into it. Header-only, no dependencies and no ABI: a plugin
// parses the raw request body (cf_request_body) itself; the kernel passes multipart bodies through
// untouched.
//
// Strict, so hostile input is refused with a reason rather than guessed at: CRLF line ends only, a
// closing delimiter, the boundary never inside a part, no header folding, no control characters in
// headers, exactly one `Content-Disposition: form-data` with one `name` per part, no duplicate
// parameters, names and filenames valid UTF-8. Bounded: parts, and header bytes and lines per
// part (Limits), so the work is linear in the body and the memory a few strings per part.
//
//   auto form = cf::multipart::parse_request(req.header("content-type"), req.body());
//   if (!form) return reply.error(400, form.error);
//   if (const auto* file = form.form.find("avatar")) use(file->body, file->filename, file->content_type);
//
// The views (body, content_type, headers) point into the parsed body: keep that alive.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <campfire/utf8.hpp>

namespace cf::multipart {

struct Limits {
    size_t max_parts = 128;
    size_t max_header_bytes = 8 * 1024; // one part's header block, line ends included
    size_t max_header_lines = 16;       // header fields in one part
};

struct Part {
    std::string name;                    // Content-Disposition `name`, unescaped
    std::optional<std::string> filename; // `filename*` (RFC 8187) when given in UTF-8 or Latin-1, else `filename`
    std::string_view content_type;       // as sent, trimmed; "text/plain" when absent (RFC 7578 §4.4)
    std::string_view headers;            // the part's raw header block
    std::string_view body;               // the content
};

struct Form {
    std::vector<Part> parts;

    // The first part with this name, or nullptr.
    const Part* find(std::string_view name) const {
        for (const Part& p : parts)
            if (p.name == name) return &p;
        return nullptr;
    }
};

struct Result {
    Form form;
    const char* error = nullptr; // a static message; nullptr on success
    explicit operator bool() const { return error == nullptr; }
};

namespace detail {

inline bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c; }

inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(static_cast<unsigned char>(a[i])) != lower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

// RFC 9110 §5.6.2 token characters.
inline bool is_tchar(unsigned char c) {
    return is_alpha(c) || is_digit(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// RFC 2046 §5.1.1 bchars (space allowed, but not last).
inline bool is_bchar(unsigned char c) {
    return is_alpha(c) || is_digit(c) || std::string_view("'()+_,-./:=? ").find(static_cast<char>(c)) != std::string_view::npos;
}

// RFC 8187 attr-char.
inline bool is_attr_char(unsigned char c) {
    return is_alpha(c) || is_digit(c) || std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// A header field value byte: HTAB, SP, VCHAR or obs-text. No other control characters, no NUL.
inline bool is_field_char(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7F); }

inline bool is_ows(char c) { return c == ' ' || c == '\t'; }

inline std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

inline bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// One `; name=value` parameter. `value` is a token, or a quoted-string's inside still escaped.
struct Param {
    std::string_view name;
    std::string_view value;
    bool quoted = false;
};

// Reads the next parameter from `s` (which starts at OWS before `;`); advances `s`.
// Returns false on a syntax error, and sets `done` when only white space is left.
inline bool next_param(std::string_view& s, Param& out, bool& done) {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    if (s.empty()) { done = true; return true; }
    done = false;
    if (s.front() != ';') return false;
    s.remove_prefix(1);
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    size_t n = 0;
    while (n < s.size() && is_tchar(static_cast<unsigned char>(s[n]))) ++n;
    if (n == 0 || n == s.size() || s[n] != '=') return false;
    out.name = s.substr(0, n);
    s.remove_prefix(n + 1);
    if (!s.empty() && s.front() == '"') {
        size_t i = 1;
        for (; i < s.size() && s[i] != '"'; ++i) {
            auto c = static_cast<unsigned char>(s[i]);
            if (c == '\\') {
                if (++i == s.size() || !is_field_char(static_cast<unsigned char>(s[i]))) return false;
            } else if (!is_field_char(c)) {
                return false;
            }
        }
        if (i == s.size()) return false; // unterminated
        out.value = s.substr(1, i - 1);
        out.quoted = true;
        s.remove_prefix(i + 1);
    } else {
        n = 0;
        while (n < s.size() && is_tchar(static_cast<unsigned char>(s[n]))) ++n;
        if (n == 0) return false;
        out.value = s.substr(0, n);
        out.quoted = false;
        s.remove_prefix(n);
    }
    return true;
}

inline std::string unescape(const Param& p) {
    if (!p.quoted) return std::string(p.value);
    std::string out;
    out.reserve(p.value.size());
    for (size_t i = 0; i < p.value.size(); ++i) {
        // A backslash escapes only a quote or a backslash (as curl sends them); before anything else
        // it is literal, as in the Windows paths some clients send whole. next_param checked that a
        // character follows every backslash, so i + 1 is in range.
        if (p.value[i] == '\\' && (p.value[i + 1] == '"' || p.value[i + 1] == '\\')) ++i;
        out.push_back(p.value[i]);
    }
    return out;
}

inline int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(lower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

enum class ExtValue { ok, unknown_charset, malformed };

// RFC 8187 ext-value: charset "'" [language] "'" value-chars, into UTF-8.
inline ExtValue decode_ext_value(const Param& p, std::string& out) {
    if (p.quoted) return ExtValue::malformed;
    std::string_view v = p.value;
    size_t q1 = v.find('\'');
    size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
    if (q2 == std::string_view::npos) return ExtValue::malformed;
    std::string_view charset = v.substr(0, q1);
    std::string_view chars = v.substr(q2 + 1);
    std::string bytes;
    for (size_t i = 0; i < chars.size(); ++i) {
        if (chars[i] == '%') {
            if (i + 2 >= chars.size()) return ExtValue::malformed;
            int hi = hex_value(chars[i + 1]);
            int lo = hex_value(chars[i + 2]);
            if (hi < 0 || lo < 0) return ExtValue::malformed;
            bytes.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (is_attr_char(static_cast<unsigned char>(chars[i]))) {
            bytes.push_back(chars[i]);
        } else {
            return ExtValue::malformed;
        }
    }
    if (iequals(charset, "UTF-8")) {
        out = std::move(bytes);
        return ExtValue::ok;
    }
    if (iequals(charset, "ISO-8859-1")) {
        out.clear();
        for (char ch : bytes) {
            auto c = static_cast<unsigned char>(ch);
            if (c < 0x80) {
                out.push_back(ch);
            } else {
                out.push_back(static_cast<char>(0xC0 | (c >> 6)));
                out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
            }
        }
        return ExtValue::ok;
    }
    return ExtValue::unknown_charset;
}

// Content-Disposition: form-data; name="..."[; filename="..."][; filename*=...]
inline const char* parse_disposition(std::string_view value, Part& part) {
    size_t n = 0;
    while (n < value.size() && is_tchar(static_cast<unsigned char>(value[n]))) ++n;
    if (!iequals(value.substr(0, n), "form-data")) return "a part's Content-Disposition is not form-data";
    std::string_view rest = value.substr(n);
    std::optional<std::string> name, filename, filename_ext;
    bool ext_seen = false;
    for (;;) {
        Param p;
        bool done = false;
        if (!next_param(rest, p, done)) return "malformed Content-Disposition";
        if (done) break;
        if (iequals(p.name, "name")) {
            if (name) return "duplicate name in Content-Disposition";
            name = unescape(p);
        } else if (iequals(p.name, "filename")) {
            if (filename) return "duplicate filename in Content-Disposition";
            filename = unescape(p);
        } else if (iequals(p.name, "filename*")) {
            if (ext_seen) return "duplicate filename* in Content-Disposition";
            ext_seen = true;
            std::string decoded;
            ExtValue r = decode_ext_value(p, decoded);
            if (r == ExtValue::malformed) return "malformed filename* in Content-Disposition";
            if (r == ExtValue::ok) filename_ext = std::move(decoded);
        }
    }
    if (!name) return "a part has no name";
    if (!utf8::valid(*name) || has_control(*name)) return "a part's name is not valid UTF-8 text";
    part.name = std::move(*name);
    if (filename_ext) filename = std::move(filename_ext);
    if (filename && (!utf8::valid(*filename) || has_control(*filename))) return "a filename is not valid UTF-8 text";
    part.filename = std::move(filename);
    return nullptr;
}

// Parses the header block [start, end of the blank line) of one part. `at` moves past the blank line.
inline const char* parse_part_headers(std::string_view body, size_t& at, Part& part, const Limits& limits) {
    const size_t start = at;
    bool disposition = false, type = false;
    size_t lines = 0;
    for (;;) {
        std::string_view window = body.substr(at, std::min(body.size() - at, limits.max_header_bytes - (at - start)));
        size_t eol = window.find("\r\n");
        if (eol == std::string_view::npos)
            return window.size() == body.size() - at ? "truncated part headers" : "part headers too large";
        std::string_view line = window.substr(0, eol);
        at += eol + 2;
        if (line.empty()) break;
        if (++lines > limits.max_header_lines) return "too many part headers";
        if (is_ows(line.front())) return "folded part headers are not allowed";
        size_t colon = 0;
        while (colon < line.size() && is_tchar(static_cast<unsigned char>(line[colon]))) ++colon;
        if (colon == 0 || colon == line.size() || line[colon] != ':') return "malformed part header";
        std::string_view field = line.substr(0, colon);
        std::string_view value = line.substr(colon + 1);
        if (!std::all_of(value.begin(), value.end(), [](char c) { return is_field_char(static_cast<unsigned char>(c)); }))
            return "control character in a part header";
        value = trim_ows(value);
        if (iequals(field, "content-disposition")) {
            if (disposition) return "duplicate Content-Disposition";
            disposition = true;
            if (const char* err = parse_disposition(value, part)) return err;
        } else if (iequals(field, "content-type")) {
            if (type) return "duplicate Content-Type in a part";
            type = true;
            if (value.empty()) return "empty Content-Type in a part";
            part.content_type = value;
        }
        if (at - start >= limits.max_header_bytes) return "part headers too large";
    }
    if (!disposition) return "a part has no Content-Disposition";
    if (!type) part.content_type = "text/plain";
    part.headers = body.substr(start, at - start);
    return nullptr;
}

} // namespace detail

// The boundary of a `multipart/form-data` Content-Type (quoted or not; 1–70 RFC 2046 characters,
// not ending in a space), or nullopt for any other type or a missing, bad or repeated boundary.
inline std::optional<std::string_view> boundary(std::string_view content_type) {
    using namespace detail;
    std::string_view s = trim_ows(content_type);
    size_t n = 0;
    while (n < s.size() && s[n] != ';' && !is_ows(s[n])) ++n;
    if (!iequals(s.substr(0, n), "multipart/form-data")) return std::nullopt;
    s.remove_prefix(n);
    std::optional<std::string_view> found;
    for (;;) {
        Param p;
        bool done = false;
        if (!next_param(s, p, done)) return std::nullopt;
        if (done) break;
        if (!iequals(p.name, "boundary")) continue;
        if (found) return std::nullopt;
        // No quoted-pairs: a backslash is not a boundary character, so the view stays exact.
        if (p.value.empty() || p.value.size() > 70 || p.value.back() == ' ') return std::nullopt;
        if (!std::all_of(p.value.begin(), p.value.end(), [](char c) { return is_bchar(static_cast<unsigned char>(c)); }))
            return std::nullopt;
        found = p.value;
    }
    return found;
}

// Splits `body` on `boundary` (as boundary() returns it). On error, `error` says what is wrong and
// `form` holds nothing useful.
inline Result parse(std::string_view body, std::string_view boundary, const Limits& limits = {}) {
    using namespace detail;
    Result r;
    auto fail = [&r](const char* why) {
        r.form.parts.clear();
        r.error = why;
        return std::move(r);
    };
    if (boundary.empty() || boundary.size() > 70) return fail("invalid boundary");
    const std::string delimiter = "\r\n--" + std::string(boundary);
    const std::boyer_moore_horspool_searcher search(delimiter.begin(), delimiter.end());
    auto find_delimiter = [&](size_t from) -> size_t {
        auto it = std::search(body.begin() + static_cast<std::ptrdiff_t>(from), body.end(), search);
        return it == body.end() ? std::string_view::npos : static_cast<size_t>(it - body.begin());
    };

    // The first delimiter may open the body (no CRLF before it) or follow a preamble.
    size_t at;
    if (body.substr(0, delimiter.size() - 2) == std::string_view(delimiter).substr(2)) {
        at = delimiter.size() - 2;
    } else {
        size_t d = find_delimiter(0);
        if (d == std::string_view::npos) return fail("the body does not contain the boundary");
        at = d + delimiter.size();
    }
    for (;;) {
        // After a delimiter: "--" closes (the epilogue is ignored), else padding and CRLF.
        if (body.substr(at, 2) == "--") return r;
        while (at < body.size() && is_ows(body[at])) ++at;
        if (body.substr(at, 2) != "\r\n") return fail(at >= body.size() ? "missing closing boundary" : "the boundary appears inside a part");
        at += 2;
        if (r.form.parts.size() == limits.max_parts) return fail("too many parts");
        Part part;
        if (const char* err = parse_part_headers(body, at, part, limits)) return fail(err);
        // RFC 2046 makes the CRLF that opens a part's content optional when the content is empty:
        // then the blank line that ended the headers is the delimiter's own CRLF.
        size_t end = body.substr(at - 2).starts_with(delimiter) ? at - 2 : find_delimiter(at);
        if (end == std::string_view::npos) return fail("missing closing boundary");
        part.body = body.substr(at, end < at ? 0 : end - at);
        at = end + delimiter.size();
        r.form.parts.push_back(std::move(part));
    }
}

// The parts are views into the body: a temporary std::string would leave them dangling.
template <class S>
    requires std::same_as<S, std::string>
Result parse(S&& body, std::string_view boundary, const Limits& limits = {}) = delete;

// boundary() and parse() in one step, for a request's Content-Type and body.
inline Result parse_request(std::string_view content_type, std::string_view body, const Limits& limits = {}) {
    auto b = boundary(content_type);
    if (!b) {
        Result r;
        r.error = "expected multipart/form-data with a valid boundary";
        return r;
    }
    return parse(body, *b, limits);
}

template <class S>
    requires std::same_as<S, std::string>
Result parse_request(std::string_view content_type, S&& body, const Limits& limits = {}) = delete;

} // namespace cf::multipart
