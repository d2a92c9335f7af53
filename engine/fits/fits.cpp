#include "engine/fits/fits.h"

#include <fitsio.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <exception>
#include <system_error>

#include "engine/fits/file_handle.h"
#include "engine/fits/scan.h"
#include "engine/util/error.h"
#include "engine/util/files.h"

namespace bitsky::fits {

std::string cfitsio_message(int status) {
    char text[FLEN_STATUS] = {};
    fits_get_errstatus(status, text);
    std::string msg = text;
    // The error stack often holds a more precise reason; keep the first line of it.
    char stack[FLEN_ERRMSG] = {};
    if (fits_read_errmsg(stack) && stack[0] && std::string(stack) != msg) msg += " (" + std::string(stack) + ")";
    fits_clear_errmsg();
    return msg;
}

void fail(const std::filesystem::path& path, const std::string& what, int status) {
    throw Error(path.string() + ": " + what + ": " + cfitsio_message(status));
}

namespace {

std::string trim(std::string s) {
    auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

std::string unquote(std::string v) {
    v = trim(v);
    if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') {
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            out += v[i];
            if (v[i] == '\'' && i + 2 < v.size() && v[i + 1] == '\'') ++i;  // '' -> '
        }
        return trim(out);
    }
    return v;
}

HeaderCard parse_card(const std::string& card) {
    HeaderCard c;
    c.card = card;
    c.keyword = trim(card.substr(0, std::min<std::size_t>(8, card.size())));
    if (card.size() > 10 && card.compare(8, 2, "= ") == 0) {
        char value[FLEN_VALUE] = {}, comment[FLEN_COMMENT] = {};
        int status = 0;
        fits_parse_value(const_cast<char*>(card.c_str()), value, comment, &status);
        if (status == 0) {
            c.value = trim(value);
            c.comment = trim(comment);
        }
    } else if (card.size() > 8) {
        c.comment = trim(card.substr(8));
    }
    return c;
}

}  // namespace

// ---- HduInfo ---------------------------------------------------------------

bool HduInfo::is_image() const {
    return kind == HduKind::Image && axes.size() >= 2 && axes.size() <= 4 &&
           std::all_of(axes.begin(), axes.end(), [](std::size_t a) { return a > 0; });
}

std::string HduInfo::skip_reason() const {
    if (!problem.empty()) return problem;
    if (kind != HduKind::Image) return "a table, not an image";
    if (axes.empty()) return "no data";
    if (axes.size() < 2) return "a 1-dimensional array, not an image";
    if (axes.size() > 4) return "NAXIS=" + std::to_string(axes.size()) + " (BitSky reads 2 to 4 axes)";
    if (!is_image()) return "an axis of length 0";
    return "";
}

std::optional<std::string> HduInfo::card_value(const std::string& keyword) const {
    for (const auto& c : cards)
        if (c.keyword == keyword) return unquote(c.value);
    return std::nullopt;
}

// ---- File ------------------------------------------------------------------

File::~File() = default;
File::File(File&&) noexcept = default;
File& File::operator=(File&&) noexcept = default;

