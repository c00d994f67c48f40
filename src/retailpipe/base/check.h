// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::internal {
/// Print "check failed" with the location and abort. Never returns.
[[noreturn]] void CheckFailed(const char* expr, const char* file, int line);
}  // namespace retailpipe::internal

/// Abort if `cond` is false. For bugs only: never for conditions user input can cause.
#define RP_CHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::retailpipe::internal::CheckFailed(#cond, __FILE__, __LINE__))

#ifdef NDEBUG
#define RP_DCHECK(cond) static_cast<void>(0)
#else
#define RP_DCHECK(cond) RP_CHECK(cond)
#endif
