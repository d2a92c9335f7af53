#pragma once
// What a FITS file's headers declare, read by BitSky itself before CFITSIO sees them, so
// hostile files are refused with a reason instead of crashing or exhausting memory:
//  - every HDU's extent (header blocks, declared data bytes, with overflow checks);
//  - tile-compressed images (ZIMAGE = T): ZNAXIS, ZNAXISn, ZTILEn, ZBITPIX, ZCMPTYPE and
//    the number of tiles (CFITSIO 4.2 divides by ZTILEn and allocates a whole tile);
//  - gzip input is inflated by BitSky into a temporary file (never into memory), at most
//    as far as the headers declare: bytes after the last HDU beyond one block of padding
//    are refused as trailing data.
// An HDU with a problem is reported with it; CFITSIO must not read its header nor any
// later one (it walks HDUs in order).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace bitsky::fits {

inline constexpr std::uint64_t kBlock = 2880;

// One HDU as its header declares it.
struct RawHdu {
    std::uint64_t header_start = 0;  // byte offset of its first header block
    std::uint64_t data_start = 0;    // first byte after the header (block aligned)
    std::uint64_t data_bytes = 0;    // declared data size, without padding
    bool compressed_image = false;   // a BINTABLE with ZIMAGE = T
    std::string problem;             // non-empty: the header cannot be trusted (and why)
    // Offset of the next HDU's header (data rounded up to whole blocks).
    std::uint64_t end() const { return data_start + (data_bytes + kBlock - 1) / kBlock * kBlock; }
};

// Parses one HDU's header, fed block by block.
class HeaderParser {
public:
    explicit HeaderParser(bool primary) : primary_(primary) {}
    // Feeds the next 2880-byte header block; true once the END card has been seen (then
    // result() holds the declared sizes or the problem).
    bool feed(const char* block);
    // Blocks fed so far.
    std::uint64_t blocks() const { return blocks_; }
    // Valid after feed() returned true; data_start/header_start are relative (0-based).
    const RawHdu& result() const { return hdu_; }
    // Stops parsing a header without END (at the end of the input or the size limit).
    void give_up(const std::string& why);

private:
    void card(std::string_view card);
    void finish();
    bool primary_;
    std::uint64_t blocks_ = 0;
    bool first_card_ = true;
    std::vector<std::pair<std::string, std::string>> keys_;  // keyword, value text
    RawHdu hdu_;
};

// True when an 80-byte card block could start an extension header ("XTENSION= ").
bool starts_extension(const char* block);

// Every HDU of a plain (uncompressed) FITS file, from its headers only. Stops at the end
// of the file, at a block that does not start an extension (trailing bytes), or at the
// first HDU with a problem (included, last). Throws Error when the file cannot be read.
std::vector<RawHdu> scan_hdus(const std::filesystem::path& path);

// A temporary uncompressed copy of a gzip-compressed FITS file, deleted when destroyed.
class InflatedCopy {
public:
    InflatedCopy(const InflatedCopy&) = delete;
    InflatedCopy& operator=(const InflatedCopy&) = delete;
    ~InflatedCopy();
    const std::filesystem::path& path() const { return path_; }
    // Removes the file now (an open descriptor keeps it readable); idempotent.
    void unlink();

    // Inflates `gz` into a temporary file in `folder` (default: the system's temporary
    // folder), feeding the headers as they come out: it stops at the end of the last HDU
    // the headers declare. Error (naming `gz`) for a corrupt or truncated stream, more than
    // one block of data after the last HDU, or a full disk; the partial file is removed.
    static std::unique_ptr<InflatedCopy> inflate(const std::filesystem::path& gz, const std::filesystem::path& folder = {});

private:
    explicit InflatedCopy(std::filesystem::path p) : path_(std::move(p)) {}
    std::filesystem::path path_;
    bool removed_ = false;
};

// The first bytes of the file say how it is compressed.
enum class Packing { Plain, Gzip, UnixCompress, Zip, Bzip2 };
Packing sniff_packing(const std::filesystem::path& path);

}  // namespace bitsky::fits
