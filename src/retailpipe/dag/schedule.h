// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "retailpipe/base/status.h"

namespace retailpipe::dag {

/// Check a DAG's schedule: "" (runs are started by hand or by a command only), a preset
/// (@once, @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually) or a five-field
/// cron expression "minute hour day-of-month month day-of-week" where each field is `*` or a
/// comma list of N, N-M, */S, N/S or N-M/S, months may be JAN..DEC and weekdays SUN..SAT
/// (0 or 7 is Sunday).
/// Nothing runs on a schedule yet; the check keeps configs valid for the scheduler to come.
/// Errors: kInvalidArgument naming the field and the allowed range.
Status ValidateSchedule(std::string_view schedule);

}  // namespace retailpipe::dag
