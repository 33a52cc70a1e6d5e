// The real campfire binary as a child process: free ports, a fresh temporary data dir,
// its output in <dir>/server.log. Restartable on the same ports and data.
// The server gets SIGKILL when the thread that started it exits (PR_SET_PDEATHSIG), so a crashed
// test leaves nothing behind: start it from the thread that owns the object.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cf::test {

class ServerProcess {
public:
  // extra_env wins over the defaults (PORT, CABLE_PORT, DATABASE_PATH, PLUGINS_PATH, DISABLE_SSL, LOG_LEVEL,
  // SCRIPTS_PATH="" for no Lua scripts).
  explicit ServerProcess(std::vector<std::pair<std::string, std::string>> extra_env = {}, bool start_now = true);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts the binary and waits (15 s) until GET /up answers 200; throws with the log's tail otherwise.
  void start();
  void stop();   // SIGTERM, up to 15 s, then SIGKILL
  void kill9();  // SIGKILL now

  uint16_t port() const { return port_; }
  uint16_t cable_port() const { return cable_port_; }
  std::string data_dir() const { return dir_; }
  std::string db_path() const { return dir_ + "/campfire.db"; }
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  std::string log() const;
  // From the fork to the first 200 from GET /up, for the last start().
  std::chrono::nanoseconds startup_time() const { return startup_time_; }

  // The binary that start() runs: CF_SERVER_BINARY unless overridden (campfire-bench --binary).
  static void set_binary(std::string path);
  static const std::string& binary();

private:
  bool wait_exit(std::chrono::milliseconds timeout);
  [[noreturn]] void fail(const std::string& why);

  std::vector<std::pair<std::string, std::string>> extra_env_;
  std::string dir_;
  uint16_t port_ = 0;
  uint16_t cable_port_ = 0;
  pid_t pid_ = -1;
  std::chrono::nanoseconds startup_time_{0};
};

}  // namespace cf::test
