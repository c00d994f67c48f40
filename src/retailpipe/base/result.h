// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

#include "retailpipe/base/check.h"
#include "retailpipe/base/status.h"

namespace retailpipe {

/// A value of type T, or the Status that explains why there is none.
///
/// The API follows std::expected<T, Status> (has_value, value, error, operator*), so the
/// move to C++23 only changes a `using`. Accessing value() of an error is a bug and aborts.
template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, Status>, "use Status directly");

 public:
  using value_type = T;

  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Status status) : v_(std::in_place_index<1>, std::move(status)) {  // NOLINT
    RP_CHECK(!std::get<1>(v_).ok());
  }
  template <typename U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
           !std::is_same_v<std::decay_t<U>, Status>) Result(U&& value)
      : v_(std::in_place_index<0>, std::forward<U>(value)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  bool ok() const { return has_value(); }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    RP_CHECK(has_value());
    return std::get<0>(v_);
  }
  const T& value() const& {
    RP_CHECK(has_value());
    return std::get<0>(v_);
  }
  T&& value() && {
    RP_CHECK(has_value());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// Return the error. REQUIRES: !has_value().
  const Status& error() const& {
    RP_CHECK(!has_value());
    return std::get<1>(v_);
  }
  Status error() && {
    RP_CHECK(!has_value());
    return std::get<1>(std::move(v_));
  }
  /// Return OK if there is a value, else the error.
  Status status() const { return has_value() ? Status::OK() : std::get<1>(v_); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace retailpipe
