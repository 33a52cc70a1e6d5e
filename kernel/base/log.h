// Logging goes through spdlog; this sets it up once from the configured level.
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace cf {

void setup_logging(const std::string& level);

} // namespace cf
