#pragma once
// UTF-8 validity, byte by byte (file names are bytes and need not be UTF-8).
#include <cstddef>
#include <string_view>

namespace bitsky::util {

// Length (1-4) of the valid UTF-8 sequence starting at s[i], or 0 when the byte there does
// not start one (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF,
// or a sequence cut short).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

}  // namespace bitsky::util
