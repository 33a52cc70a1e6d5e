#include "state.hpp"

namespace push {

State& state() {
    static State s;
    return s;
}

} // namespace push
