// Plain text from the sanitiser's walk (see plain_text.hpp).
#include "plain_text.hpp"

namespace rooms::rich_text {
namespace {

bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

} // namespace

std::string_view PlainText::trimmed(std::string_view s) {
    while (!s.empty() && ascii_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && ascii_space(s.back())) s.remove_suffix(1);
    return s;
}

void PlainText::text(std::string_view s, bool preformatted) {
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool nbsp = c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
        if (nbsp) ++i;
        if (preformatted) {
            pending_space_ = false;
            out_.push_back(nbsp ? ' ' : c);
        } else if (nbsp) {
            // A non-breaking space is meant: it never collapses.
            if (pending_space_ && !out_.empty() && out_.back() != '\n' && out_.back() != ' ') out_.push_back(' ');
            pending_space_ = false;
            out_.push_back(' ');
        } else if (ascii_space(c)) {
            pending_space_ = true;
        } else {
            if (pending_space_ && !out_.empty() && out_.back() != '\n' && out_.back() != ' ') out_.push_back(' ');
            pending_space_ = false;
            out_.push_back(c);
        }
    }
}

void PlainText::append(std::string_view s) {
    if (pending_space_ && !out_.empty() && out_.back() != '\n' && out_.back() != ' ') out_.push_back(' ');
    pending_space_ = false;
    out_.append(s);
}

void PlainText::trim_trailing_spaces() {
    while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\t')) out_.pop_back();
}

void PlainText::line_break() {
    pending_space_ = false;
    trim_trailing_spaces();
    out_.push_back('\n');
}

void PlainText::block_break() {
    pending_space_ = false;
    trim_trailing_spaces();
    if (!out_.empty() && out_.back() != '\n') out_.push_back('\n');
}

std::string PlainText::finish() {
    std::string result;
    result.reserve(out_.size());
    int newlines = 0;
    for (char c : out_) {
        newlines = c == '\n' ? newlines + 1 : 0;
        if (newlines <= 2) result.push_back(c);
    }
    return std::string(trimmed(result));
}

} // namespace rooms::rich_text
