// The kernel's own "message.create" check hook: a message whose plain text is `/name args` for a
// registered command (with a runner, on for this poster) is handed to the command instead of
// being stored. The chain stops with status 202 and the reason {"command":"name","handled":true},
// which the rooms plugin answers as is (a 2xx "veto" means handled; sdk/ABI.md). Bots never run
// commands (no loops between a bot's post and a command), and unknown `/words` pass as text.
#include "kernel/host/command_hook.h"

#include <campfire/json.hpp>

namespace cf {

namespace {

const rapidjson::Value* member(const rapidjson::Value& v, const char* name) {
    if (!v.IsObject()) return nullptr;
    auto it = v.FindMember(name);
    return it == v.MemberEnd() ? nullptr : &it->value;
}

// A rich-text body's text without tags and with the common entities decoded: enough to see
// whether it is a command when the payload has no plain_body.
std::string text_of_html(std::string_view html) {
    std::string out;
    bool in_tag = false;
    for (size_t i = 0; i < html.size(); ++i) {
        char c = html[i];
        if (in_tag) {
            in_tag = c != '>';
            continue;
        }
        if (c == '<') {
            in_tag = true;
            continue;
        }
        if (c == '&') {
            static constexpr std::pair<std::string_view, char> kEntities[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&nbsp;", ' '}};
            bool decoded = false;
            for (const auto& [entity, ch] : kEntities) {
                if (html.substr(i, entity.size()) == entity) {
                    out += ch;
                    i += entity.size() - 1;
                    decoded = true;
                    break;
                }
            }
            if (decoded) continue;
        }
        out += c;
    }
    return out;
}

std::string json_of(const rapidjson::Value& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return std::string(buf.GetString(), buf.GetSize());
}

int run_command(cf_ctx*, cf_hook_call* call, void* user_data) {
    const Kernel& kernel = *static_cast<const Kernel*>(user_data);
    const cf_user* user = call->user;
    if (!user || user->role == CF_ROLE_BOT) return CF_OK;
    rapidjson::Document doc;
    if (!parse_json(doc, std::string_view(call->payload.ptr ? call->payload.ptr : "", call->payload.len))) return CF_OK;
    const rapidjson::Value* message = member(doc, "message");
    if (!message || !message->IsObject()) return CF_OK;
    if (const auto* type = member(*message, "content_type"); type && type->IsString() && std::string_view(type->GetString()) != "text")
        return CF_OK;
    std::string text;
    if (const auto* plain = member(*message, "plain_body"); plain && plain->IsString()) {
        text.assign(plain->GetString(), plain->GetStringLength());
    } else if (const auto* body = member(*message, "body"); body && body->IsString()) {
        text = text_of_html(std::string_view(body->GetString(), body->GetStringLength()));
    }
    auto parsed = parse_command_text(text);
    if (!parsed) return CF_OK;
    auto command = kernel.commands.find(parsed->name);
    if (!command || !command->run) return CF_OK;
    int64_t room_id = 0;
    if (const auto* room = member(doc, "room"); room && member(*room, "id") && member(*room, "id")->IsInt64())
        room_id = member(*room, "id")->GetInt64();
    else if (const auto* id = member(*message, "room_id"); id && id->IsInt64())
        room_id = id->GetInt64();
    Viewer viewer;
    viewer.user_id = user->id;
    viewer.role = user->role;
    if (room_id > 0) viewer.room_id = room_id;
    if (!kernel.allows(command->owner, viewer)) return CF_OK; // off for this person: plain text

    std::string message_json = json_of(*message);
    CommandOutcome outcome = command->run(CommandCall{parsed->name, parsed->args, room_id, user, message_json});
    call->veto_status = outcome.status;
    if (outcome.status >= 200 && outcome.status < 300) {
        Json j;
        j.obj([&] { j.key("command").str(command->name).key("handled").boolean(true); });
        call->veto_reason = std::string(j.text());
    } else {
        call->veto_reason = outcome.error.empty() ? "command failed" : outcome.error;
    }
    return CF_ERR_DENIED;
}

} // namespace

bool install_command_hook(Kernel& kernel, std::string* error) {
    return kernel.hooks.add(HookEntry{nullptr, "message.create", CF_PHASE_CHECK, run_command, &kernel, 0}, error);
}

} // namespace cf
