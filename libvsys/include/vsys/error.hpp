// libvsys: the one error convention of the library.
//
// Every call returns vsys::Result<T> (std::expected<T, vsys::Error>).  An
// Error carries the errno the kernel (or libc) reported and the name of the
// call with its operand, e.g. "ctx_create(42): File exists".  Only tools'
// main() decide to print and exit.
#pragma once

#include <expected>
#include <string>
#include <type_traits>
#include <utility>

namespace vsys {

class Error {
 public:
  Error(int code, std::string call) : code_(code), call_(std::move(call)) {}

  int code() const { return code_; }
  const std::string& call() const { return call_; }
  // "call: strerror(code)".
  std::string message() const;

 private:
  int code_;
  std::string call_;
};

template <class T>
using Result = std::expected<T, Error>;

// r's value passed through f, or r's error (g++ 12 lacks
// std::expected::transform).
template <class T, class F>
auto map(const Result<T>& r, F&& f) -> Result<std::invoke_result_t<F, const T&>> {
  if (!r) return std::unexpected(r.error());
  return f(*r);
}

// Unexpected value for the current errno.
std::unexpected<Error> last_error(std::string call);

}  // namespace vsys