File File::open(const std::filesystem::path& path) {
    std::error_code ec;
    auto st = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(st)) throw Error(path.string() + ": no such file");
    if (std::filesystem::is_directory(st)) throw Error(path.string() + ": is a folder, not a FITS file");
    if (std::filesystem::file_size(path, ec) == 0) throw Error(path.string() + ": empty file, not FITS");

    // Hostile input is refused before CFITSIO reads it (scan.h): gzip is inflated by us into
    // a temporary file, bounded by what the headers declare; every header is checked.
    File f;
    f.path_ = path;
    f.handle_ = std::make_unique<Handle>();
    std::filesystem::path plain = path;
    switch (sniff_packing(path)) {
    case Packing::Plain: break;
    case Packing::Gzip:
        f.handle_->inflated = InflatedCopy::inflate(path);
        plain = f.handle_->inflated->path();
        break;
    case Packing::UnixCompress:
    case Packing::Zip:
    case Packing::Bzip2:
        throw Error(path.string() + ": compressed with compress, zip or bzip2; BitSky reads plain and gzip-compressed "
                                    "FITS files: decompress it first");
    }
    const std::vector<RawHdu> raw = scan_hdus(plain);
    if (!raw.front().problem.empty()) throw Error(path.string() + ": " + raw.front().problem);
    const auto file_size = static_cast<long long>(std::filesystem::file_size(plain));

    int status = 0;
    if (fits_open_diskfile(&f.handle_->fptr, plain.c_str(), READONLY, &status)) {
        f.handle_->fptr = nullptr;
        fail(path, "cannot open as FITS", status);
    }
    if (f.handle_->inflated) f.handle_->inflated->unlink();  // CFITSIO keeps it open
    fitsfile* fp = f.handle_->fptr;

    for (int i = 1; static_cast<std::size_t>(i) <= raw.size(); ++i) {
        const RawHdu& r = raw[static_cast<std::size_t>(i - 1)];
        if (!r.problem.empty()) {
            // CFITSIO must not parse this header (nor any later one: it walks them in order).
            HduInfo bad;
            bad.index = i - 1;
            bad.kind = r.compressed_image ? HduKind::Image : HduKind::BinaryTable;
            bad.compressed = r.compressed_image;
            bad.problem = "damaged header: " + r.problem;
            f.hdus_.push_back(bad);
            break;
        }
        int hdutype = 0;
        status = 0;
        if (fits_movabs_hdu(fp, i, &hdutype, &status)) {
            if (status == END_OF_FILE && i > 1) break;
            if (i == 1) fail(path, "cannot read the primary header", status);
            // A later HDU is damaged: keep what we have, report it as a skipped entry.
            HduInfo bad;
            bad.index = i - 1;
            bad.kind = HduKind::BinaryTable;
            bad.problem = "unreadable header: " + cfitsio_message(status);
            f.hdus_.push_back(bad);
            break;
        }
        HduInfo h;
        h.index = i - 1;
        h.kind = hdutype == IMAGE_HDU ? HduKind::Image
                 : hdutype == ASCII_TBL ? HduKind::AsciiTable
                                        : HduKind::BinaryTable;
        h.compressed = fits_is_compressed_image(fp, &status) != 0;
        status = 0;
        if (h.compressed) h.kind = HduKind::Image;

        // Header cards (for compressed images: the equivalent uncompressed image header).
        char* header = nullptr;
        int nkeys = 0;
        if (fits_convert_hdr2str(fp, 0, nullptr, 0, &header, &nkeys, &status) == 0 && header) {
            for (int k = 0; k < nkeys; ++k) h.cards.push_back(parse_card(std::string(header + 80 * k, 80)));
        }
        if (header) fits_free_memory(header, &status);
        status = 0;

        if (auto v = h.card_value("EXTNAME")) h.extname = *v;
        else if (h.index == 0) h.extname = "PRIMARY";

        if (h.kind == HduKind::Image) {
            int naxis = 0, bitpix = 0;
            if (fits_get_img_type(fp, &bitpix, &status) == 0 && fits_get_img_dim(fp, &naxis, &status) == 0) {
                h.bitpix = bitpix;
                if (naxis > 0 && naxis <= 999) {
                    std::vector<LONGLONG> nax(static_cast<std::size_t>(naxis));
                    if (fits_get_img_sizell(fp, naxis, nax.data(), &status) == 0) {
                        bool sane = true;
                        long double elements = 1;
                        for (auto a : nax) {
                            if (a < 0) sane = false;
                            elements *= static_cast<long double>(std::max<LONGLONG>(a, 0));
                        }
                        // An absurd header (e.g. axis lengths that cannot fit in the file)
                        // is refused here, before anything is allocated.
                        if (!h.compressed) {
                            long double bytes = elements * (std::abs(bitpix) / 8);
                            LONGLONG headstart = 0, datastart = 0, dataend = 0;
                            int s2 = 0;
                            fits_get_hduaddrll(fp, &headstart, &datastart, &dataend, &s2);
                            if (bytes > static_cast<long double>(file_size) - static_cast<long double>(datastart))
                                sane = false;
                        }
                        if (sane)
                            for (auto a : nax) h.axes.push_back(static_cast<std::size_t>(a));
                        else
                            h.problem = "damaged: the header's axes (" + std::to_string(naxis) +
                                        " of them) need more data than the file holds";
                    }
                }
            }
            status = 0;
            if (auto z = h.card_value("BZERO")) h.bzero = std::strtod(z->c_str(), nullptr);
            if (auto s = h.card_value("BSCALE")) h.bscale = std::strtod(s->c_str(), nullptr);
        }
        f.hdus_.push_back(std::move(h));
    }
    return f;
}

