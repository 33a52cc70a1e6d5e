// An independent check of the sanitiser's output, shared by the XSS corpus test and the fuzz
// target: parse the output again as a browser would (gumbo, fragment of <body>) and report the
// first thing in it that could run code or escape the allow-list. Empty string = safe.
#pragma once

#include <gumbo.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rooms::test {

inline std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The scheme a browser would see in a URL attribute, lowercased, or "" for a relative URL.
inline std::string url_scheme(std::string_view url) {
  std::string cleaned;
  for (char c : url)
    if (static_cast<unsigned char>(c) > 0x20) cleaned.push_back(c);  // browsers ignore these here
  size_t colon = cleaned.find(':');
  size_t delimiter = cleaned.find_first_of("/?#");
  if (colon == std::string::npos || (delimiter != std::string::npos && delimiter < colon)) return "";
  return lower_ascii(cleaned.substr(0, colon));
}

inline std::string unsafe_in(std::string_view html) {
  static const std::set<std::string> kTags = {
      "a", "abbr", "acronym", "address", "b", "big", "blockquote", "br", "cite", "code", "dd", "del", "dfn",
      "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "ol", "p",
      "pre", "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "ul", "var",
      "action-text-attachment", "figure", "figcaption"};
  static const std::set<std::string> kAttributes = {"class", "title", "lang", "dir", "href", "cite", "datetime",
                                                    "content-type", "user-id", "url", "filename", "caption"};
  static const std::set<std::string> kUrlAttributes = {"href", "cite", "url"};

  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_BODY;
  GumboOutput* out = gumbo_parse_with_options(&options, html.data(), html.size());
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> owned(
      out, [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  std::vector<const GumboNode*> todo = {out->root};
  bool root = true;
  while (!todo.empty()) {
    const GumboNode* node = todo.back();
    todo.pop_back();
    if (node->type == GUMBO_NODE_COMMENT) return "a comment";
    if (node->type == GUMBO_NODE_TEMPLATE) return "a template";
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& el = node->v.element;
    if (!root) {
      if (el.tag_namespace != GUMBO_NAMESPACE_HTML) return "a foreign (svg/math) element";
      std::string name;
      if (el.tag == GUMBO_TAG_UNKNOWN) {
        GumboStringPiece piece = el.original_tag;
        if (piece.length == 0) return "an unnamed unknown element";
        gumbo_tag_from_original_text(&piece);
        name = lower_ascii(std::string_view(piece.data, piece.length));
      } else {
        name = gumbo_normalized_tagname(el.tag);
      }
      if (!kTags.count(name)) return "tag <" + name + ">";
      for (unsigned i = 0; i < el.attributes.length; ++i) {
        const auto* a = static_cast<const GumboAttribute*>(el.attributes.data[i]);
        std::string attr = lower_ascii(a->name);
        if (!kAttributes.count(attr)) return "attribute " + attr + " on <" + name + ">";
        if (kUrlAttributes.count(attr)) {
          std::string scheme = url_scheme(a->value);
          if (!scheme.empty() && scheme != "http" && scheme != "https" && scheme != "mailto")
            return "URL scheme " + scheme + ": in " + attr;
        }
      }
    }
    root = false;
    for (unsigned i = 0; i < el.children.length; ++i) todo.push_back(static_cast<const GumboNode*>(el.children.data[i]));
  }
  return "";
}

}  // namespace rooms::test
