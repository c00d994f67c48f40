// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/temp_file_writer.h"

#include <utility>

#include "retailpipe/storage/temp_file.h"

namespace retailpipe::gen {

Result<std::unique_ptr<TempFileWriter>> TempFileWriter::Open(const std::string& dir) {
  RP_ASSIGN_OR_RETURN(auto file, storage::TempFile::Make(dir));
  return std::make_unique<TempFileWriter>(PassKey{}, std::move(file));
}

TempFileWriter::TempFileWriter(PassKey /*key*/, std::unique_ptr<storage::TempFile> file)
    : file_(std::move(file)), buffer_(std::make_unique_for_overwrite<char[]>(kBufferBytes)) {}

TempFileWriter::~TempFileWriter() = default;

std::string TempFileWriter::path() const { return file_->path().string(); }

void TempFileWriter::AppendSlow(std::string_view data) {
  Write(std::string_view(buffer_.get(), used_));
  used_ = 0;
  if (data.size() >= kBufferBytes) {
    Write(data);
    return;
  }
  std::memcpy(buffer_.get(), data.data(), data.size());
  used_ = data.size();
}

void TempFileWriter::Write(std::string_view data) {
  if (status_.ok() && !data.empty()) status_ = file_->Write(data);
}

Status TempFileWriter::Finish() {
  Write(std::string_view(buffer_.get(), used_));
  used_ = 0;
  return status_;
}

}  // namespace retailpipe::gen
