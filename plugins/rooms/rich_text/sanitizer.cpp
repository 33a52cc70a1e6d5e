// The message body sanitiser (see sanitizer.hpp): gumbo parses the body as a fragment of <body>;
// one iterative walk over the tree writes the safe HTML and the plain text together. Iterative,
// so a 64 KiB body of nested tags cannot overflow the stack.
#include "sanitizer.hpp"

#include "plain_text.hpp"
#include "url_policy.hpp"

#include <gumbo.h>

#include <algorithm>
#include <map>
#include <memory>

namespace rooms::rich_text {
namespace {

enum class Action { keep, unwrap, drop };

// Campfire's allow-list (CAMPFIRE.md §8), except action-text-attachment (handled on its own).
bool allowed_tag(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_ACRONYM: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_B:
    case GUMBO_TAG_BIG: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BR: case GUMBO_TAG_CITE: case GUMBO_TAG_CODE:
    case GUMBO_TAG_DD: case GUMBO_TAG_DEL: case GUMBO_TAG_DFN: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_EM: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HR: case GUMBO_TAG_I:
    case GUMBO_TAG_INS: case GUMBO_TAG_KBD: case GUMBO_TAG_LI: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_SAMP: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TIME: case GUMBO_TAG_TT: case GUMBO_TAG_UL:
    case GUMBO_TAG_VAR: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION:
        return true;
    default:
        return false;
    }
}

// Elements whose content is code, another document, or not text for people: removed whole.
bool dropped_with_content(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_XMP: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_SELECT: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_META: case GUMBO_TAG_LINK: case GUMBO_TAG_BASE: case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_PARAM: case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_IMG:
    case GUMBO_TAG_IMAGE: case GUMBO_TAG_INPUT: case GUMBO_TAG_MAP: case GUMBO_TAG_AREA:
        return true;
    default:
        return false;
    }
}

// Elements that start a new line in the plain text, kept or unwrapped.
bool block_level(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DD: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HR: case GUMBO_TAG_LI: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_UL: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_BODY:
        return true;
    default:
        return false;
    }
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The tag name as written, for elements gumbo does not know (custom elements).
std::string unknown_tag_name(const GumboElement& el) {
    GumboStringPiece piece = el.original_tag;
    if (piece.length == 0 || !piece.data) return {};
    gumbo_tag_from_original_text(&piece);
    return lowercase(std::string_view(piece.data, piece.length));
}

std::string_view attribute(const GumboElement& el, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
    return a && a->value ? std::string_view(a->value) : std::string_view();
}

bool has_attribute(const GumboElement& el, const char* name) { return gumbo_get_attribute(&el.attributes, name); }

std::optional<int64_t> user_id_from(std::string_view s) {
    if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v > 0 ? std::optional<int64_t>(v) : std::nullopt;
}

bool plain_text_value(std::string_view v, size_t max) {
    return v.size() <= max && std::none_of(v.begin(), v.end(), [](char c) {
               auto u = static_cast<unsigned char>(c);
               return (u < 0x20 && c != '\t' && c != '\n') || u == 0x7F;
           });
}

// The attribute value to keep, or nullopt to drop the attribute (see sanitizer.hpp).
std::optional<std::string> allowed_attribute(GumboTag tag, std::string_view name, std::string_view value) {
    if (name == "class" || name == "title") {
        if (!plain_text_value(value, 512)) return std::nullopt;
        return std::string(value);
    }
    if (name == "lang") {
        bool ok = !value.empty() && value.size() <= 35 && std::all_of(value.begin(), value.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        });
        return ok ? std::optional<std::string>(std::string(value)) : std::nullopt;
    }
    if (name == "dir") {
        std::string d = lowercase(value);
        return d == "ltr" || d == "rtl" || d == "auto" ? std::optional<std::string>(d) : std::nullopt;
    }
    if (name == "href" && tag == GUMBO_TAG_A) return allowed_url(value);
    if (name == "cite" && (tag == GUMBO_TAG_BLOCKQUOTE || tag == GUMBO_TAG_DEL || tag == GUMBO_TAG_INS))
        return allowed_url(value);
    if (name == "datetime" && (tag == GUMBO_TAG_TIME || tag == GUMBO_TAG_DEL || tag == GUMBO_TAG_INS)) {
        if (!plain_text_value(value, 64)) return std::nullopt;
        return std::string(value);
    }
    return std::nullopt;
}

void append_attribute(std::string& out, std::string_view name, std::string_view value) {
    out.push_back(' ');
    out.append(name);
    out.append("=\"");
    append_escaped(out, value);
    out.push_back('"');
}

// Appends text for HTML, without the control characters a message has no use for.
void append_text(std::string& out, std::string_view text) {
    std::string clean;
    clean.reserve(text.size());
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) continue;
        clean.push_back(c);
    }
    append_escaped(out, clean);
}

