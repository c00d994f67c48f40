// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/secrets/secret_bytes.h"
#include "retailpipe/secrets/secret_key.h"

namespace CLI {
class App;
}  // namespace CLI

namespace retailpipe::app {

/// The longest value the `secrets` commands read from standard input.
inline constexpr size_t kMaxSecretInputBytes = 64 * 1024;

/// Return what standard input holds, with one trailing line break ("\n" or "\r\n") removed.
/// Secrets are never taken from argv, where other users can read them. If standard input is
/// a terminal, `prompt` is shown on stderr and one line is read with echo off.
/// Errors: kInvalidArgument if the input is empty or longer than kMaxSecretInputBytes,
/// kIoError if it cannot be read.
Result<secrets::SecretBytes> ReadSecretInput(std::string_view prompt);

/// Add --key-file to `cli`, bound to `path`.
void AddKeyFileOption(CLI::App& cli, std::string& path);

/// Return the secret key: from `key_file` if it is not empty, else from the environment
/// (RP_SECRET_KEY_FILE or RP_SECRET_KEY). Errors: those of secrets::SecretKey.
Result<secrets::SecretKey> LoadSecretKey(const std::string& key_file);

/// Add the required --for option (the config key a value is encrypted for) to `cli`.
void AddForOption(CLI::App& cli, std::string& config_key);

/// Error (kInvalidArgument, with the closest known key) unless `config_key` is a config key.
Status CheckConfigKey(std::string_view config_key);

/// Write `text` and a line break to stdout. Errors: kIoError if stdout fails (a closed pipe, a
/// full disk).
Status PrintLine(std::string_view text);

/// The help text shared by the commands that use the secret key.
inline constexpr std::string_view kSecretKeyHelp =
    "The secret key comes from --key-file, else the file named by RP_SECRET_KEY_FILE, else\n"
    "RP_SECRET_KEY (the key in base64). Make one with `retailpipe secrets keygen --key-file\n"
    "PATH`; a key file must be private to its owner (chmod 600). The secrets commands do not\n"
    "read the configuration, so they work before it can be decrypted.";

}  // namespace retailpipe::app
