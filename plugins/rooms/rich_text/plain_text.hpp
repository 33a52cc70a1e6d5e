// Builds a message's plain text (Campfire's plain_text_body) while the sanitiser walks the HTML:
// whitespace collapses as a browser would show it (kept inside <pre>), blocks start on a new
// line, <br> breaks the line, U+00A0 becomes a space, at most one empty line in a row, and the
// result is trimmed.
#pragma once

#include <string>
#include <string_view>

namespace rooms::rich_text {

class PlainText {
public:
    void text(std::string_view s, bool preformatted);
    void append(std::string_view s); // verbatim (a mention, a list marker)
    void line_break();
    void block_break();
    std::string finish();

    // `s` without leading and trailing ASCII whitespace.
    static std::string_view trimmed(std::string_view s);

private:
    void trim_trailing_spaces();

    std::string out_;
    bool pending_space_ = false;
};

} // namespace rooms::rich_text
