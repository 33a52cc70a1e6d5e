// Command-line options of campfire-bench: `campfire-bench <scenario|all> [--name value ...]`.
#pragma once

#include <string>
#include <vector>

namespace cf::bench {

struct Options {
  std::string scenario;  // startup, posts, fanout, idle, all
  std::string binary;    // the server to run; empty = the one this tool was built with
  int startup_runs = 5;
  int posters = 64;      // posts: concurrent connections
  double seconds = 5;    // posts: run time; fanout: length of the posting burst
  std::vector<int> subscribers{100, 1000};  // fanout: one run per value
  double rate = 1500;    // fanout: messages per second offered
  int fanout_posters = 8;  // fanout: connections that share the steady posting rate
  int receivers = 2;     // fanout: epoll threads reading the subscribers
  int sockets = 10000;   // idle
};

// Throws std::invalid_argument with a usage message on bad input.
Options parse_options(int argc, char** argv);
const char* usage();

}  // namespace cf::bench
