// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::app {

class Command;
class CommandRegistry;
struct Context;

}  // namespace retailpipe::app
