#pragma once
// Internal to engine/codecs: what the FITS tile codecs share (fits_tile_codec.cpp,
// fits_tile_rows.cpp): owned CFITSIO buffers and files, CFITSIO messages, and the few
// header cards the Hcompress path writes and reads.
#include <fitsio.h>
#include <malloc.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "engine/util/error.h"

namespace bitsky::codecs::fits_tile {

constexpr std::size_t kBlock = 2880;

// A CFITSIO in-memory file whose buffer we own (CFITSIO reallocs it while writing).
struct MemBuffer {
    void* ptr = nullptr;
    std::size_t size = 0;
    MemBuffer() = default;
    MemBuffer(const MemBuffer&) = delete;
    MemBuffer& operator=(const MemBuffer&) = delete;
    ~MemBuffer() { std::free(ptr); }
};

struct FitsCloser {
    void operator()(fitsfile* f) const {
        int status = 0;
        fits_close_file(f, &status);
    }
};
using FitsPtr = std::unique_ptr<fitsfile, FitsCloser>;

inline std::string cfitsio_message(int status) {
    char text[FLEN_STATUS] = {0};
    fits_get_errstatus(status, text);
    std::string s = text;
    char msg[FLEN_ERRMSG];
    std::string detail;
    while (fits_read_errmsg(msg)) detail = msg;  // drains the stack; keep the last
    if (!detail.empty()) s += " (" + detail + ")";
    return s;
}

// Parses one FITS header at p (cards until END); returns keyword -> raw value text and
// sets length to the padded header size. Only what this file itself writes/needs.
inline std::map<std::string, std::string> parse_header(const std::uint8_t* p, std::size_t avail, std::size_t& length) {
    std::map<std::string, std::string> keys;
    for (std::size_t off = 0; off + 80 <= avail; off += 80) {
        std::string card(reinterpret_cast<const char*>(p + off), 80);
        std::string key = card.substr(0, 8);
        while (!key.empty() && key.back() == ' ') key.pop_back();
        if (key == "END") {
            length = (off / kBlock + 1) * kBlock;
            return keys;
        }
        if (card.compare(8, 2, "= ") != 0) continue;
        std::string val = card.substr(10);
        if (!val.empty() && val.find_first_not_of(' ') != std::string::npos && val[val.find_first_not_of(' ')] == '\'') {
            auto b = val.find('\''), e = val.find('\'', b + 1);
            val = val.substr(b + 1, e == std::string::npos ? std::string::npos : e - b - 1);
            while (!val.empty() && val.back() == ' ') val.pop_back();
        } else {
            auto slash = val.find('/');
            if (slash != std::string::npos) val = val.substr(0, slash);
            auto b = val.find_first_not_of(' '), e = val.find_last_not_of(' ');
            val = b == std::string::npos ? "" : val.substr(b, e - b + 1);
        }
        keys[key] = val;
    }
    throw Error("no END card");
}

inline long long key_int(const std::map<std::string, std::string>& keys, const char* key, long long fallback = -1) {
    auto it = keys.find(key);
    if (it == keys.end()) return fallback;
    return std::stoll(it->second);
}

inline void add_card(std::string& h, const std::string& key, const std::string& value) {
    std::string card = key;
    card.resize(8, ' ');
    card += "= ";
    std::string v = value;
    if (v.size() < 20 && v[0] != '\'') v = std::string(20 - v.size(), ' ') + v;  // right-justified
    card += v;
    card.resize(80, ' ');
    h += card;
}
inline std::string quoted(const std::string& s) {
    std::string q = "'" + s;
    if (q.size() < 9) q.resize(9, ' ');
    return q + "'";
}
inline void end_header(std::string& h) {
    std::string card = "END";
    card.resize(80, ' ');
    h += card;
    h.resize((h.size() + kBlock - 1) / kBlock * kBlock, ' ');
}

inline std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}


// Memory files for CFITSIO (every codec that writes one uses these), two traps of its
// memory driver (4.2) found in testing:
// - it grows a file with realloc and does not clear the bytes it adds (mem_write), while
//   its table code reads bytes it never wrote and expects zeros, as a disk file gives them
//   (a row extended by fits_insert_col of GZIP_COMPRESSED_DATA took garbage descriptors,
//   depending on what the heap held before). So every buffer here is cleared to its usable
//   end when allocated, and grows through zeroing_realloc, which clears what it adds;
// - an initial size that is not whole 2880-byte blocks corrupted the heap the same way.
inline std::size_t blocks_for(std::size_t bytes) { return (bytes / kBlock + 2) * kBlock; }

inline void* zeroing_realloc(void* p, std::size_t n) {
    const std::size_t old = p ? malloc_usable_size(p) : 0;
    void* q = std::realloc(p, n);
    if (!q) return nullptr;
    // Bytes up to the old block's usable end were cleared when it was allocated (and CFITSIO
    // writes only below the size it asked for), realloc copied them; clear the rest.
    const std::size_t now = malloc_usable_size(q);
    if (now > old) std::memset(static_cast<char*>(q) + old, 0, now - old);
    return q;
}

// A MemBuffer of `size` bytes (whole blocks), zero to its usable end.
inline void allocate(MemBuffer& m, std::size_t size) {
    m.size = size;
    m.ptr = std::malloc(size);
    if (!m.ptr) throw std::bad_alloc();
    std::memset(m.ptr, 0, malloc_usable_size(m.ptr));
}

inline std::string primary_header() {
    std::string h;
    add_card(h, "SIMPLE", "T");
    add_card(h, "BITPIX", "8");
    add_card(h, "NAXIS", "0");
    add_card(h, "EXTEND", "T");
    end_header(h);
    return h;
}

}  // namespace bitsky::codecs::fits_tile
