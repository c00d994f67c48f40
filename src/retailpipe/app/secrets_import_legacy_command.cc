// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/secrets_import_legacy_command.h"

#include <CLI/CLI.hpp>

#include "retailpipe/app/secret_input.h"
#include "retailpipe/secrets/legacy_cipher.h"
#include "retailpipe/secrets/value_cipher.h"

namespace retailpipe::app {
namespace {

Status CheckGiven(const std::string& value, std::string_view option, std::string_view variable) {
  if (!value.empty()) return Status::OK();
  return Status::InvalidArgument(
      std::string(option) + " (or " + std::string(variable) + ") is required: the seed's " +
      std::string(option.substr(option.rfind('-') + 1)) + " from resources/dev/config.py");
}

}  // namespace

std::string_view SecretsImportLegacyCommand::summary() const {
  return "Re-encrypt a value from the seeds' encrypt_decrypt.py as enc:v1:...";
}

void SecretsImportLegacyCommand::Configure(CLI::App& cli) {
  AddForOption(cli, config_key_);
  AddKeyFileOption(cli, key_file_);
  cli.add_option("--legacy-key", legacy_key_, "The seed's config.key (PBKDF2 password)")
      ->type_name("TEXT")
      ->envname("RP_LEGACY_KEY");
  cli.add_option("--legacy-iv", legacy_iv_, "The seed's config.iv (16 characters)")
      ->type_name("TEXT")
      ->envname("RP_LEGACY_IV");
  cli.add_option("--legacy-salt", legacy_salt_, "The seed's config.salt")
      ->type_name("TEXT")
      ->envname("RP_LEGACY_SALT");
  cli.footer(
      "Seeds 002/003 kept credentials such as aws_access_key in resources/dev/config.py as\n"
      "base64 AES-256-CBC text written by encrypt_decrypt.py: PBKDF2-HMAC-SHA1 (1000\n"
      "iterations) of config.key and config.salt, a fixed IV config.iv, no integrity check.\n"
      "This reads one such value from standard input, decrypts it with the key, IV and salt\n"
      "copied from that config.py, and prints it encrypted for --for with the secret key:\n"
      "\n"
      "  export RP_LEGACY_KEY=... RP_LEGACY_IV=... RP_LEGACY_SALT=...   # from config.py\n"
      "  echo '<aws_secret_key value from config.py>' |\n"
      "    retailpipe secrets import-legacy --for warehouse.uri\n"
      "\n"
      "The environment variables keep the legacy key out of `ps`; the options work too. A\n"
      "wrong key, IV or salt is usually reported as bad padding or non-UTF-8 text; the old\n"
      "scheme cannot always tell (it has no integrity check), so check the imported value,\n"
      "e.g. with `retailpipe config show` or `retailpipe secrets decrypt`.\n\n" +
      std::string(kSecretKeyHelp));
}

Result<Outcome> SecretsImportLegacyCommand::Run(const Context& /*context*/) {
  RP_RETURN_IF_ERROR(CheckConfigKey(config_key_));
  RP_RETURN_IF_ERROR(CheckGiven(legacy_key_, "--legacy-key", "RP_LEGACY_KEY"));
  RP_RETURN_IF_ERROR(CheckGiven(legacy_iv_, "--legacy-iv", "RP_LEGACY_IV"));
  RP_RETURN_IF_ERROR(CheckGiven(legacy_salt_, "--legacy-salt", "RP_LEGACY_SALT"));
  RP_ASSIGN_OR_RETURN(secrets::SecretKey key, LoadSecretKey(key_file_));
  RP_ASSIGN_OR_RETURN(secrets::SecretBytes legacy_text, ReadSecretInput("legacy value"));
  RP_ASSIGN_OR_RETURN(
      secrets::SecretBytes plaintext,
      secrets::DecryptLegacy(legacy_text.view(), {legacy_key_, legacy_iv_, legacy_salt_}));
  secrets::ValueCipher cipher(std::move(key));
  RP_RETURN_IF_ERROR(PrintLine(cipher.Encrypt(plaintext.view(), config_key_)));
  return Outcome::kOk;
}

}  // namespace retailpipe::app
