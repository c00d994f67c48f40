// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/secrets_encrypt_command.h"

#include <CLI/CLI.hpp>

#include "retailpipe/app/secret_input.h"
#include "retailpipe/secrets/value_cipher.h"

namespace retailpipe::app {

std::string_view SecretsEncryptCommand::summary() const {
  return "Encrypt a config value read from standard input; print enc:v1:...";
}

void SecretsEncryptCommand::Configure(CLI::App& cli) {
  AddForOption(cli, config_key_);
  AddKeyFileOption(cli, key_file_);
  cli.footer(
      "Reads the value from standard input, never from the command line (where other users\n"
      "can see it in `ps`), drops one trailing line break, and prints it encrypted for the\n"
      "config key --for:\n"
      "\n"
      "  retailpipe secrets keygen --key-file ~/.config/retailpipe/secret.key\n"
      "  export RP_SECRET_KEY_FILE=~/.config/retailpipe/secret.key\n"
      "  printf %s \"$WAREHOUSE_URI\" | retailpipe secrets encrypt --for warehouse.uri\n"
      "\n"
      "Put the printed enc:v1:... text wherever that key is set: in retailpipe.yaml\n"
      "(warehouse: {uri: enc:v1:...}), in RP_WAREHOUSE_URI, or in --set warehouse.uri=...\n"
      "Every run prints a different text (a fresh random nonce). It decrypts only with the\n"
      "same secret key and only for the --for key; `config show` prints it as ***.\n"
      "XChaCha20-Poly1305 (libsodium): a changed or truncated value is refused.\n\n" +
      std::string(kSecretKeyHelp));
}

Result<Outcome> SecretsEncryptCommand::Run(const Context& /*context*/) {
  RP_RETURN_IF_ERROR(CheckConfigKey(config_key_));
  RP_ASSIGN_OR_RETURN(secrets::SecretKey key, LoadSecretKey(key_file_));
  RP_ASSIGN_OR_RETURN(secrets::SecretBytes plaintext, ReadSecretInput("value for " + config_key_));
  secrets::ValueCipher cipher(std::move(key));
  RP_RETURN_IF_ERROR(PrintLine(cipher.Encrypt(plaintext.view(), config_key_)));
  return Outcome::kOk;
}

}  // namespace retailpipe::app
