// Fuzzes sdk/campfire/multipart.hpp two ways.
//  1. Hostile bytes: the input's first line is a Content-Type, the rest the body. Whatever parses
//     must respect the limits and point only into the input; names and filenames are UTF-8.
//  2. Round trip: the input is cut into (name, filename, content) fields, encoded as a browser
//     would, and parsed back; every field must come back exactly, content byte for byte.
// libFuzzer: clang++ -std=c++20 -fsanitize=fuzzer,address,undefined -DCF_LIBFUZZER -Isdk -I.
//            tests/fuzz/multipart_fuzz.cpp tests/support/multipart_body.cpp
#include "tests/fuzz/fuzz_registry.h"

#include "tests/support/multipart_body.h"

#include <campfire/multipart.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace mp = cf::multipart;

std::vector<std::string> seeds() {
    const std::string b = "----cfFuzz42";
    return {
        "multipart/form-data; boundary=" + b + "\n--" + b +
            "\r\nContent-Disposition: form-data; name=\"user[name]\"\r\n\r\nAda\r\n--" + b +
            "\r\nContent-Disposition: form-data; name=\"user[avatar]\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
            "\x89PNG\r\n\x1a\n\r\n--" + b + "--\r\n",
        "multipart/form-data; boundary=\"a b\"\npreamble\r\n--a b \r\nContent-Disposition: form-data; name=x; "
        "filename*=UTF-8''%E2%82%AC\r\n\r\n\r\n--a b--",
        "multipart/form-data; boundary=b\n--b\r\nContent-Disposition: form-data; name=\"q\\\"\"\r\n\r\n--b--",
        std::string("\x01\x02name\0file.txt\0content\r\n--x\0", 29),
    };
}

bool inside(std::string_view part, std::string_view whole) {
    if (part.empty()) return true;
    return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

void check_hostile(std::string_view input) {
    size_t nl = input.find('\n');
    std::string_view type = nl == std::string_view::npos ? input : input.substr(0, nl);
    std::string_view body = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    mp::Limits limits;
    limits.max_parts = 8;
    limits.max_header_bytes = 256;
    limits.max_header_lines = 4;
    auto b = mp::boundary(type);
    if (b && (b->empty() || b->size() > 70 || !inside(*b, type))) std::abort();
    for (std::string_view boundary : {b.value_or("b"), std::string_view("b")}) {
        auto r = mp::parse(body, boundary, limits);
        if (!r && (!r.form.parts.empty() || r.error[0] == '\0')) std::abort();
        if (r.form.parts.size() > limits.max_parts) std::abort();
        for (const auto& p : r.form.parts) {
            if (!inside(p.body, body) || !inside(p.headers, body) || p.headers.size() > limits.max_header_bytes) std::abort();
            if (p.content_type != "text/plain" && !inside(p.content_type, body)) std::abort();
            if (!cf::utf8::valid(p.name) || (p.filename && !cf::utf8::valid(*p.filename))) std::abort();
        }
    }
}

// Quoted-string text a browser could send: no controls, no invalid UTF-8.
std::string printable(std::string_view raw) {
    std::string out;
    for (char c : raw) {
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7F) out.push_back(c);
    }
    return out;
}

void check_round_trip(std::string_view input) {
    // Fields are separated by NUL; inside one, \x01 separates name, filename and content.
    std::vector<cf::test::FormPart> fields;
    size_t start = 0;
    while (start <= input.size() && fields.size() < 8) {
        size_t end = input.find('\0', start);
        std::string_view chunk = input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        cf::test::FormPart f;
        size_t a = chunk.find('\x01');
        size_t c = a == std::string_view::npos ? a : chunk.find('\x01', a + 1);
        f.name = printable(chunk.substr(0, std::min(a, chunk.size())));
        if (c != std::string_view::npos) {
            f.filename = printable(chunk.substr(a + 1, c - a - 1));
            f.content_type = "application/octet-stream";
            f.content = std::string(chunk.substr(c + 1));
        } else if (a != std::string_view::npos) {
            f.content = std::string(chunk.substr(a + 1));
        }
        fields.push_back(std::move(f));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    const std::string boundary = "----cfFuzzBoundary7f3a";
    for (const auto& f : fields) {
        // A sender picks a boundary that its framing of the content does not contain.
        const std::string delimiter = "\r\n--" + boundary;
        if (("\r\n" + f.content + delimiter).find(delimiter) != f.content.size() + 2) return;
    }
    std::string body = cf::test::multipart_body(fields, boundary);
    auto r = mp::parse_request(cf::test::multipart_type(boundary), body);
    if (!r || r.form.parts.size() != fields.size()) std::abort();
    for (size_t i = 0; i < fields.size(); ++i) {
        const auto& p = r.form.parts[i];
        if (p.name != fields[i].name || p.body != fields[i].content || p.filename != fields[i].filename) std::abort();
        if (p.content_type != (fields[i].filename ? "application/octet-stream" : "text/plain")) std::abort();
    }
}

} // namespace

CF_FUZZ_TARGET(multipart, seeds) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    check_hostile(input);
    check_round_trip(input);
    return 0;
}
