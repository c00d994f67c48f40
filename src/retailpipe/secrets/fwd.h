// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::secrets {

class SecretBytes;
class SecretKey;
class ValueCipher;
struct LegacyParams;

}  // namespace retailpipe::secrets
