// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/base/log.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace retailpipe::log {
namespace {

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v";

// The one mutable global of the logging module (style.md §6): the shared sink list.
struct Sinks {
  std::mutex mu;
  std::vector<spdlog::sink_ptr> sinks;
  spdlog::level::level_enum level = spdlog::level::info;
};

Sinks& State() {
  static Sinks* state = [] {
    auto* s = new Sinks();  // leaked on purpose: loggers may log during static destruction
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_pattern(kPattern);
    s->sinks.push_back(console);
    return s;
  }();
  return *state;
}

}  // namespace

Status Configure(const LogOptions& options) {
  auto level = spdlog::level::from_str(options.level);
  if (level == spdlog::level::off && options.level != "off") {
    return Status::InvalidArgument("unknown log level '" + options.level +
                                   "' (use trace, debug, info, warn, error or off)");
  }
  std::vector<spdlog::sink_ptr> sinks;
  if (options.console) {
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_pattern(kPattern);
    sinks.push_back(std::move(console));
  }
  if (!options.file.empty()) {
    std::error_code ec;
    auto parent = std::filesystem::path(options.file).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    try {
      auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file, false);
      file->set_pattern("%Y-%m-%d %H:%M:%S.%e %-5l [%n] %v");
      sinks.push_back(std::move(file));
    } catch (const spdlog::spdlog_ex& e) {
      return Status::IoError("cannot open log file " + options.file + ": " + e.what());
    }
  }
  Sinks& state = State();
  std::lock_guard lock(state.mu);
  state.sinks = sinks;
  state.level = level;
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& logger) {
    logger->sinks() = state.sinks;
    logger->set_level(level);
  });
  return Status::OK();
}

spdlog::logger& Get(std::string_view name) {
  std::string key(name);
  if (auto existing = spdlog::get(key)) return *existing;
  Sinks& state = State();
  std::lock_guard lock(state.mu);
  if (auto existing = spdlog::get(key)) return *existing;
  auto logger = std::make_shared<spdlog::logger>(key, state.sinks.begin(), state.sinks.end());
  logger->set_level(state.level);
  logger->flush_on(spdlog::level::warn);
  spdlog::register_logger(logger);
  return *logger;
}

}  // namespace retailpipe::log
