// OpenSSL's libcrypto for Swift (Debian: libssl-dev). ConcordIO uses its EVP digest API for
// SHA-256 only; the low-level SHA256_* functions are deprecated in OpenSSL 3.
#ifndef CONCORD_LIBCRYPTO_SHIM_H
#define CONCORD_LIBCRYPTO_SHIM_H

#include <openssl/evp.h>

#endif
