#pragma once
// Several fuzz targets share the fuzz_replay binary, and two definitions of
// LLVMFuzzerTestOneInput cannot link into one program. So a target registers itself instead:
//
//   static std::vector<std::string> my_seeds() { return {...}; }   // optional valid inputs
//   CF_FUZZ_TARGET(my_target, my_seeds) { /* uses data, size */ return 0; }
//
// replay_main.cpp runs every registered target over deterministic inputs. For a real libFuzzer
// build of one target, compile its file alone with -DCF_LIBFUZZER -fsanitize=fuzzer: the macro
// then also defines LLVMFuzzerTestOneInput. (A file that defines LLVMFuzzerTestOneInput directly
// still works with replay_main, as long as it is the only one.)
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cf::fuzz {

using TargetFn = int (*)(const uint8_t* data, size_t size);
using SeedsFn = std::vector<std::string> (*)();

struct Target {
  const char* name;
  TargetFn fn;
  SeedsFn seeds;  // may be null
};

inline std::vector<Target>& registry() {
  static std::vector<Target> targets;
  return targets;
}

struct Registrar {
  Registrar(const char* name, TargetFn fn, SeedsFn seeds) { registry().push_back({name, fn, seeds}); }
};

}  // namespace cf::fuzz

#ifdef CF_LIBFUZZER
#define CF_FUZZ_LIBFUZZER_ENTRY(name) \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return cf_fuzz_##name(data, size); }
#else
#define CF_FUZZ_LIBFUZZER_ENTRY(name)
#endif

#define CF_FUZZ_TARGET(name, seeds)                                                                  \
  static int cf_fuzz_##name(const uint8_t* data, size_t size);                                      \
  static const ::cf::fuzz::Registrar cf_fuzz_registrar_##name(#name, &cf_fuzz_##name, seeds);       \
  CF_FUZZ_LIBFUZZER_ENTRY(name)                                                                      \
  static int cf_fuzz_##name(const uint8_t* data, size_t size)
