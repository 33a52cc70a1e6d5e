// sounds: Campfire's /play command (CAMPFIRE.md §5). A message whose whole plain text is
// `/play <name>`, for one of the 56 names, is stored with content_type "sound" (its body kept);
// anything else, unknown names included, stays text. The clients play `/sounds/<name>.mp3`.
//   GET /sounds         the list: name, text or image {url,width,height}, url of the audio
//   GET /sounds/:file   an embedded file (`<name>.mp3`, or `<name>.svg` for image entries), cached
//                       for a year (immutable) with a strong ETag; anything else is 404
// Disabled, the routes answer 404 and /play messages stay text.
// Hooks: message.create and message.update TRANSFORM (an edit can make a message a sound or stop
// being one; only "text" and "sound" are ever switched).
#include "assets.hpp"
#include "catalog.hpp"
#include "play_command.hpp"

#include <campfire/plugin.hpp>

#include <string>

namespace {

using rapidjson::Value;

// ---- the /play command ----

// The message's plain text: `plain_body` when the payload has it, else the body without tags.
std::string plain_text(const Value& message) {
    auto plain = message.FindMember("plain_body");
    if (plain != message.MemberEnd() && plain->value.IsString())
        return std::string(plain->value.GetString(), plain->value.GetStringLength());
    auto body = message.FindMember("body");
    if (body == message.MemberEnd() || !body->value.IsString()) return {};
    return sounds::strip_tags({body->value.GetString(), body->value.GetStringLength()});
}

int mark_sound(cf::HookCall& call) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, call.payload()) || !doc.IsObject()) return CF_OK;
    auto message = doc.FindMember("message");
    if (message == doc.MemberEnd() || !message->value.IsObject()) return CF_OK;
    Value& m = message->value;
    auto type = m.FindMember("content_type");
    std::string_view current = type != m.MemberEnd() && type->value.IsString()
                                   ? std::string_view(type->value.GetString(), type->value.GetStringLength())
                                   : std::string_view("text");
    if (current != "text" && current != "sound") return CF_OK; // attachments and others are not ours
    const char* wanted = sounds::played_sound(plain_text(m)) ? "sound" : "text";
    if (current == wanted) return CF_OK;
    m.RemoveMember("content_type");
    m.AddMember("content_type", Value(rapidjson::StringRef(wanted)), doc.GetAllocator());
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> w(out);
    doc.Accept(w);
    return call.set_payload({out.GetString(), out.GetSize()});
}

// ---- routes ----

const sounds::Asset* find_asset(std::string_view file) {
    for (const auto& a : sounds::assets())
        if (a.file == file) return &a;
    return nullptr;
}

std::string audio_file(std::string_view name) { return std::string(name) + ".mp3"; }
std::string image_file(std::string_view name) { return std::string(name) + ".svg"; }

void list(cf::Request&, cf::Reply reply) {
    cf::Json j;
    j.obj([&] {
        j.key("sounds").arr([&] {
            for (const auto& s : sounds::catalog()) {
                j.obj([&] {
                    j.key("name").str(s.name);
                    if (s.image()) {
                        j.key("image").obj([&] {
                            j.key("url").str("/sounds/" + image_file(s.name));
                            j.key("width").num(s.width).key("height").num(s.height);
                        });
                    } else {
                        j.key("text").str(s.text);
                    }
                    j.key("url").str("/sounds/" + audio_file(s.name));
                });
            }
        });
    });
    reply.json(200, j);
}

// Only files the catalog names are served (a stray asset is not), matched whole: no path is ever
// built from the request.
const sounds::Asset* served(std::string_view file) {
    auto dot = file.rfind('.');
    if (dot == std::string_view::npos) return nullptr;
    const sounds::Sound* s = sounds::find_sound(file.substr(0, dot));
    std::string_view ext = file.substr(dot + 1);
    if (!s || !(ext == "mp3" || (ext == "svg" && s->image()))) return nullptr;
    return find_asset(file);
}

bool matches_etag(std::string_view if_none_match, std::string_view etag) {
    return if_none_match.find(etag) != std::string_view::npos || if_none_match == "*";
}

void file(cf::Request& req, cf::Reply reply) {
    std::string_view name = req.param("file");
    const sounds::Asset* asset = served(name);
    if (!asset) return reply.error(404, "sound not found");
    bool svg = name.ends_with(".svg");
    reply.header("Cache-Control", "public, max-age=31536000, immutable").header("ETag", asset->etag);
    // Our own drawings, but an SVG is a document: it may never run script or load anything.
    if (svg) reply.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    if (matches_etag(req.header("if-none-match"), asset->etag)) return reply.send(304, "", {});
    reply.send(200, svg ? "image/svg+xml" : "audio/mpeg", asset->bytes);
}

// Every catalog entry must have its files: a missing one is a build mistake, refuse to load.
int check_assets(cf_ctx* ctx) {
    for (const auto& s : sounds::catalog()) {
        if (!find_asset(audio_file(s.name)) || (s.image() && !find_asset(image_file(s.name)))) {
            cf::log(ctx, CF_LOG_ERROR, "sounds: no embedded file for " + std::string(s.name));
            return CF_ERR;
        }
    }
    return CF_OK;
}

int init(cf_ctx* ctx) {
    if (int rc = check_assets(ctx); rc != CF_OK) return rc;
    if (int rc = cf::hook(ctx, "message.create", CF_PHASE_TRANSFORM, mark_sound); rc != CF_OK) return rc;
    if (int rc = cf::hook(ctx, "message.update", CF_PHASE_TRANSFORM, mark_sound); rc != CF_OK) return rc;
    if (int rc = cf::route(ctx, "GET", "/sounds", CF_AUTH_USER, list); rc != CF_OK) return rc;
    return cf::route(ctx, "GET", "/sounds/:file", CF_AUTH_NONE, file);
}

void unload(cf_ctx*) { cf::registry().clear(); }

} // namespace

CF_PLUGIN("sounds", "1.0.0", "Sounds: the /play command and its 56 sounds", init, unload, nullptr)
