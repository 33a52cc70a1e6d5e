// Runs every fuzz target in this binary over deterministic inputs (fixed seed): random bytes and
// mutations of each target's valid seeds. Exits 0 when nothing crashed (sanitizers and the
// targets' own invariant checks abort on failure). Usage: fuzz_replay [iterations per target].
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_registry.h"

// A target written the libFuzzer way (no registry) is picked up too.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) __attribute__((weak));

namespace {

using Rng = std::mt19937_64;
constexpr size_t kMaxInput = 64 * 1024;

std::string random_bytes(Rng& rng) {
  // Mostly short inputs, sometimes long ones.
  const size_t len = rng() % 8 == 0 ? rng() % 16384 : rng() % 256;
  std::string s(len, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

std::string mutate(std::string s, const std::vector<std::string>& seeds, Rng& rng) {
  static const unsigned char interesting[] = {0x00, 0x01, 0x7E, 0x7F, 0x80, 0x81, 0x88, 0x89, 0x8A, 0xFF, '\r', '\n', ':', ' '};
  const int ops = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < ops; ++k) {
    const size_t at = s.empty() ? 0 : rng() % s.size();
    switch (rng() % 8) {
      case 0:  // flip a bit
        if (!s.empty()) s[at] = static_cast<char>(s[at] ^ (1u << (rng() % 8)));
        break;
      case 1:  // random byte
        if (!s.empty()) s[at] = static_cast<char>(rng());
        break;
      case 2:  // interesting byte
        if (!s.empty()) s[at] = static_cast<char>(interesting[rng() % sizeof interesting]);
        break;
      case 3:  // insert random bytes
        s.insert(at, random_bytes(rng).substr(0, 1 + rng() % 16));
        break;
      case 4:  // delete a range
        if (!s.empty()) s.erase(at, 1 + rng() % 32);
        break;
      case 5:  // duplicate a range
        if (!s.empty()) s.insert(rng() % (s.size() + 1), s.substr(at, 1 + rng() % 64));
        break;
      case 6:  // truncate
        s.resize(s.empty() ? 0 : rng() % (s.size() + 1));
        break;
      case 7:  // splice with another seed
        if (!seeds.empty()) {
          const std::string& other = seeds[rng() % seeds.size()];
          s = s.substr(0, at) + other.substr(other.empty() ? 0 : rng() % other.size());
        }
        break;
    }
  }
  if (s.size() > kMaxInput) s.resize(kMaxInput);
  return s;
}

void run(const char* name, cf::fuzz::TargetFn fn, const std::vector<std::string>& seeds, size_t iterations,
         uint64_t seed) {
  const auto start = std::chrono::steady_clock::now();
  Rng rng(seed);
  for (const auto& s : seeds) {
    std::vector<uint8_t> buf(s.begin(), s.end());  // exact-size heap copy: ASan sees over-reads
    fn(buf.data(), buf.size());
  }
  for (size_t i = 0; i < iterations; ++i) {
    const bool from_seed = !seeds.empty() && rng() % 4 != 0;
    const std::string input = from_seed ? mutate(seeds[rng() % seeds.size()], seeds, rng) : random_bytes(rng);
    std::vector<uint8_t> buf(input.begin(), input.end());
    fn(buf.data(), buf.size());
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::printf("fuzz_replay: %-20s %zu inputs, %lld ms, ok\n", name, iterations + seeds.size(),
              static_cast<long long>(ms.count()));
}

}  // namespace

int main(int argc, char** argv) {
  const size_t iterations = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
  const auto& targets = cf::fuzz::registry();
  uint64_t seed = 0xC0FFEE;
  for (const auto& t : targets) run(t.name, t.fn, t.seeds ? t.seeds() : std::vector<std::string>{}, iterations, seed++);
  if (LLVMFuzzerTestOneInput) run("LLVMFuzzerTestOneInput", LLVMFuzzerTestOneInput, {}, iterations, seed++);
  if (targets.empty() && !LLVMFuzzerTestOneInput) {
    std::fprintf(stderr, "fuzz_replay: no fuzz targets linked\n");
    return 1;
  }
  return 0;
}
