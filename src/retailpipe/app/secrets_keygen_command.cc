// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/secrets_keygen_command.h"

#include <filesystem>

#include <CLI/CLI.hpp>

#include "retailpipe/app/secret_input.h"
#include "retailpipe/secrets/secret_key.h"

namespace retailpipe::app {

std::string_view SecretsKeygenCommand::summary() const {
  return "Write a new secret key for encrypted config values to a new file (mode 0600)";
}

void SecretsKeygenCommand::Configure(CLI::App& cli) {
  cli.add_option("--key-file", key_file_, "The new key file; it must not exist yet")
      ->type_name("PATH")
      ->required();
  cli.footer(
      "Writes 32 random bytes in base64 to a new file that only you can read (mode 0600).\n"
      "An existing file is never overwritten: values encrypted with a key cannot be read\n"
      "without it. Then point retailpipe at it and encrypt values:\n"
      "\n"
      "  retailpipe secrets keygen --key-file ~/.config/retailpipe/secret.key\n"
      "  export RP_SECRET_KEY_FILE=~/.config/retailpipe/secret.key\n"
      "  printf %s \"$WAREHOUSE_URI\" | retailpipe secrets encrypt --for warehouse.uri\n"
      "\n"
      "Where a file is awkward (CI), RP_SECRET_KEY may hold the file's content instead.\n"
      "Keep a copy of the key where your other secrets live; keep it out of the repository.");
}

Result<Outcome> SecretsKeygenCommand::Run(const Context& /*context*/) {
  std::error_code ec;
  std::filesystem::path path = std::filesystem::absolute(key_file_, ec);
  if (ec) path = key_file_;
  RP_RETURN_IF_ERROR(secrets::SecretKey::Generate().WriteNewFile(path.string()));
  RP_RETURN_IF_ERROR(PrintLine("wrote a new secret key to " + path.string() + " (mode 0600)"));
  RP_RETURN_IF_ERROR(PrintLine("use it with: export RP_SECRET_KEY_FILE=" + path.string()));
  return Outcome::kOk;
}

}  // namespace retailpipe::app
