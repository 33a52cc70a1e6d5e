// Fuzzes the message sanitiser (plugins/rooms/rich_text): on any input it must not crash, and its
// output, parsed again, must hold nothing outside the allow-list (tests/unit/rooms/html_safety.h);
// the plain text must never be longer than the input allows and emoji detection must not crash.
#include "tests/fuzz/fuzz_registry.h"
#include "tests/unit/rooms/html_safety.h"

#include "rich_text/emoji.hpp"
#include "rich_text/sanitizer.hpp"

#include <cstdio>
#include <cstdlib>

namespace {

std::vector<std::string> seeds() {
    return {"<div>Hello <strong>bold</strong><br><a href=\"https://example.com\">x</a></div>",
            "<action-text-attachment content-type=\"application/vnd.campfire.mention\" user-id=\"7\">"
            "</action-text-attachment> hi",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a><img src=x onerror=alert(1)>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<svg><script>alert(1)</script></svg><!-- c --><pre>\n\nx</pre>",
            "<ul><li>a<ol><li>b</li></ol></li></ul><blockquote cite=\"/x\">q</blockquote>",
            "plain text & <3 \xF0\x9F\x94\xA5"};
}

const rooms::rich_text::NameLookup kNames = [](int64_t id) -> std::optional<std::string> {
    if (id % 2) return "User \"" + std::to_string(id) + "\" <b>";
    return std::nullopt;
};

} // namespace

CF_FUZZ_TARGET(rich_text, seeds) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    for (auto mode : {rooms::rich_text::Input::detect, rooms::rich_text::Input::html}) {
        auto out = rooms::rich_text::sanitize(input, mode, kNames);
        std::string why = rooms::test::unsafe_in(out.html);
        if (!why.empty()) {
            std::fprintf(stderr, "rich_text: unsafe output (%s): %s\n", why.c_str(), out.html.c_str());
            std::abort();
        }
        (void)rooms::rich_text::emoji_only(out.plain);
    }
    return 0;
}