struct Frame {
    explicit Frame(const GumboVector* c) : children(c) {}
    const GumboVector* children;
    unsigned next = 0;
    std::string close;   // "</tag>" written when the frame ends; empty when unwrapped
    bool counts = false; // a kept element (counts toward kMaxDepth)
    bool block = false;
    bool pre = false;
    bool quiet = false;  // no plain text from inside (OpenGraph embeds)
    char list = 0;       // 'u' or 'o' for lists, to number items
    int items = 0;
};

class Walker {
public:
    Walker(const NameLookup& names, Sanitized& out) : names_(names), out_(out) {}

    void run(const GumboNode* root) {
        if (root->type != GUMBO_NODE_ELEMENT) return;
        stack_.emplace_back(&root->v.element.children);
        while (!stack_.empty()) {
            Frame& top = stack_.back();
            if (top.next < top.children->length) {
                visit(static_cast<const GumboNode*>(top.children->data[top.next++]));
            } else {
                leave();
            }
        }
    }

    PlainText plain;

private:
    bool quiet() const { return quiet_ > 0; }
    bool pre() const { return pre_ > 0; }

    void visit(const GumboNode* node) {
        switch (node->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
            append_text(out_.html, node->v.text.text);
            if (!quiet()) plain.text(node->v.text.text, pre());
            return;
        case GUMBO_NODE_ELEMENT:
            return element(node);
        default: // comments, templates, documents
            return;
        }
    }

    void element(const GumboNode* node) {
        const GumboElement& el = node->v.element;
        if (el.tag_namespace != GUMBO_NAMESPACE_HTML) return; // svg, math: gone with their content
        GumboTag tag = el.tag;
        if (dropped_with_content(tag)) return;
        if (tag == GUMBO_TAG_UNKNOWN && unknown_tag_name(el) == "action-text-attachment") {
            std::string_view type = attribute(el, "content-type");
            if (type == kMentionType) return mention(el);
            if (type == kOpengraphType && opengraph(el)) return;
        }

        Frame f(&el.children);
        f.block = block_level(tag);
        f.pre = tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING || tag == GUMBO_TAG_PLAINTEXT;
        f.list = tag == GUMBO_TAG_UL ? 'u' : tag == GUMBO_TAG_OL ? 'o' : 0;
        bool keep = allowed_tag(tag) && depth_ < kMaxDepth;
        if (f.block) plain.block_break();
        if (tag == GUMBO_TAG_LI && !quiet()) list_item_prefix();
        if (tag == GUMBO_TAG_BR) {
            if (keep) out_.html.append("<br>");
            if (!quiet()) plain.line_break();
            return;
        }
        if (tag == GUMBO_TAG_HR) {
            if (keep) out_.html.append("<hr>");
            return;
        }
        if (keep) {
            const char* name = gumbo_normalized_tagname(tag);
            out_.html.push_back('<');
            out_.html.append(name);
            for (unsigned i = 0; i < el.attributes.length; ++i) {
                const auto* a = static_cast<const GumboAttribute*>(el.attributes.data[i]);
                if (auto v = allowed_attribute(tag, a->name, a->value)) append_attribute(out_.html, a->name, *v);
            }
            out_.html.push_back('>');
            // The parser drops one newline right after <pre>: write one more so a leading one survives.
            if (tag == GUMBO_TAG_PRE && el.children.length > 0) {
                const auto* first = static_cast<const GumboNode*>(el.children.data[0]);
                if ((first->type == GUMBO_NODE_TEXT || first->type == GUMBO_NODE_WHITESPACE) &&
                    first->v.text.text[0] == '\n')
                    out_.html.push_back('\n');
            }
            f.close = std::string("</") + name + ">";
            f.counts = true;
        }
        push(std::move(f));
    }

    void push(Frame f) {
        depth_ += f.counts;
        pre_ += f.pre;
        quiet_ += f.quiet;
        stack_.push_back(std::move(f));
    }

    void leave() {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        out_.html.append(f.close);
        depth_ -= f.counts;
        pre_ -= f.pre;
        quiet_ -= f.quiet;
        if (f.block) plain.block_break();
    }