const HduInfo& File::hdu(int index) const {
    if (index < 0 || static_cast<std::size_t>(index) >= hdus_.size())
        throw Error(path_.string() + ": no HDU " + std::to_string(index) + " (the file has " +
                    std::to_string(hdus_.size()) + ")");
    return hdus_[static_cast<std::size_t>(index)];
}

std::vector<int> File::image_hdus() const {
    std::vector<int> out;
    for (const auto& h : hdus_)
        if (h.is_image()) out.push_back(h.index);
    return out;
}

void File::move_to(int index) const {
    // A damaged HDU is never handed to CFITSIO again (its header may crash it).
    if (const HduInfo& h = hdu(index); !h.problem.empty())
        throw Error(path_.string() + ": HDU " + std::to_string(index) + " is " + h.problem);
    int status = 0, type = 0;
    if (fits_movabs_hdu(handle_->fptr, index + 1, &type, &status))
        fail(path_, "cannot move to HDU " + std::to_string(index), status);
}

FrameRange frame_range(const HduInfo& h, std::optional<std::size_t> frame, const std::filesystem::path& path) {
    FrameRange r;
    std::size_t plane = h.axes[0] * h.axes[1];
    std::size_t frames = BasicCube<double>::element_count(h.axes) / plane;
    if (frame) {
        if (*frame >= frames)
            throw Error(path.string() + ": HDU " + std::to_string(h.index) + " has " + std::to_string(frames) +
                        " frames, no frame " + std::to_string(*frame));
        r.axes = {h.axes[0], h.axes[1]};
        r.first = static_cast<LONGLONG>(*frame * plane) + 1;
        r.count = static_cast<LONGLONG>(plane);
    } else {
        r.axes = h.axes;
        r.count = static_cast<LONGLONG>(plane * frames);
    }
    return r;
}

namespace {

Cube16 read_u16_impl(fitsfile* fp, const HduInfo& h, std::optional<std::size_t> frame, const std::filesystem::path& path) {
    if (auto why = h.skip_reason(); !why.empty())
        throw Error(path.string() + ": HDU " + std::to_string(h.index) + " is " + why);
    if (h.bitpix != 16)
        throw Error(path.string() + ": HDU " + std::to_string(h.index) + " is not a 16-bit integer image (BITPIX=" +
                    std::to_string(h.bitpix) + ")");
    FrameRange r = frame_range(h, frame, path);
    Cube16 cube(r.axes);
    int status = 0, anynul = 0;
    // Stored 16-bit integers are mapped to uint16 by +32768, exactly: with BZERO=32768
    // (and BSCALE=1) that is the physical value; otherwise it is a recorded shift.
    const bool physical_u16 = h.bzero == 32768.0 && h.bscale == 1.0;
    if (physical_u16) {
        fits_read_img(fp, TUSHORT, r.first, r.count, nullptr, cube.data().data(), &anynul, &status);
    } else {
        std::vector<std::int16_t> raw(static_cast<std::size_t>(r.count));
        fits_set_bscale(fp, 1.0, 0.0, &status);
        fits_read_img(fp, TSHORT, r.first, r.count, nullptr, raw.data(), &anynul, &status);
        auto& d = cube.data();
        for (std::size_t i = 0; i < raw.size(); ++i)
            d[i] = static_cast<std::uint16_t>(static_cast<std::int32_t>(raw[i]) + 32768);
        cube.shifted = true;
    }
    if (status) fail(path, "cannot read the pixels of HDU " + std::to_string(h.index), status);
    return cube;
}

CubeF64 read_physical_impl(fitsfile* fp, const HduInfo& h, std::optional<std::size_t> frame,
                           const std::filesystem::path& path) {
    if (!h.is_image()) throw Error(path.string() + ": HDU " + std::to_string(h.index) + " is " + h.skip_reason());
    FrameRange r = frame_range(h, frame, path);
    CubeF64 cube(r.axes);
    int status = 0, anynul = 0;
    double nan = std::numeric_limits<double>::quiet_NaN();
    fits_read_img(fp, TDOUBLE, r.first, r.count, &nan, cube.data().data(), &anynul, &status);
    if (status) fail(path, "cannot read the pixels of HDU " + std::to_string(h.index), status);
    return cube;
}

}  // namespace

Cube16 File::read_u16(int index) const {
    move_to(index);
    return read_u16_impl(handle_->fptr, hdu(index), std::nullopt, path_);
}

