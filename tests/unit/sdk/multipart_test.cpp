// sdk/campfire/multipart.hpp: the boundary from a Content-Type, the parts of a body (names,
// filenames, types, zero-copy content), and the strict refusals and limits.
#include <campfire/multipart.hpp>

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <string_view>

namespace {

using cf::multipart::boundary;
using cf::multipart::Limits;
using cf::multipart::parse;
using cf::multipart::parse_request;
using namespace std::string_literals;

// A part as a browser writes it.
std::string part(std::string_view b, std::string_view disposition, std::string_view content,
                 std::string_view extra_headers = "") {
    return "--"s.append(b) + "\r\nContent-Disposition: " + std::string(disposition) + "\r\n" +
           std::string(extra_headers) + "\r\n" + std::string(content) + "\r\n";
}
std::string close(std::string_view b) { return "--"s.append(b) + "--\r\n"; }

// Keeps a body alive for the whole test run: parse() returns views into it (and refuses a temporary).
const std::string& keep(std::string body) {
    static std::deque<std::string> kept;
    return kept.emplace_back(std::move(body));
}

TEST(MultipartBoundary, UnquotedAndQuoted) {
    EXPECT_EQ(boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk"), "----WebKitFormBoundary7MA4YWxk");
    EXPECT_EQ(boundary("multipart/form-data; boundary=\"a b:c/d=e?\""), "a b:c/d=e?");
    EXPECT_EQ(boundary("Multipart/Form-Data;BOUNDARY=x"), "x");
    EXPECT_EQ(boundary("multipart/form-data; charset=utf-8; boundary=abc"), "abc");
    EXPECT_EQ(boundary("  multipart/form-data ;\tboundary=abc  "), "abc");
}

TEST(MultipartBoundary, LengthIsOneToSeventy) {
    EXPECT_EQ(boundary("multipart/form-data; boundary=" + std::string(70, 'a')), std::string(70, 'a'));
    EXPECT_FALSE(boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
    EXPECT_FALSE(boundary("multipart/form-data; boundary=\"\""));
}

TEST(MultipartBoundary, RefusesWhatIsNotAFormBoundary) {
    EXPECT_FALSE(boundary("multipart/mixed; boundary=abc"));
    EXPECT_FALSE(boundary("application/x-www-form-urlencoded"));
    EXPECT_FALSE(boundary("multipart/form-data"));
    EXPECT_FALSE(boundary("multipart/form-data; boundary=abc; boundary=abc"));
    EXPECT_FALSE(boundary("multipart/form-data; boundary=\"ends with space \""));
    EXPECT_FALSE(boundary("multipart/form-data; boundary=\"a\\b\""));     // quoted-pair
    EXPECT_FALSE(boundary("multipart/form-data; boundary=\"a*b\""));      // not a bchar
    EXPECT_FALSE(boundary("multipart/form-data; boundary=\"unterminated"));
    EXPECT_FALSE(boundary("multipart/form-data; boundary = abc"));
    EXPECT_FALSE(boundary("multipart/form-data; boundary=abc;"));
}

TEST(MultipartParse, FieldsAndAFile) {
    std::string body = part("XyZ", "form-data; name=\"user[name]\"", "Ada") +
                       part("XyZ", "form-data; name=\"user[avatar]\"; filename=\"me.png\"", "\x89PNG\r\n\x1a\n\0\0"s,
                            "Content-Type: image/png\r\n") +
                       close("XyZ");
    auto r = parse_request("multipart/form-data; boundary=XyZ", body);
    ASSERT_TRUE(r) << r.error;
    ASSERT_EQ(r.form.parts.size(), 2u);
    const auto& name = r.form.parts[0];
    EXPECT_EQ(name.name, "user[name]");
    EXPECT_EQ(name.body, "Ada");
    EXPECT_EQ(name.content_type, "text/plain");
    EXPECT_FALSE(name.filename);
    const auto* file = r.form.find("user[avatar]");
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(file->filename, "me.png");
    EXPECT_EQ(file->content_type, "image/png");
    EXPECT_EQ(file->body, "\x89PNG\r\n\x1a\n\0\0"s);
    // Zero-copy: the content is a view into the body.
    EXPECT_GE(file->body.data(), body.data());
    EXPECT_LE(file->body.data() + file->body.size(), body.data() + body.size());
    EXPECT_EQ(r.form.find("missing"), nullptr);
}

TEST(MultipartParse, PreambleEpilogueAndPadding) {
    std::string body = "this is the preamble\r\n--b  \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--"
                       "\r\nepilogue, ignored\r\n--b\r\n";
    auto r = parse(body, "b");
    ASSERT_TRUE(r) << r.error;
    ASSERT_EQ(r.form.parts.size(), 1u);
    EXPECT_EQ(r.form.parts[0].name, "a");
    EXPECT_EQ(r.form.parts[0].body, "1");
}

TEST(MultipartParse, ContentThatLooksLikeTheBoundaryButIsNot) {
    // "--b" without a CRLF before it, and CRLFs and dashes, are ordinary content.
    std::string content = "x--b\r\n-b\r\n--\r\n-- b\r\n";
    std::string body = part("b", "form-data; name=x", content) + close("b");
    auto r = parse(body, "b");
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(r.form.parts[0].body, content);
}

TEST(MultipartParse, EmptyContentInBothSpellings) {
    // With the optional CRLF before the (empty) content, and without it.
    auto with = parse("--b\r\nContent-Disposition: form-data; name=a\r\n\r\n\r\n--b--", "b");
    auto without = parse("--b\r\nContent-Disposition: form-data; name=a\r\n\r\n--b--", "b");
    ASSERT_TRUE(with) << with.error;
    ASSERT_TRUE(without) << without.error;
    EXPECT_EQ(with.form.parts.at(0).body, "");
    EXPECT_EQ(without.form.parts.at(0).body, "");
}

TEST(MultipartParse, NoPartsAtAll) {
    auto r = parse("--b--\r\n", "b");
    ASSERT_TRUE(r) << r.error;
    EXPECT_TRUE(r.form.parts.empty());
}

TEST(MultipartParse, RepeatedNamesKeepTheirOrder) {
    std::string body = part("b", "form-data; name=\"ids[]\"", "1") + part("b", "form-data; name=\"ids[]\"", "2") + close("b");
    auto r = parse(body, "b");
    ASSERT_TRUE(r) << r.error;
    ASSERT_EQ(r.form.parts.size(), 2u);
    EXPECT_EQ(r.form.find("ids[]")->body, "1");
    EXPECT_EQ(r.form.parts[1].body, "2");
}

TEST(MultipartParse, QuotedPairsAndCaseInsensitiveNames) {
    auto r = parse(keep(part("b", "FORM-DATA; NAME=\"a\\\"b\\\\c\"; FileName=\"x\\\".txt\"", "v") + close("b")), "b");
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(r.form.parts[0].name, "a\"b\\c");
    EXPECT_EQ(r.form.parts[0].filename, "x\".txt");
}

TEST(MultipartParse, ABackslashBeforeAnythingElseIsLiteral) {
    // Some clients send a Windows path whole; only \" and \\ are quoted pairs.
    auto r = parse(keep(part("b", "form-data; name=\"f\"; filename=\"C:\\photos\\a.png\"", "v") + close("b")), "b");
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(r.form.parts[0].filename, "C:\\photos\\a.png");
}

TEST(MultipartParse, RawUtf8Filename) {
    auto r = parse(keep(part("b", "form-data; name=f; filename=\"caf\xC3\xA9.png\"", "v") + close("b")), "b");
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(r.form.parts[0].filename, "caf\xC3\xA9.png");
}

TEST(MultipartParse, ExtendedFilenameWins) {
    auto utf8 = parse(keep(part("b", "form-data; name=f; filename=\"plain.txt\"; filename*=UTF-8''%E2%82%AC%20rates.txt", "v") + close("b")), "b");
    ASSERT_TRUE(utf8) << utf8.error;
    EXPECT_EQ(utf8.form.parts[0].filename, "\xE2\x82\xAC rates.txt");

    auto latin1 = parse(keep(part("b", "form-data; name=f; filename*=iso-8859-1'en'caf%E9.txt", "v") + close("b")), "b");
    ASSERT_TRUE(latin1) << latin1.error;
    EXPECT_EQ(latin1.form.parts[0].filename, "caf\xC3\xA9.txt");

    // An unknown charset is ignored in favour of `filename`.
    auto other = parse(keep(part("b", "form-data; name=f; filename=\"fallback.txt\"; filename*=KOI8-R''%C1", "v") + close("b")), "b");
    ASSERT_TRUE(other) << other.error;
    EXPECT_EQ(other.form.parts[0].filename, "fallback.txt");
}

TEST(MultipartParse, RefusesMalformedExtendedFilenames) {
    for (const char* bad : {"filename*=UTF-8''%E2%82", "filename*=UTF-8''%ZZ", "filename*=UTF-8''a%2", "filename*=noquotes",
                            "filename*=\"UTF-8''quoted\"", "filename*=UTF-8''%00", "filename*=UTF-8''%C0%AF",
                            "filename*=UTF-8''a; filename*=UTF-8''b"}) {
        auto r = parse(keep(part("b", "form-data; name=f; "s + bad, "v") + close("b")), "b");
        EXPECT_FALSE(r) << bad;
    }
}

TEST(MultipartParse, RefusesBrokenFraming) {
    const std::string ok = part("b", "form-data; name=a", "1");
    struct Case {
        std::string body;
        const char* why;
    };
    const Case cases[] = {
        {"", "empty"},
        {"no boundary here", "no boundary"},
        {ok, "no closing delimiter"},
        {"--b\r\nContent-Disposition: form-data; name=a\r\n", "headers cut off"},
        {"--b\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue", "content cut off"},
        {"--b\nContent-Disposition: form-data; name=a\n\nv\n--b--", "LF line ends"},
        {"--bx\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--b--", "longer boundary on the first line"},
        {ok + "--bb\r\n" + close("b"), "the boundary as a prefix inside the stream"},
        {"--b\r\n\r\nv\r\n--b--", "no headers"},
        {"--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--", "no Content-Disposition"},
        {part("b", "attachment; name=a", "v") + close("b"), "not form-data"},
        {part("b", "form-data; filename=x", "v") + close("b"), "no name"},
        {part("b", "form-data; name=a; name=b", "v") + close("b"), "duplicate name"},
        {part("b", "form-data; name=a; filename=x; filename=y", "v") + close("b"), "duplicate filename"},
        {part("b", "form-data; name=a", "v", "Content-Disposition: form-data; name=b\r\n") + close("b"), "two dispositions"},
        {part("b", "form-data; name=a", "v", "Content-Type: a/b\r\nContent-Type: c/d\r\n") + close("b"), "two types"},
        {part("b", "form-data; name=a", "v", "Content-Type:\r\n") + close("b"), "empty type"},
        {part("b", "form-data;\r\n name=a", "v") + close("b"), "folded header"},
        {part("b", "form-data; name=\"a\0b\""s, "v") + close("b"), "NUL in a header"},
        {part("b", "form-data; name=\"a\x01\"", "v") + close("b"), "control character in a header"},
        {part("b", "form-data; name=\"\xFF\"", "v") + close("b"), "name not UTF-8"},
        {part("b", "form-data; name=\"a\"", "v", "Bad Header: x\r\n") + close("b"), "space in a header name"},
        {part("b", "form-data; name=\"a\"", "v", "NoColon\r\n") + close("b"), "header without a colon"},
        {part("b", "form-data; name=\"unterminated", "v") + close("b"), "unterminated quoted name"},
        {part("b", "form-data; name=a;", "v") + close("b"), "trailing semicolon"},
        {"--b junk\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--b--", "junk after the boundary"},
    };
    for (const auto& c : cases) {
        auto r = parse(c.body, "b");
        EXPECT_FALSE(r) << c.why;
        EXPECT_TRUE(r.form.parts.empty()) << c.why;
    }
}

TEST(MultipartParse, Limits) {
    Limits limits;
    limits.max_parts = 2;
    std::string two = part("b", "form-data; name=a", "1") + part("b", "form-data; name=b", "2");
    EXPECT_TRUE(parse(keep(two + close("b")), "b", limits));
    auto three = parse(keep(two + part("b", "form-data; name=c", "3") + close("b")), "b", limits);
    EXPECT_FALSE(three);
    EXPECT_STREQ(three.error, "too many parts");

    limits = Limits{};
    limits.max_header_lines = 2;
    std::string extra = "X-One: 1\r\nX-Two: 2\r\n";
    auto lines = parse(keep(part("b", "form-data; name=a", "v", extra) + close("b")), "b", limits);
    EXPECT_STREQ(lines.error, "too many part headers");

    limits = Limits{};
    limits.max_header_bytes = 64;
    std::string big = "X-Big: " + std::string(100, 'x') + "\r\n";
    auto bytes = parse(keep(part("b", "form-data; name=a", "v", big) + close("b")), "b", limits);
    EXPECT_STREQ(bytes.error, "part headers too large");
    // The limit counts the whole block, blank line included.
    std::string exact = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--b--";
    limits.max_header_bytes = std::string_view("Content-Disposition: form-data; name=a\r\n\r\n").size();
    EXPECT_TRUE(parse(exact, "b", limits));
    limits.max_header_bytes -= 1;
    EXPECT_FALSE(parse(exact, "b", limits));
}

TEST(MultipartParse, HeadersViewAndOtherHeadersIgnored) {
    std::string body = part("b", "form-data; name=a", "v", "Content-Transfer-Encoding: binary\r\n") + close("b");
    auto r = parse(body, "b");
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(r.form.parts[0].headers,
              "Content-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: binary\r\n\r\n");
}

TEST(MultipartParse, ParseRequestNeedsAFormContentType) {
    auto r = parse_request("application/json", "{}");
    EXPECT_FALSE(r);
    EXPECT_TRUE(parse_request("multipart/form-data; boundary=b", keep(close("b"))));
}

TEST(MultipartParse, LargeBinaryContent) {
    std::string content;
    for (uint32_t i = 0; i < 300000; ++i) content.push_back(static_cast<char>(i * 7919u % 251u));
    std::string b = "----cfBoundary0123456789";
    std::string body = part(b, "form-data; name=file; filename=blob.bin", content) + close(b);
    auto r = parse(body, b);
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(r.form.parts[0].body, content);
}

} // namespace
