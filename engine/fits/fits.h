#pragma once
// FITS access through CFITSIO. Files are opened with fits_open_diskfile, so names with
// spaces, brackets or plus signs work; .gz and tile-compressed (.fz) images read
// transparently. Every error names the file and the reason (bitsky::Error).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/image/cube.h"
#include "engine/image/pixel_frame.h"

namespace bitsky::fits {

struct HeaderCard {
    std::string keyword;  // e.g. "EXPTIME", "COMMENT", "" for blank cards
    std::string value;    // raw value text as in the card ('' strings keep their quotes)
    std::string comment;
    std::string card;     // the full 80-character card
};

enum class HduKind { Image, AsciiTable, BinaryTable };

struct HduInfo {
    int index = 0;             // 0 = primary
    HduKind kind = HduKind::Image;
    bool compressed = false;   // tile-compressed image stored in a BINTABLE
    std::string extname;       // EXTNAME or "" (PRIMARY for index 0 without one)
    int bitpix = 0;            // of the (uncompressed) image; 0 for tables
    std::vector<std::size_t> axes;  // NAXIS1..NAXISn of the image; empty if no data
    double bzero = 0.0, bscale = 1.0;
    std::vector<HeaderCard> cards;  // all cards (for compressed images: the image header)
    std::string problem;       // why the header cannot be trusted (e.g. axes larger than the file)

    bool has_image_data() const { return kind == HduKind::Image && !axes.empty(); }
    // An image with 2..4 axes we can read (any BITPIX).
    bool is_image() const;
    // A 16-bit integer image (BITPIX=16, with or without BZERO) the codecs can take.
    bool is_16bit() const { return is_image() && bitpix == 16; }
    // Why this HDU holds no image BitSky can read (damaged, a table, no data, 1 or more
    // than 4 axes), or "" for an image of 2..4 axes (of any BITPIX).
    std::string skip_reason() const;
    std::optional<std::string> card_value(const std::string& keyword) const;  // unquoted, trimmed
};

// An open FITS file (RAII around fitsfile*).
class File {
public:
    static File open(const std::filesystem::path& path);  // read-only
    ~File();
    File(File&&) noexcept;
    File& operator=(File&&) noexcept;

    const std::filesystem::path& path() const { return path_; }
    // Header-only summary of every HDU (cheap: no pixel data is read).
    const std::vector<HduInfo>& hdus() const { return hdus_; }
    const HduInfo& hdu(int index) const;
    // Indices of image HDUs with NAXIS 2..4 (any BITPIX).
    std::vector<int> image_hdus() const;

    // The uint16 view of a 16-bit HDU: BZERO=32768 data is physical uint16; other
    // 16-bit data is stored int16 shifted by +32768 (cube.shifted = true).
    // Error "not a 16-bit integer image" for other BITPIX.
    Cube16 read_u16(int hdu) const;
    // One frame of the uint16 view (k counts 2D planes in storage order).
    Cube16 read_u16_frame(int hdu, std::size_t k) const;
    // Frame k (2D plane, storage order) in its own pixel type, exactly as PixelFrame
    // defines it: BITPIX 8 -> uint8; 16 -> int16, or uint16 with BZERO=32768; 32 -> int32,
    // or uint32 with BZERO=2^31; other BZERO/BSCALE are not applied (stored values);
    // -32/-64 -> float/double bit patterns as stored (NaN payloads kept). Error for BITPIX 64.
    PixelFrame read_frame(int hdu, std::size_t k) const;
    // Physical values (BZERO/BSCALE applied, BLANK/NaN as NaN) for display and analysis.
    CubeF64 read_physical(int hdu) const;
    CubeF64 read_physical_frame(int hdu, std::size_t k) const;

private:
    File() = default;
    struct Handle;
    std::unique_ptr<Handle> handle_;
    std::filesystem::path path_;
    std::vector<HduInfo> hdus_;
    void move_to(int hdu) const;
};

// Writes FITS files (RAII). The file is written under a temporary name beside `path` and
// takes its name when complete (close(), or destruction other than by an exception), so a
// failure never leaves a half-written file nor destroys the file it was to replace.
class Writer {
public:
    // Creates (or replaces, if overwrite) the file at path.
    explicit Writer(const std::filesystem::path& path, bool overwrite = true);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Appends an image HDU (the first becomes the primary). extra_cards are copied,
    // except structural ones (SIMPLE, XTENSION, BITPIX, NAXISn, BZERO, BSCALE, ...).
    // uint16 data is written as BITPIX=16 with BZERO=32768.
    void write_u16(const std::vector<std::size_t>& axes, const std::vector<std::uint16_t>& data,
                   const std::vector<HeaderCard>& extra_cards = {});
    // Stored int16 (BITPIX=16 without BZERO).
    void write_i16(const std::vector<std::size_t>& axes, const std::vector<std::int16_t>& data,
                   const std::vector<HeaderCard>& extra_cards = {});
    void write_i32(const std::vector<std::size_t>& axes, const std::vector<std::int32_t>& data,
                   const std::vector<HeaderCard>& extra_cards = {});
    void write_i64(const std::vector<std::size_t>& axes, const std::vector<std::int64_t>& data,
                   const std::vector<HeaderCard>& extra_cards = {});
    void write_u8(const std::vector<std::size_t>& axes, const std::vector<std::uint8_t>& data,
                  const std::vector<HeaderCard>& extra_cards = {});
    void write_f32(const std::vector<std::size_t>& axes, const std::vector<float>& data,
                   const std::vector<HeaderCard>& extra_cards = {});
    void write_f64(const std::vector<std::size_t>& axes, const std::vector<double>& data,
                   const std::vector<HeaderCard>& extra_cards = {});
    // An HDU without data (e.g. an empty primary before extensions).
    void write_empty(const std::vector<HeaderCard>& extra_cards = {});
    // Header keywords on the current HDU.
    void set_key(const std::string& keyword, double value, const std::string& comment);
    void set_key(const std::string& keyword, long long value, const std::string& comment);
    void set_key(const std::string& keyword, const std::string& value, const std::string& comment);
    void close();  // flushes; errors are thrown here rather than lost in the destructor

private:
    struct Handle;
    std::unique_ptr<Handle> handle_;
    std::filesystem::path path_;
    void write_image(int bitpix, int datatype, const std::vector<std::size_t>& axes, const void* data,
                     std::size_t count, const std::vector<HeaderCard>& extra_cards, bool unsigned16);
};

// True for keywords that describe the data layout and must not be copied between HDUs.
bool is_structural_keyword(const std::string& keyword);

// Header cards that carry the WCS (CTYPEn, CRVALn, CRPIXn, CDi_j, PCi_j, CDELTn, ...).
std::vector<HeaderCard> wcs_cards(const std::vector<HeaderCard>& cards);

}  // namespace bitsky::fits
