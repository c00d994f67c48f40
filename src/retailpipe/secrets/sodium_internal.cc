// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/secrets/sodium_internal.h"

#include <sodium.h>

#include "retailpipe/base/check.h"

namespace retailpipe::secrets::internal {

void InitSodium() { RP_CHECK(sodium_init() >= 0); }

}  // namespace retailpipe::secrets::internal
