// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/secret_input.h"

#include <cerrno>
#include <cstdio>

#include <CLI/CLI.hpp>
#include <termios.h>
#include <unistd.h>

#include "retailpipe/config/key_table.h"
#include "retailpipe/config/loader.h"

namespace retailpipe::app {
namespace {

// Turns off the terminal's echo on `fd` for its lifetime. Does nothing if it cannot.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;
  ~EchoOff() {
    if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
  }

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

enum class ReadUntil { kEndOfInput, kLineBreak };

// Read stdin into `buffer` until the end of input, or through the first line break; return
// the number of bytes read. read(2), not stdio, so that no copy stays in a stdio buffer.
// Errors: kInvalidArgument if it does not fit, kIoError if stdin cannot be read.
Result<size_t> ReadInto(secrets::SecretBytes& buffer, ReadUntil until) {
  size_t used = 0;
  while (used < buffer.size()) {
    size_t want = until == ReadUntil::kLineBreak ? 1 : buffer.size() - used;
    ssize_t n = ::read(STDIN_FILENO, buffer.data() + used, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("cannot read standard input", errno);
    if (n == 0) return used;
    used += static_cast<size_t>(n);
    if (until == ReadUntil::kLineBreak && buffer.data()[used - 1] == '\n') return used;
  }
  return Status::InvalidArgument("the value on standard input is longer than " +
                                 std::to_string(kMaxSecretInputBytes) + " bytes");
}

}  // namespace

Result<secrets::SecretBytes> ReadSecretInput(std::string_view prompt) {
  bool terminal = ::isatty(STDIN_FILENO) == 1;
  // One byte more than allowed, to tell "exactly full" from "too long".
  secrets::SecretBytes input(kMaxSecretInputBytes + 1);
  size_t used = 0;
  if (terminal) {
    std::fprintf(stderr, "%.*s (input hidden, end with Enter): ", static_cast<int>(prompt.size()),
                 prompt.data());
    std::fflush(stderr);
    EchoOff echo_off(STDIN_FILENO);
    RP_ASSIGN_OR_RETURN(used, ReadInto(input, ReadUntil::kLineBreak));
    std::fputc('\n', stderr);
  } else {
    RP_ASSIGN_OR_RETURN(used, ReadInto(input, ReadUntil::kEndOfInput));
  }
  if (used > 0 && input.data()[used - 1] == '\n') --used;
  if (used > 0 && input.data()[used - 1] == '\r') --used;
  input.Truncate(used);
  if (input.empty()) {
    return Status::InvalidArgument(
        "standard input is empty; pipe the value in, e.g. printf %s \"$VALUE\" | retailpipe "
        "secrets ...");
  }
  return input;
}

void AddKeyFileOption(CLI::App& cli, std::string& path) {
  cli.add_option("--key-file", path,
                 "File with the secret key (default: $RP_SECRET_KEY_FILE, or $RP_SECRET_KEY)")
      ->type_name("PATH");
}

Result<secrets::SecretKey> LoadSecretKey(const std::string& key_file) {
  if (!key_file.empty()) return secrets::SecretKey::ReadFile(key_file);
  return secrets::SecretKey::FromEnvironment(config::ProcessEnvironment());
}

void AddForOption(CLI::App& cli, std::string& config_key) {
  cli.add_option("--for", config_key,
                 "The config key the value is for, e.g. warehouse.uri; it decrypts only there")
      ->type_name("KEY")
      ->required();
}

Status CheckConfigKey(std::string_view config_key) {
  if (config::FindKey(config_key) != nullptr) return Status::OK();
  std::string message = "--for: unknown config key '" + std::string(config_key) + "'";
  std::string_view suggestion = config::SuggestKey(config_key);
  if (!suggestion.empty()) message += "; did you mean '" + std::string(suggestion) + "'?";
  return Status::InvalidArgument(message + " (`retailpipe config show` lists every key)");
}

Status PrintLine(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    return ErrnoStatus("cannot write to standard output", errno);
  }
  return Status::OK();
}

}  // namespace retailpipe::app
