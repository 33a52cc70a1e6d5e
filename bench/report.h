// How figures are printed: one `scenario.name: value unit` line each, blocks separated by a blank line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cf::bench {

void print_figure(std::string_view scenario, std::string_view name, double value, std::string_view unit, int decimals = 2);
void print_note(std::string_view scenario, std::string_view text);  // a "scenario.note: ..." line

// The q-th quantile (0..1) by nearest rank; sorts the samples. 0 when there are none.
double percentile(std::vector<double>& samples, double q);

}  // namespace cf::bench
