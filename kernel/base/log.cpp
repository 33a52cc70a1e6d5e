#include "kernel/base/log.h"

namespace cf {

void setup_logging(const std::string& level) {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    spdlog::set_level(spdlog::level::from_str(level));
    spdlog::flush_on(spdlog::level::warn);
}

} // namespace cf
