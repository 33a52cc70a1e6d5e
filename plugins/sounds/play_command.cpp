// The /play command (see play_command.hpp).
#include "play_command.hpp"

#include <algorithm>
#include <array>

namespace sounds {
namespace {

constexpr std::string_view kPrefix = "/play ";

bool word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

// The lowercase element name of a tag's inside ("div" for `<div class=x>`, "br" for `</br>`).
std::string tag_name(std::string_view inside) {
    if (!inside.empty() && inside.front() == '/') inside.remove_prefix(1);
    std::string name;
    for (char c : inside) {
        if (!word_char(c)) break;
        name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return name;
}

bool breaks_line(const std::string& tag) {
    static constexpr std::array kBlocks = {"br", "div", "p", "li", "ul", "ol", "pre", "blockquote", "h1", "h2",
                                           "h3", "h4", "h5", "h6", "hr", "figure", "figcaption", "table", "tr"};
    return std::any_of(kBlocks.begin(), kBlocks.end(), [&](const char* b) { return tag == b; });
}

} // namespace

const Sound* played_sound(std::string_view plain_text) {
    std::string_view s = trim(plain_text);
    if (!s.starts_with(kPrefix)) return nullptr;
    std::string_view name = s.substr(kPrefix.size());
    if (name.empty() || !std::all_of(name.begin(), name.end(), word_char)) return nullptr;
    return find_sound(name);
}

std::string strip_tags(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    for (size_t i = 0; i < html.size();) {
        if (html[i] != '<') {
            out += html[i++];
            continue;
        }
        size_t end = html.find('>', i);
        if (end == std::string_view::npos) break; // an unterminated tag: drop the rest
        if (breaks_line(tag_name(html.substr(i + 1, end - i - 1)))) out += '\n';
        i = end + 1;
    }
    return out;
}

} // namespace sounds
