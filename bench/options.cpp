#include "bench/options.h"

#include <charconv>
#include <stdexcept>
#include <string_view>

namespace cf::bench {

namespace {

template <typename T>
T number(std::string_view name, std::string_view text) {
  T value{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || p != text.data() + text.size() || value <= 0)
    throw std::invalid_argument("--" + std::string(name) + " wants a positive number, not \"" + std::string(text) + "\"");
  return value;
}

std::vector<int> number_list(std::string_view name, std::string_view text) {
  std::vector<int> out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    out.push_back(number<int>(name, text.substr(0, comma)));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

}  // namespace

const char* usage() {
  return "usage: campfire-bench <startup|posts|fanout|idle|all> [options]\n"
         "  --binary PATH        the campfire server to run (default: the one built with this tool)\n"
         "  --runs N             startup: repetitions (5)\n"
         "  --posters N          posts: concurrent keep-alive connections (64)\n"
         "  --seconds S          posts: run time; fanout: posting burst length (5)\n"
         "  --subscribers N[,M]  fanout: subscribers per run (100,1000)\n"
         "  --rate R             fanout: messages per second (1500)\n"
         "  --fanout-posters N   fanout: connections sharing that rate (8)\n"
         "  --receivers N        fanout: epoll threads reading subscribers (2)\n"
         "  --sockets N          idle: WebSocket connections (10000)\n";
}

Options parse_options(int argc, char** argv) {
  Options o;
  if (argc < 2) throw std::invalid_argument("no scenario given");
  o.scenario = argv[1];
  if (o.scenario != "startup" && o.scenario != "posts" && o.scenario != "fanout" && o.scenario != "idle" &&
      o.scenario != "all")
    throw std::invalid_argument("unknown scenario \"" + o.scenario + "\"");
  for (int i = 2; i < argc; i += 2) {
    std::string_view flag = argv[i];
    if (!flag.starts_with("--") || i + 1 >= argc) throw std::invalid_argument("expected --name value at \"" + std::string(flag) + "\"");
    std::string_view name = flag.substr(2), value = argv[i + 1];
    if (name == "binary") o.binary = value;
    else if (name == "runs") o.startup_runs = number<int>(name, value);
    else if (name == "posters") o.posters = number<int>(name, value);
    else if (name == "seconds") o.seconds = number<double>(name, value);
    else if (name == "subscribers") o.subscribers = number_list(name, value);
    else if (name == "rate") o.rate = number<double>(name, value);
    else if (name == "fanout-posters") o.fanout_posters = number<int>(name, value);
    else if (name == "receivers") o.receivers = number<int>(name, value);
    else if (name == "sockets") o.sockets = number<int>(name, value);
    else throw std::invalid_argument("unknown option --" + std::string(name));
  }
  return o;
}

}  // namespace cf::bench
