#include "tests/support/server_process.h"

#include "tests/support/http_client.h"
#include "tests/support/socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

extern char** environ;

namespace cf::test {

namespace {

std::string& binary_path() {
  static std::string path = CF_SERVER_BINARY;
  return path;
}

// Two distinct ports the kernel considers free right now (both held open while choosing).
std::pair<uint16_t, uint16_t> pick_ports() {
  UniqueFd a(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  UniqueFd b(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  auto bind_any = [](int fd) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      throw std::runtime_error("cannot pick a free port");
    return ntohs(addr.sin_port);
  };
  return {bind_any(a.get()), bind_any(b.get())};
}

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "campfire-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace

void ServerProcess::set_binary(std::string path) { binary_path() = std::move(path); }
const std::string& ServerProcess::binary() { return binary_path(); }

ServerProcess::ServerProcess(std::vector<std::pair<std::string, std::string>> extra_env, bool start_now)
    : extra_env_(std::move(extra_env)), dir_(make_temp_dir()) {
  std::tie(port_, cable_port_) = pick_ports();
  if (!start_now) return;
  for (int attempt = 1;; ++attempt) {
    try {
      start();
      return;
    } catch (const std::runtime_error& e) {
      // The ports were free when picked, but a test running beside this one may bind them before
      // the server does (seen under ctest -j2): pick again, a few times.
      if (attempt < 5 && std::string_view(e.what()).find("Address already in use") != std::string_view::npos) {
        std::tie(port_, cable_port_) = pick_ports();
        continue;
      }
      std::filesystem::remove_all(dir_);
      throw;
    } catch (...) {
      std::filesystem::remove_all(dir_);
      throw;
    }
  }
}

ServerProcess::~ServerProcess() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void ServerProcess::start() {
  if (running()) return;
  // Everything the child needs is built before fork(): after it, only async-signal-safe calls.
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    size_t eq = entry.find('=');
    if (eq != std::string_view::npos) env[std::string(entry.substr(0, eq))] = std::string(entry.substr(eq + 1));
  }
  env["PORT"] = std::to_string(port_);
  env["CABLE_PORT"] = std::to_string(cable_port_);
  env["DATABASE_PATH"] = db_path();
  env["PLUGINS_PATH"] = CF_PLUGIN_DIR;
  env["DISABLE_SSL"] = "true";
  env["LOG_LEVEL"] = "warn";
  env["SCRIPTS_PATH"] = "";  // no Lua scripts unless a test brings its own
  for (const auto& [key, value] : extra_env_) env[key] = value;
  std::vector<std::string> env_strings;
  for (const auto& [key, value] : env) env_strings.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string exe = binary();
  std::vector<char*> argv{exe.data(), nullptr};

  UniqueFd log_fd(::open((dir_ + "/server.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (!log_fd.valid()) throw std::runtime_error("cannot open " + dir_ + "/server.log");
  pid_t parent = ::getpid();
  auto started = Clock::now();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(log_fd.get(), STDOUT_FILENO);
    ::dup2(log_fd.get(), STDERR_FILENO);
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    // A crashed test must not leave servers behind.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);
    if (::chdir(dir_.c_str()) != 0) ::_exit(126);
    ::execve(exe.c_str(), argv.data(), envp.data());
    const char msg[] = "campfire-test: execve of the server binary failed\n";
    ssize_t ignored = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    ::_exit(127);
  }
  pid_ = pid;

  HttpClient probe(port_);
  probe.set_timeout(std::chrono::seconds(1));
  Deadline deadline = started + std::chrono::seconds(15);
  while (Clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::ostringstream why;
      if (WIFEXITED(status)) why << "the server exited with status " << WEXITSTATUS(status);
      else why << "the server died from signal " << WTERMSIG(status);
      fail(why.str() + " before GET /up answered 200 (" + exe + ")");
    }
    if (probe.get("/up").status == 200) {
      startup_time_ = Clock::now() - started;
      return;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  fail("GET /up did not answer 200 within 15 s (" + exe + ")");
}

void ServerProcess::fail(const std::string& why) {
  kill9();
  std::string text = log();
  if (text.size() > 4000) text = "..." + text.substr(text.size() - 4000);
  throw std::runtime_error(why + "\n--- server.log (tail) ---\n" + text);
}

bool ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  Deadline deadline = Clock::now() + timeout;
  for (;;) {
    pid_t r = ::waitpid(pid_, nullptr, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
      pid_ = -1;
      return true;
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void ServerProcess::stop() {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  if (!wait_exit(std::chrono::seconds(15))) kill9();
}

void ServerProcess::kill9() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string ServerProcess::log() const {
  std::ifstream in(dir_ + "/server.log", std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace cf::test
