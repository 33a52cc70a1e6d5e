// Server configuration, read once from the environment (names as the product documents use).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cf {

struct Config {
    uint16_t port = 3000;
    uint16_t cable_port = 3001;         // PORT+1 unless CABLE_PORT
    std::string bind_address = "0.0.0.0";
    std::string database_path = "./storage/campfire.db";
    std::string secret_key_base;        // generated and persisted beside the database when unset
    bool disable_ssl = false;           // cookies lose `Secure` (plain-HTTP development)
    std::string plugins_path;           // folder of plugin .so files
    std::string log_level = "info";
    std::vector<std::string> allowed_origins; // extra origins (scheme://host[:port]) besides our own host
    int http_threads = 2;               // Pistache reactor threads
    int workers = 4;                    // handler threads (each with its own read connection)
    // WebSocket event loops. One measured best on 2 cores shared with a load generator; more
    // spread the per-socket send() cost over cores on a machine that has them to spare.
    int cable_threads = 1;
    // The largest request body (413 above it): room for a 10 MiB attachment or avatar and its form.
    size_t max_body_bytes = 10 * 1024 * 1024 + 64 * 1024;
};

// Reads and validates the environment. On bad input returns nullopt and one clear line in `error`.
std::optional<Config> load_config(std::string* error);

// SECRET_KEY_BASE when set, else the one persisted in `<database dir>/secret_key_base` (created 0600).
std::optional<std::string> ensure_secret(const Config& config, std::string* error);

} // namespace cf
