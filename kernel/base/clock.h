// Wall-clock helpers. Timestamps in the database and the API are ISO-8601 UTC with milliseconds.
#pragma once

#include <cstdint>
#include <string>

namespace cf {

int64_t now_ms();             // ms since the epoch
int64_t monotonic_us();       // for durations
std::string iso8601(int64_t ms); // "2026-11-23T06:30:53.123Z"

} // namespace cf
