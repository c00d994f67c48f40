// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/secrets_decrypt_command.h"

#include <algorithm>

#include <CLI/CLI.hpp>

#include "retailpipe/app/secret_input.h"
#include "retailpipe/secrets/value_cipher.h"

namespace retailpipe::app {

std::string_view SecretsDecryptCommand::summary() const {
  return "Decrypt an enc:v1:... value read from standard input; print the plaintext";
}

void SecretsDecryptCommand::Configure(CLI::App& cli) {
  AddForOption(cli, config_key_);
  AddKeyFileOption(cli, key_file_);
  cli.footer(
      "Reads an enc:v1:... value from standard input and prints its plaintext and a line\n"
      "break. --for must name the config key the value was encrypted for:\n"
      "\n"
      "  echo 'enc:v1:...' | retailpipe secrets decrypt --for warehouse.uri\n"
      "\n"
      "It fails (exit code 2) with a wrong key, for another config key, or if the value was\n"
      "changed or cut short. The plaintext goes to your terminal: prefer `config show`, which\n"
      "shows that a value decrypts without showing it.\n\n" +
      std::string(kSecretKeyHelp));
}

Result<Outcome> SecretsDecryptCommand::Run(const Context& /*context*/) {
  RP_RETURN_IF_ERROR(CheckConfigKey(config_key_));
  RP_ASSIGN_OR_RETURN(secrets::SecretKey key, LoadSecretKey(key_file_));
  RP_ASSIGN_OR_RETURN(secrets::SecretBytes text, ReadSecretInput("enc:v1 value"));
  secrets::ValueCipher cipher(std::move(key));
  std::string_view trimmed = text.view();
  trimmed.remove_prefix(std::min(trimmed.find_first_not_of(" \t\r\n"), trimmed.size()));
  Result<secrets::SecretBytes> plaintext = cipher.Decrypt(trimmed, config_key_);
  if (!plaintext.ok()) return plaintext.error().WithContext("standard input");
  RP_RETURN_IF_ERROR(PrintLine(plaintext->view()));
  return Outcome::kOk;
}

}  // namespace retailpipe::app
