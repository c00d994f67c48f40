// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/value_decryptor.h"

#include <algorithm>

#include "retailpipe/config/redact.h"
#include "retailpipe/secrets/secret_key.h"

namespace retailpipe::config {
namespace {

// Return `message` with every occurrence of `secret` replaced by "***".
void ReplaceAll(std::string& message, std::string_view secret) {
  if (secret.empty()) return;
  for (size_t at = message.find(secret); at != std::string::npos;
       at = message.find(secret, at + kRedacted.size())) {
    message.replace(at, secret.size(), kRedacted);
  }
}

}  // namespace

bool ValueDecryptor::IsEncrypted(const RawValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    return secrets::IsEncryptedValue(*text);
  }
  const auto& items = std::get<std::vector<std::string>>(value);
  return std::any_of(items.begin(), items.end(),
                     [](const std::string& item) { return secrets::IsEncryptedValue(item); });
}

Status ValueDecryptor::Decrypt(std::string_view key, RawValue& value) {
  if (auto* text = std::get_if<std::string>(&value)) {
    if (!secrets::IsEncryptedValue(*text)) return Status::OK();
    RP_ASSIGN_OR_RETURN(*text, DecryptText(key, *text));
    return Status::OK();
  }
  for (std::string& item : std::get<std::vector<std::string>>(value)) {
    if (!secrets::IsEncryptedValue(item)) continue;
    RP_ASSIGN_OR_RETURN(item, DecryptText(key, item));
  }
  return Status::OK();
}

Result<std::string> ValueDecryptor::DecryptText(std::string_view key, std::string_view text) {
  if (!cipher_) {
    Result<secrets::SecretKey> secret_key = secrets::SecretKey::FromEnvironment(environment_);
    if (!secret_key.ok()) {
      return secret_key.error().WithContext("the value is encrypted, but there is no usable key");
    }
    cipher_.emplace(std::move(*secret_key));
  }
  RP_ASSIGN_OR_RETURN(secrets::SecretBytes plaintext, cipher_->Decrypt(text, key));
  std::string out(plaintext.view());
  plaintexts_.push_back(std::move(plaintext));
  return out;
}

Status ValueDecryptor::Scrub(const Status& status) const {
  if (status.ok() || plaintexts_.empty()) return status;
  // A URI is also hidden in the form whose password RedactUri() already replaced. Longest
  // first, so that a plaintext inside another one cannot leave a part of the longer visible.
  std::vector<std::string> forms;
  for (const secrets::SecretBytes& plaintext : plaintexts_) {
    forms.emplace_back(RedactUri(plaintext.view()));
    forms.emplace_back(plaintext.view());
  }
  std::sort(forms.begin(), forms.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string message = status.message();
  for (const std::string& form : forms) ReplaceAll(message, form);
  return {status.code(), std::move(message)};
}

}  // namespace retailpipe::config
