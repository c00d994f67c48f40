// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::delta {

struct DeltaType;
struct DeltaField;
struct DeltaSchema;
struct Protocol;
struct Metadata;
struct AddFile;
struct RemoveFile;
struct Txn;
struct CommitInfo;
struct CommitActions;
struct CheckpointAccess;
struct CreateOptions;
struct TableOptions;
struct AppendOptions;
struct AppendResult;
struct ViewOptions;
class CheckpointEngine;
class DataFileWriter;
class DeltaLog;
class DeltaSnapshot;
class DeltaTable;
class ScratchDir;

}  // namespace retailpipe::delta