Cube16 File::read_u16_frame(int index, std::size_t k) const {
    move_to(index);
    return read_u16_impl(handle_->fptr, hdu(index), k, path_);
}

CubeF64 File::read_physical(int index) const {
    move_to(index);
    return read_physical_impl(handle_->fptr, hdu(index), std::nullopt, path_);
}

CubeF64 File::read_physical_frame(int index, std::size_t k) const {
    move_to(index);
    return read_physical_impl(handle_->fptr, hdu(index), k, path_);
}

// ---- Writer ----------------------------------------------------------------

// The file is written under a temporary name in the target's folder and renamed over the
// target when it is complete, so a failure (full disk, crash, an exception) never leaves a
// half-written file nor destroys the file being replaced.
// The file is written under a temporary name in the target's folder (util::PartFile) and
// renamed over the target when it is complete, so a failure (full disk, crash, an
// exception) never leaves a half-written file nor destroys the file being replaced.
struct Writer::Handle {
    fitsfile* fptr = nullptr;
    std::optional<util::PartFile> part;
    int exceptions = std::uncaught_exceptions();  // to tell unwinding from a normal end
    // Closes CFITSIO's file; renames it over the target if `keep` (and it was written).
    void finish(bool keep, int& status) {
        if (fptr) fits_close_file(fptr, &status);
        fptr = nullptr;
        if (!part) return;
        if (keep && status == 0) {
            try {
                part->commit();
            } catch (const Error&) {
                status = FILE_NOT_CREATED;
            }
        }
        part.reset();
    }
    ~Handle() {
        int status = 0;
        finish(std::uncaught_exceptions() == exceptions, status);
    }
};

bool is_structural_keyword(const std::string& k) {
    static const char* exact[] = {"SIMPLE", "XTENSION", "BITPIX", "NAXIS", "EXTEND", "PCOUNT", "GCOUNT",
                                  "BZERO",  "BSCALE",   "END",    "CHECKSUM", "DATASUM", "TFIELDS", "THEAP", "BLANK"};
    for (const char* e : exact)
        if (k == e) return true;
    auto numbered = [&](const char* prefix) {
        std::size_t n = std::strlen(prefix);
        return k.size() > n && k.compare(0, n, prefix) == 0 &&
               std::all_of(k.begin() + static_cast<long>(n), k.end(), [](unsigned char c) { return std::isdigit(c); });
    };
    return numbered("NAXIS") || numbered("TFORM") || numbered("TTYPE") || numbered("TBCOL") || numbered("TUNIT") ||
           numbered("TDIM") || numbered("TSCAL") || numbered("TZERO") || numbered("TNULL");
}

std::vector<HeaderCard> wcs_cards(const std::vector<HeaderCard>& cards) {
    static const char* prefixes[] = {"CTYPE", "CRVAL", "CRPIX", "CDELT", "CROTA", "CUNIT", "CD1_", "CD2_", "CD3_",
                                     "CD4_",  "PC1_",  "PC2_",  "PC3_",  "PC4_",  "PV",    "PS",   "WCSAXES",
                                     "RADESYS", "RADECSYS", "EQUINOX", "EPOCH", "LONPOLE", "LATPOLE", "MJD-OBS",
                                     "DATE-OBS", "WCSNAME", "A_", "B_", "AP_", "BP_"};
    std::vector<HeaderCard> out;
    for (const auto& c : cards)
        for (const char* p : prefixes)
            if (c.keyword.rfind(p, 0) == 0) {
                out.push_back(c);
                break;
            }
    return out;
}

Writer::Writer(const std::filesystem::path& path, bool overwrite) : handle_(std::make_unique<Handle>()), path_(path) {
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    if (std::filesystem::exists(st)) {
        if (!overwrite) throw Error(path.string() + ": already exists");
        if (!std::filesystem::is_regular_file(st)) throw Error(path.string() + ": exists and is not a regular file");
    }
    handle_->part.emplace(path);
    int status = 0;
    if (fits_create_diskfile(&handle_->fptr, handle_->part->path().c_str(), &status)) {
        handle_->fptr = nullptr;
        fail(path, "cannot create FITS file", status);
    }
}

Writer::~Writer() = default;

void Writer::close() {
    if (!handle_->fptr && !handle_->part) return;
    int status = 0;
    handle_->finish(true, status);
    if (status) fail(path_, "cannot finish writing", status);
}

