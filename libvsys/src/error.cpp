#include "vsys/error.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/core.h>

namespace vsys {

std::string Error::message() const { return fmt::format("{}: {}", call_, std::strerror(code_)); }

std::unexpected<Error> last_error(std::string call) {
  return std::unexpected(Error(errno, std::move(call)));
}

}  // namespace vsys