    void list_item_prefix() {
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            if (!it->list) continue;
            ++it->items;
            plain.append(it->list == 'o' ? std::to_string(it->items) + ". " : std::string("\xE2\x80\xA2 "));
            return;
        }
    }

    std::optional<std::string> name_of(int64_t id) {
        if (auto it = cache_.find(id); it != cache_.end()) return it->second;
        if (cache_.size() >= kMaxMentionIds || !names_) return std::nullopt;
        std::optional<std::string> name = names_(id);
        cache_.emplace(id, name);
        return name;
    }

    // A mention: rewritten whole from the user's record; the client's content is not used.
    void mention(const GumboElement& el) {
        auto id = user_id_from(attribute(el, "user-id"));
        auto name = id ? name_of(*id) : std::nullopt;
        if (!name) return; // unknown user: the mention goes, content and all
        out_.html.append("<action-text-attachment");
        append_attribute(out_.html, "content-type", kMentionType);
        append_attribute(out_.html, "user-id", std::to_string(*id));
        out_.html.push_back('>');
        append_text(out_.html, "@" + *name);
        out_.html.append("</action-text-attachment>");
        if (!quiet()) plain.append("@" + *name);
        out_.mentioned.push_back(*id);
        out_.has_attachment = true;
    }

    // An OpenGraph embed; false (then it is unwrapped) when it has no usable link.
    bool opengraph(const GumboElement& el) {
        auto href = allowed_url(attribute(el, "href"), true);
        if (!href) return false;
        out_.html.append("<action-text-attachment");
        append_attribute(out_.html, "content-type", kOpengraphType);
        append_attribute(out_.html, "href", *href);
        if (auto image = allowed_url(attribute(el, "url"), true)) append_attribute(out_.html, "url", *image);
        for (const char* text_attr : {"filename", "caption"}) {
            std::string_view v = attribute(el, text_attr);
            if (has_attribute(el, text_attr) && plain_text_value(v, 1024)) append_attribute(out_.html, text_attr, v);
        }
        out_.html.push_back('>');
        Frame f(&el.children);
        f.close = "</action-text-attachment>";
        f.counts = true;
        f.quiet = true;
        out_.has_attachment = true;
        push(std::move(f));
        return true;
    }

    const NameLookup& names_;
    Sanitized& out_;
    std::vector<Frame> stack_;
    std::map<int64_t, std::optional<std::string>> cache_;
    int depth_ = 0, pre_ = 0, quiet_ = 0;
};

struct OutputDeleter {
    void operator()(GumboOutput* o) const { gumbo_destroy_output(&kGumboDefaultOptions, o); }
};

Sanitized from_plain_text(std::string_view body) {
    Sanitized out;
    std::string text;
    text.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        auto u = static_cast<unsigned char>(c);
        if (c == '\r') {
            if (i + 1 < body.size() && body[i + 1] == '\n') continue;
            c = '\n';
        } else if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7F) {
            continue;
        }
        text.push_back(c);
    }
    out.plain = std::string(PlainText::trimmed(text));
    size_t start = 0;
    while (true) {
        size_t nl = out.plain.find('\n', start);
        append_escaped(out.html, std::string_view(out.plain).substr(start, nl - start));
        if (nl == std::string::npos) break;
        out.html.append("<br>");
        start = nl + 1;
    }
    return out;
}

} // namespace

bool within_markup_limits(std::string_view body) {
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
    size_t tags = 0;
    size_t i = 0, n = body.size();
    while ((i = body.find('<', i)) != std::string_view::npos) {
        if (++i >= n || !letter(body[i])) continue;
        if (++tags > kMaxTags) return false;
        while (i < n && !space(body[i]) && body[i] != '>' && body[i] != '/') ++i; // the tag name
        // Attributes as the tokenizer reads them: name, then optionally = and a (quoted) value.
        size_t attributes = 0;
        while (i < n && body[i] != '>') {
            if (space(body[i]) || body[i] == '/') { ++i; continue; }
            if (++attributes > kMaxAttributesPerTag) return false;
            ++i; // a name may start with '='
            while (i < n && !space(body[i]) && body[i] != '>' && body[i] != '/' && body[i] != '=') ++i;
            while (i < n && space(body[i])) ++i;
            if (i >= n || body[i] != '=') continue;
            ++i;
            while (i < n && space(body[i])) ++i;
            if (i < n && (body[i] == '"' || body[i] == '\'')) {
                size_t close = body.find(body[i], i + 1);
                i = close == std::string_view::npos ? n : close + 1;
            } else {
                while (i < n && !space(body[i]) && body[i] != '>') ++i;
            }
        }
    }
    return true;
}

bool has_markup(std::string_view body) {
    for (size_t i = body.find('<'); i != std::string_view::npos && i + 1 < body.size(); i = body.find('<', i + 1)) {
        char c = body[i + 1];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' || c == '?') return true;
    }
    return false;
}

void append_escaped(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        default: out.push_back(c);
        }
    }
}

Sanitized sanitize(std::string_view body, Input input, const NameLookup& names) {
    if ((input == Input::detect && !has_markup(body)) || !within_markup_limits(body)) return from_plain_text(body);
    GumboOptions options = kGumboDefaultOptions;
    options.fragment_context = GUMBO_TAG_BODY;
    options.fragment_namespace = GUMBO_NAMESPACE_HTML;
    options.max_errors = 0; // we never read them; do not spend memory on them
    std::unique_ptr<GumboOutput, OutputDeleter> parsed(
        gumbo_parse_with_options(&options, body.data(), body.size()));
    Sanitized out;
    if (!parsed || !parsed->root) return out;
    out.html.reserve(body.size());
    Walker walker(names, out);
    walker.run(parsed->root);
    out.plain = walker.plain.finish();
    std::sort(out.mentioned.begin(), out.mentioned.end());
    out.mentioned.erase(std::unique(out.mentioned.begin(), out.mentioned.end()), out.mentioned.end());
    return out;
}

} // namespace rooms::rich_text
