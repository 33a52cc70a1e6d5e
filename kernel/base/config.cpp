#include "kernel/base/config.h"

#include "kernel/base/crypto.h"
#include "kernel/base/strings.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

namespace cf {

namespace {

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v) return std::nullopt;
    return std::string(v);
}

bool parse_port(const std::string& name, const std::string& value, uint16_t* out, std::string* error) {
    auto n = parse_int(value);
    if (!n || *n < 1 || *n > 65535) {
        *error = name + " must be a port number from 1 to 65535, got \"" + value + "\"";
        return false;
    }
    *out = static_cast<uint16_t>(*n);
    return true;
}

bool parse_bool(const std::string& name, const std::string& value, bool* out, std::string* error) {
    std::string v = to_lower(value);
    if (v == "1" || v == "true" || v == "yes" || v == "on") { *out = true; return true; }
    if (v == "0" || v == "false" || v == "no" || v == "off" || v.empty()) { *out = false; return true; }
    *error = name + " must be true or false, got \"" + value + "\"";
    return false;
}

bool parse_count(const std::string& name, const std::string& value, int lo, int hi, int* out, std::string* error) {
    auto n = parse_int(value);
    if (!n || *n < lo || *n > hi) {
        *error = name + " must be a number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got \"" + value + "\"";
        return false;
    }
    *out = static_cast<int>(*n);
    return true;
}

} // namespace

std::optional<Config> load_config(std::string* error) {
    Config c;
    if (auto v = env("PORT"); v && !parse_port("PORT", *v, &c.port, error)) return std::nullopt;
    if (c.port == 65535 && !env("CABLE_PORT")) {
        *error = "CABLE_PORT must be set when PORT is 65535";
        return std::nullopt;
    }
    c.cable_port = static_cast<uint16_t>(c.port + 1);
    if (auto v = env("CABLE_PORT"); v && !parse_port("CABLE_PORT", *v, &c.cable_port, error)) return std::nullopt;
    if (c.cable_port == c.port) {
        *error = "CABLE_PORT must differ from PORT (" + std::to_string(c.port) + ")";
        return std::nullopt;
    }
    if (auto v = env("BIND_ADDRESS")) c.bind_address = *v;
    if (auto v = env("DATABASE_PATH")) {
        if (v->empty()) { *error = "DATABASE_PATH must not be empty"; return std::nullopt; }
        c.database_path = *v;
    }
    if (auto v = env("SECRET_KEY_BASE")) {
        if (v->size() < 32) { *error = "SECRET_KEY_BASE must be at least 32 characters"; return std::nullopt; }
        c.secret_key_base = *v;
    }
    if (auto v = env("DISABLE_SSL"); v && !parse_bool("DISABLE_SSL", *v, &c.disable_ssl, error)) return std::nullopt;
    if (auto v = env("PLUGINS_PATH")) c.plugins_path = *v;
    if (auto v = env("LOG_LEVEL")) {
        std::string level = to_lower(*v);
        if (level != "debug" && level != "info" && level != "warn" && level != "error" && level != "off") {
            *error = "LOG_LEVEL must be one of debug, info, warn, error, off; got \"" + *v + "\"";
            return std::nullopt;
        }
        c.log_level = level;
    }
    if (auto v = env("ALLOWED_ORIGINS")) {
        for (auto part : split(*v, ',')) {
            auto o = trim(part);
            if (o.empty()) continue;
            if (o.rfind("http://", 0) != 0 && o.rfind("https://", 0) != 0) {
                *error = "ALLOWED_ORIGINS entries must start with http:// or https://, got \"" + std::string(o) + "\"";
                return std::nullopt;
            }
            c.allowed_origins.emplace_back(o);
        }
    }
    if (auto v = env("HTTP_THREADS"); v && !parse_count("HTTP_THREADS", *v, 1, 64, &c.http_threads, error)) return std::nullopt;
    if (auto v = env("WORKERS"); v && !parse_count("WORKERS", *v, 1, 256, &c.workers, error)) return std::nullopt;
    if (auto v = env("CABLE_THREADS"); v && !parse_count("CABLE_THREADS", *v, 1, 64, &c.cable_threads, error))
        return std::nullopt;
    if (auto v = env("MAX_BODY_BYTES")) {
        int n = 0;  // 64 KiB (a JSON post) to 1 GiB
        if (!parse_count("MAX_BODY_BYTES", *v, 64 * 1024, 1 << 30, &n, error)) return std::nullopt;
        c.max_body_bytes = static_cast<size_t>(n);
    }
    return c;
}

std::optional<std::string> ensure_secret(const Config& config, std::string* error) {
    if (!config.secret_key_base.empty()) return config.secret_key_base;
    namespace fs = std::filesystem;
    fs::path dir = fs::path(config.database_path).parent_path();
    if (dir.empty()) dir = ".";
    fs::path file = dir / "secret_key_base";
    std::ifstream in(file);
    std::string secret;
    if (in && std::getline(in, secret) && secret.size() >= 32) return secret;
    secret = random_hex(64);
    fs::path tmp = file;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) { *error = "cannot write " + tmp.string(); return std::nullopt; }
        ::chmod(tmp.c_str(), 0600);
        out << secret << "\n";
        if (!out.flush()) { *error = "cannot write " + tmp.string(); return std::nullopt; }
    }
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) { *error = "cannot create " + file.string() + ": " + ec.message(); return std::nullopt; }
    return secret;
}

} // namespace cf
