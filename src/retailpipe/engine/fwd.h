// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::engine {

class Appender;
class Connection;
class Database;

}  // namespace retailpipe::engine
