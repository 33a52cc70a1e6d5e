#include "webhook_payload.hpp"


#include <campfire/json.hpp>
#include <campfire/utf8.hpp>

#include <charconv>

namespace webhooks {
namespace {

constexpr std::string_view kMentionType = "application/vnd.campfire.mention";
constexpr std::string_view kTag = "<action-text-attachment";
constexpr std::string_view kEndTag = "</action-text-attachment>";

bool unicode_space(uint32_t cp) {
    return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 || cp == 0xa0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
           cp == 0x3000;
}

bool iequal_prefix(std::string_view s, size_t at, std::string_view prefix) {
    if (s.size() - at < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        char a = s[at + i], b = prefix[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

size_t ifind(std::string_view s, std::string_view needle, size_t from) {
    for (size_t i = from; i + needle.size() <= s.size(); ++i)
        if (iequal_prefix(s, i, needle)) return i;
    return std::string_view::npos;
}

// The value of attribute `name` in a start tag's text, or nullopt.
std::optional<std::string_view> attribute(std::string_view tag, std::string_view name) {
    size_t at = 0;
    while ((at = ifind(tag, name, at)) != std::string_view::npos) {
        bool word_start = at > 0 && (tag[at - 1] == ' ' || tag[at - 1] == '\t' || tag[at - 1] == '\n');
        size_t eq = at + name.size();
        while (eq < tag.size() && tag[eq] == ' ') ++eq;
        if (word_start && eq < tag.size() && tag[eq] == '=') {
            size_t v = eq + 1;
            while (v < tag.size() && tag[v] == ' ') ++v;
            if (v < tag.size() && (tag[v] == '"' || tag[v] == '\'')) {
                size_t close = tag.find(tag[v], v + 1);
                if (close != std::string_view::npos) return tag.substr(v + 1, close - v - 1);
            }
            return std::nullopt;
        }
        at += name.size();
    }
    return std::nullopt;
}

struct Mention {
    size_t begin, end; // the whole element in the body
    int64_t user_id;
};

// Calls f for each mention attachment in the body, in order.
template <class F> void each_mention(std::string_view body, F&& f) {
    size_t at = 0;
    while ((at = ifind(body, kTag, at)) != std::string_view::npos) {
        size_t gt = body.find('>', at);
        if (gt == std::string_view::npos) return;
        std::string_view tag = body.substr(at, gt - at);
        size_t end = gt + 1;
        if (tag.empty() || tag.back() != '/') {
            size_t close = ifind(body, kEndTag, end);
            if (close != std::string_view::npos) end = close + kEndTag.size();
        }
        auto type = attribute(tag, "content-type");
        auto id = attribute(tag, "user-id");
        int64_t value = 0;
        if (type && *type == kMentionType && id) {
            auto [p, ec] = std::from_chars(id->data(), id->data() + id->size(), value);
            if (ec == std::errc() && p == id->data() + id->size() && value > 0) f(Mention{at, end, value});
        }
        at = end;
    }
}

} // namespace

std::string bot_api_path(int64_t room_id, std::string_view bot_key) {
    return "/rooms/" + std::to_string(room_id) + "/" + std::string(bot_key) + "/messages";
}

std::string campfire_payload(const PayloadFields& f) {
    cf::Json j;
    j.obj([&] {
        j.key("user").obj([&] { j.key("id").num(f.author_id).key("name").str(f.author_name); });
        j.key("room").obj([&] {
            j.key("id").num(f.room_id).key("name");
            if (f.room_name) j.str(*f.room_name);
            else j.null();
            j.key("path").str(bot_api_path(f.room_id, f.bot_key));
        });
        j.key("message").obj([&] {
            j.key("id").num(f.message_id);
            j.key("body").obj([&] { j.key("html").str(f.html).key("plain").str(f.plain); });
            j.key("path").str("/rooms/" + std::to_string(f.room_id) + "/@" + std::to_string(f.message_id));
        });
        if (f.reply_url) j.key("reply_url").str(*f.reply_url);
    });
    return std::string(j.text());
}

std::string envelope(std::string_view delivery_id, std::string_view type, std::string_view created_at,
                     std::string_view data_json) {
    cf::Json j;
    j.obj([&] {
        j.key("id").str(delivery_id).key("type").str(type).key("created_at").str(created_at);
        j.key("data").raw(data_json);
    });
    return std::string(j.text());
}

std::string trim_unicode_space(std::string_view s) {
    size_t begin = 0, end = 0; // [begin, end) of the kept text
    bool seen = false;
    for (size_t i = 0; i < s.size();) {
        const size_t at = i;
        auto cp = cf::utf8::next(s, i);
        if (!cp) ++i; // not space: kept as it is
        if (!cp || !unicode_space(*cp)) {
            if (!seen) begin = at;
            seen = true;
            end = i;
        }
    }
    return seen ? std::string(s.substr(begin, end - begin)) : std::string();
}

std::string plain_for_bot(std::string_view plain, std::string_view bot_name) {
    std::string needle = "@" + std::string(bot_name);
    std::string out;
    size_t at = 0;
    while (true) {
        size_t hit = bot_name.empty() ? std::string_view::npos : plain.find(needle, at);
        out.append(plain.substr(at, hit == std::string_view::npos ? std::string_view::npos : hit - at));
        if (hit == std::string_view::npos) break;
        at = hit + needle.size();
    }
    return trim_unicode_space(out);
}

std::vector<int64_t> mentioned_user_ids(std::string_view body) {
    std::vector<int64_t> ids;
    each_mention(body, [&](const Mention& m) {
        for (int64_t seen : ids)
            if (seen == m.user_id) return;
        ids.push_back(m.user_id);
    });
    return ids;
}

std::string mentions_as_text(std::string_view body, const std::function<std::optional<std::string>(int64_t)>& name_of) {
    std::string out;
    size_t at = 0;
    each_mention(body, [&](const Mention& m) {
        out.append(body.substr(at, m.begin - at));
        if (auto name = name_of(m.user_id)) out += "@" + *name;
        at = m.end;
    });
    out.append(body.substr(at));
    return out;
}

} // namespace webhooks