void Writer::write_image(int bitpix, int datatype, const std::vector<std::size_t>& axes, const void* data,
                         std::size_t count, const std::vector<HeaderCard>& extra_cards, bool unsigned16) {
    if (!handle_->fptr) throw Error(path_.string() + ": writer already closed");
    if (BasicCube<double>::element_count(axes) != count)
        throw Error(path_.string() + ": image data size does not match its axes " + shape_string(axes));
    std::vector<long> nax(axes.begin(), axes.end());
    int status = 0;
    fits_create_img(handle_->fptr, unsigned16 ? USHORT_IMG : bitpix, static_cast<int>(nax.size()), nax.data(),
                    &status);
    if (status) fail(path_, "cannot create image HDU", status);
    for (const auto& c : extra_cards) {
        if (c.keyword.empty() && c.comment.empty()) continue;
        if (is_structural_keyword(c.keyword)) continue;
        std::string card = c.card;
        if (card.empty()) continue;
        fits_write_record(handle_->fptr, card.c_str(), &status);
        if (status) fail(path_, "cannot write header card '" + c.keyword + "'", status);
    }
    if (count > 0) {
        fits_write_img(handle_->fptr, datatype, 1, static_cast<LONGLONG>(count), const_cast<void*>(data), &status);
        if (status) fail(path_, "cannot write image data", status);
    }
}

void Writer::write_u16(const std::vector<std::size_t>& axes, const std::vector<std::uint16_t>& data,
                       const std::vector<HeaderCard>& cards) {
    write_image(SHORT_IMG, TUSHORT, axes, data.data(), data.size(), cards, true);
}
void Writer::write_i16(const std::vector<std::size_t>& axes, const std::vector<std::int16_t>& data,
                       const std::vector<HeaderCard>& cards) {
    write_image(SHORT_IMG, TSHORT, axes, data.data(), data.size(), cards, false);
}
void Writer::write_i32(const std::vector<std::size_t>& axes, const std::vector<std::int32_t>& data,
                       const std::vector<HeaderCard>& cards) {
    write_image(LONG_IMG, TINT, axes, data.data(), data.size(), cards, false);
}
void Writer::write_i64(const std::vector<std::size_t>& axes, const std::vector<std::int64_t>& data,
                       const std::vector<HeaderCard>& cards) {
    write_image(LONGLONG_IMG, TLONGLONG, axes, data.data(), data.size(), cards, false);
}
void Writer::write_u8(const std::vector<std::size_t>& axes, const std::vector<std::uint8_t>& data,
                      const std::vector<HeaderCard>& cards) {
    write_image(BYTE_IMG, TBYTE, axes, data.data(), data.size(), cards, false);
}
void Writer::write_f32(const std::vector<std::size_t>& axes, const std::vector<float>& data,
                       const std::vector<HeaderCard>& cards) {
    write_image(FLOAT_IMG, TFLOAT, axes, data.data(), data.size(), cards, false);
}
void Writer::write_f64(const std::vector<std::size_t>& axes, const std::vector<double>& data,
                       const std::vector<HeaderCard>& cards) {
    write_image(DOUBLE_IMG, TDOUBLE, axes, data.data(), data.size(), cards, false);
}
void Writer::write_empty(const std::vector<HeaderCard>& cards) { write_image(SHORT_IMG, TSHORT, {}, nullptr, 0, cards, false); }

void Writer::set_key(const std::string& keyword, double value, const std::string& comment) {
    int status = 0;
    fits_update_key_dbl(handle_->fptr, keyword.c_str(), value, -15, comment.c_str(), &status);
    if (status) fail(path_, "cannot write keyword " + keyword, status);
}
void Writer::set_key(const std::string& keyword, long long value, const std::string& comment) {
    int status = 0;
    LONGLONG v = value;
    fits_update_key(handle_->fptr, TLONGLONG, keyword.c_str(), &v, comment.c_str(), &status);
    if (status) fail(path_, "cannot write keyword " + keyword, status);
}
void Writer::set_key(const std::string& keyword, const std::string& value, const std::string& comment) {
    int status = 0;
    fits_update_key_str(handle_->fptr, keyword.c_str(), value.c_str(), comment.c_str(), &status);
    if (status) fail(path_, "cannot write keyword " + keyword, status);
}

}  // namespace bitsky::fits
