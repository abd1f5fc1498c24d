// Reading the small files of an /etc/vservers tree: one value per file,
// or one item per line.  Every error is EINVAL (or the errno of the
// read) with the file's path in the message, e.g.
// "/etc/vservers/a/context: not a number 'x1': Invalid argument".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vsys/error.hpp"

namespace vtool {

// An error about one file: "PATH: what".
std::unexpected<vsys::Error> file_error(const std::string& path, const std::string& what,
                                        int code = EINVAL);

// The first line of path without trailing white space; nullopt when the
// file does not exist; an error when it cannot be read or is empty.
vsys::Result<std::optional<std::string>> read_value(const std::string& path);
// The lines of path without '#' comments, surrounding white space and
// empty lines; nullopt when the file does not exist.
vsys::Result<std::optional<std::vector<std::string>>> read_items(const std::string& path);
// read_value as a decimal number in [min, max].
vsys::Result<std::optional<std::uint64_t>> read_number(const std::string& path, std::uint64_t min,
                                                       std::uint64_t max);

// Writes text and a newline to path (creating or replacing it).
vsys::Result<void> write_value(const std::string& path, const std::string& text);

}  // namespace vtool
