// Owning pointers for OpenSSL objects: OpenSslPtr<EVP_PKEY, EVP_PKEY_free> frees with the right
// function when it goes out of scope.
#pragma once

#include <memory>

namespace push {

template <auto Free> struct OpenSslFree {
    template <class T> void operator()(T* p) const { Free(p); }
};

template <class T, auto Free> using OpenSslPtr = std::unique_ptr<T, OpenSslFree<Free>>;

} // namespace push
