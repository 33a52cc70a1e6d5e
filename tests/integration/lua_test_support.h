// Shared steps of the Lua host's integration tests: a temporary scripts folder (a copy of the
// shipped scripts/, or files a test writes), waiting for a script's state, and waiting for a
// room message from a given author.
#pragma once

#include "tests/support/support.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace cf::test {

class ScriptsDir {
public:
    explicit ScriptsDir(bool shipped = false) {
        std::string pattern = (std::filesystem::temp_directory_path() / "cf-scripts-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
        if (shipped)
            for (const auto& e : std::filesystem::directory_iterator(std::string(CF_SOURCE_DIR) + "/scripts"))
                if (e.path().extension() == ".lua") std::filesystem::copy(e.path(), path_ / e.path().filename());
    }
    ~ScriptsDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScriptsDir(const ScriptsDir&) = delete;
    ScriptsDir& operator=(const ScriptsDir&) = delete;

    std::string path() const { return path_.string(); }
    // Writes through a temporary file and a rename, as editors do; bumps the time so a rewrite
    // within the file system's time granularity still counts as a change.
    void write(const std::string& name, const std::string& text) const {
        auto target = path_ / name;
        std::filesystem::create_directories(target.parent_path());
        auto tmp = target;
        tmp += ".tmp";
        std::ofstream(tmp) << text;
        std::error_code ec;
        auto before = std::filesystem::last_write_time(target, ec);
        std::filesystem::rename(tmp, target);
        if (!ec && std::filesystem::last_write_time(target) <= before)
            std::filesystem::last_write_time(target, before + std::chrono::seconds(1));
    }
    void remove(const std::string& name) const { std::filesystem::remove(path_ / name); }

private:
    std::filesystem::path path_;
};

// The script's JSON from GET /api/scripts ({} when not listed) once `ready` accepts it, or the
// last one seen after `timeout`.
template <class Ready>
rapidjson::Document wait_for_script(HttpClient& admin, const std::string& name, Ready ready,
                                    std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    rapidjson::Document found;
    while (true) {
        found.SetObject(); // stays empty when the script is not listed
        auto doc = admin.get("/api/scripts").json();
        if (doc.IsObject() && doc.HasMember("scripts"))
            for (auto& s : doc["scripts"].GetArray())
                if (s["name"].GetString() == name) found.CopyFrom(s, found.GetAllocator());
        if (ready(found) || std::chrono::steady_clock::now() > deadline) return found;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

// The next message.created on the socket whose author is `author` (other events are skipped).
inline std::optional<rapidjson::Document> wait_for_message_from(WsClient& ws, const std::string& author,
                                                                std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        auto ev = ws.wait_for("message.created", left);
        if (!ev) return std::nullopt;
        const auto& data = (*ev)["data"];
        const auto& message = data.HasMember("message") ? data["message"] : data;
        if (message["creator"]["name"].GetString() == author) {
            rapidjson::Document out;
            out.CopyFrom(message, out.GetAllocator());
            return out;
        }
    }
}

// A socket signed in as `who`, subscribed to `room`.
inline bool open_room_socket(WsClient& ws, const ServerProcess& server, const HttpClient& who, int64_t room) {
    if (!ws.connect(server.cable_port(), who.cookie_header(), "http://127.0.0.1:" + std::to_string(server.port())))
        return false;
    if (!ws.wait_for("welcome", std::chrono::seconds(3))) return false;
    ws.send_text(R"({"type":"subscribe","room_id":)" + std::to_string(room) + "}");
    return ws.wait_for("subscribed", std::chrono::seconds(3)).has_value();
}

inline std::string post_body(std::string_view text) {
    std::string escaped;
    for (char c : text) {
        if (c == '"' || c == '\\') escaped += '\\';
        if (c == '\n') {
            escaped += "\\n";
            continue;
        }
        escaped += c;
    }
    return R"({"message":{"body":")" + escaped + R"("}})";
}

} // namespace cf::test
