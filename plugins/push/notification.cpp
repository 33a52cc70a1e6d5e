#include "notification.hpp"

#include <campfire/json.hpp>

#include <cctype>
#include <optional>

namespace push {
namespace {

constexpr std::string_view kIcon = "/account/logo";
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
constexpr std::string_view kSubscriptionsPage = "/users/me/push_subscriptions";

std::string_view string_member(const rapidjson::Value& v, const char* name) {
    if (!v.IsObject()) return {};
    auto it = v.FindMember(name);
    if (it == v.MemberEnd() || !it->value.IsString()) return {};
    return {it->value.GetString(), it->value.GetStringLength()};
}

const rapidjson::Value* member(const rapidjson::Value& v, const char* name) {
    if (!v.IsObject()) return nullptr;
    auto it = v.FindMember(name);
    return it == v.MemberEnd() ? nullptr : &it->value;
}

int64_t int_member(const rapidjson::Value& v, const char* name) {
    const rapidjson::Value* m = member(v, name);
    return m && m->IsInt64() ? m->GetInt64() : 0;
}

std::string render(const Notification& n, std::string_view body) {
    cf::Json j;
    j.obj([&] {
        j.key("title").str(n.title);
        j.key("options").obj([&] {
            j.key("body").str(body).key("icon").str(kIcon);
            j.key("data").obj([&] { j.key("path").str(n.path).key("badge").num(n.badge); });
        });
    });
    return std::string(j.text());
}

// The longest prefix of s of at most n bytes that does not split a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, size_t n) {
    if (n >= s.size()) return s;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

void append_entity(std::string& out, std::string_view entity) {
    if (entity == "amp") out += '&';
    else if (entity == "lt") out += '<';
    else if (entity == "gt") out += '>';
    else if (entity == "quot") out += '"';
    else if (entity == "#39" || entity == "apos") out += '\'';
    else if (entity == "nbsp") out += ' ';
    else out.append("&").append(entity).append(";");
}

// Text content of sanitised HTML: tags dropped (block ends become spaces), common entities
// decoded, runs of white space collapsed.
std::string strip_markup(std::string_view html) {
    std::string raw;
    raw.reserve(html.size());
    for (size_t i = 0; i < html.size(); ++i) {
        char c = html[i];
        if (c == '<') {
            size_t close = html.find('>', i);
            if (close == std::string_view::npos) break;
            raw += ' ';
            i = close;
        } else if (c == '&') {
            size_t semi = html.find(';', i);
            if (semi != std::string_view::npos && semi - i <= 8) {
                append_entity(raw, html.substr(i + 1, semi - i - 1));
                i = semi;
            } else {
                raw += c;
            }
        } else {
            raw += c;
        }
    }
    std::string out;
    bool space = false;
    for (char c : raw) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
        } else {
            if (space) out += ' ';
            space = false;
            out += c;
        }
    }
    return out;
}

} // namespace

Notification message_notification(const RoomFacts& room, std::string_view sender, std::string_view text,
                                  int64_t badge) {
    Notification n;
    n.path = "/rooms/" + std::to_string(room.id);
    n.badge = badge;
    if (room.direct) {
        n.title = std::string(sender);
        n.body = std::string(text);
    } else {
        n.title = room.name;
        n.body = std::string(sender) + ": " + std::string(text);
    }
    return n;
}

Notification test_notification(std::string_view uuid, int64_t badge) {
    return Notification{"Campfire Test", std::string(uuid), std::string(kSubscriptionsPage), badge};
}

std::string notification_json(const Notification& n, size_t max_bytes) {
    std::string json = render(n, n.body);
    if (json.size() <= max_bytes) return json;
    // The longest prefix that fits, by bisection (escaping makes the JSON size uneven per byte).
    std::string best = render(n, kEllipsis);
    size_t lo = 0, hi = n.body.size();
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        std::string_view prefix = utf8_prefix(n.body, mid);
        std::string candidate = render(n, std::string(prefix) + std::string(kEllipsis));
        if (candidate.size() <= max_bytes) {
            best = std::move(candidate);
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    return best;
}

std::string message_plain_text(const rapidjson::Value& message) {
    std::string text(string_member(message, "plain_body"));
    if (text.empty()) text = strip_markup(string_member(message, "body"));
    if (text.empty() && message.IsObject()) {
        auto it = message.FindMember("attachment");
        if (it != message.MemberEnd()) text = std::string(string_member(it->value, "filename"));
    }
    return text;
}

std::optional<NewMessage> parse_new_message(std::string_view payload) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, payload) || !doc.IsObject()) return std::nullopt;
    const rapidjson::Value* wrapped = member(doc, "message");
    const rapidjson::Value& m = wrapped && wrapped->IsObject() ? *wrapped : doc;
    NewMessage out;
    out.room_id = int_member(m, "room_id");
    out.creator_id = int_member(m, "creator_id");
    const rapidjson::Value* creator = member(m, "creator");
    if (creator) {
        if (!out.creator_id) out.creator_id = int_member(*creator, "id");
        if (const rapidjson::Value* name = member(*creator, "name"); name && name->IsString())
            out.creator_name.assign(name->GetString(), name->GetStringLength());
    }
    if (out.room_id <= 0 || out.creator_id <= 0) return std::nullopt;
    out.text = message_plain_text(m);
    if (const rapidjson::Value* ids = member(m, "mentionee_ids"); ids && ids->IsArray()) {
        cf::Json j;
        j.arr([&] {
            for (const auto& id : ids->GetArray())
                if (id.IsInt64()) j.num(id.GetInt64());
        });
        out.mentionees = std::string(j.text());
    }
    return out;
}

} // namespace push
