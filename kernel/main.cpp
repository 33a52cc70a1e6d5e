// Campfire C++: one binary, a small kernel, features as plugins.
#include "kernel/app/server.h"

int main() { return cf::run_server(); }
