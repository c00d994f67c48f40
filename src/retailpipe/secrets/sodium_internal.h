// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::secrets::internal {

/// Initialise libsodium (idempotent, thread-safe). Aborts if the library cannot start, which
/// only happens without a usable random source.
void InitSodium();

}  // namespace retailpipe::secrets::internal
