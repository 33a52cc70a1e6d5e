// LeakSanitizer's built-in suppressions for this test binary (read only in sanitizer builds):
// fontconfig, loaded by librsvg when the tests draw SVGs with text, keeps its caches until exit.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
