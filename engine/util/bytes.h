#pragma once
// Fixed-width integers in byte streams (codec headers, cube streams, the range coder's
// digits): writers append to a vector; ByteReader refuses to read past the end.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/util/error.h"

namespace bitsky::util {

inline void put_le32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void put_le64(std::vector<std::uint8_t>& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void put_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
// Little-endian u32 at `at`; the caller has checked that 4 bytes are there.
inline std::uint32_t get_le32(std::span<const std::uint8_t> in, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(in[at + i]) << (8 * i);
    return v;
}
// Big-endian u32 at `at`; bytes past the end of `in` read as 0 (a coder's final word may
// be cut short).
inline std::uint32_t get_be32_or_zero(std::span<const std::uint8_t> in, std::size_t at) {
    std::uint32_t w = 0;
    for (std::size_t i = at; i < at + 4; ++i) w = (w << 8) | (i < in.size() ? in[i] : 0u);
    return w;
}

// Bounds-checked little-endian reader: running past the end throws Error("<what> ...
// truncated ..."), never reads past it.
class ByteReader {
public:
    // `stream` names the stream in messages ("cube stream").
    ByteReader(std::span<const std::uint8_t> in, std::string stream) : in_(in), stream_(std::move(stream)) {}
    std::span<const std::uint8_t> take(std::size_t n, const char* what) {
        if (n > in_.size() - pos_)
            throw Error(stream_ + " truncated (reading " + what + " at byte " + std::to_string(pos_) + ", " +
                        std::to_string(in_.size() - pos_) + " bytes left, " + std::to_string(n) + " needed)");
        auto s = in_.subspan(pos_, n);
        pos_ += n;
        return s;
    }
    std::uint8_t u8(const char* what) { return take(1, what)[0]; }
    std::uint32_t u32(const char* what) { return get_le32(take(4, what), 0); }
    std::uint64_t u64(const char* what) {
        const auto b = take(8, what);
        return static_cast<std::uint64_t>(get_le32(b, 4)) << 32 | get_le32(b, 0);
    }
    std::size_t left() const { return in_.size() - pos_; }
    std::size_t position() const { return pos_; }

private:
    std::span<const std::uint8_t> in_;
    std::string stream_;
    std::size_t pos_ = 0;
};

}  // namespace bitsky::util
