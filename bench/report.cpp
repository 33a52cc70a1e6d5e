#include "bench/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cf::bench {

void print_figure(std::string_view scenario, std::string_view name, double value, std::string_view unit, int decimals) {
  std::printf("%.*s.%.*s: %.*f %.*s\n", static_cast<int>(scenario.size()), scenario.data(), static_cast<int>(name.size()),
              name.data(), decimals, value, static_cast<int>(unit.size()), unit.data());
  std::fflush(stdout);
}

void print_note(std::string_view scenario, std::string_view text) {
  std::printf("%.*s.note: %.*s\n", static_cast<int>(scenario.size()), scenario.data(), static_cast<int>(text.size()),
              text.data());
  std::fflush(stdout);
}

double percentile(std::vector<double>& samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(samples.size())));
  return samples[std::clamp<size_t>(rank, 1, samples.size()) - 1];
}

}  // namespace cf::bench
