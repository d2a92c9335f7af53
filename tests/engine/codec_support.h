#pragma once
// Helpers for the codec tests: deterministic synthetic frames, PGM/FITS writers for the
// reference tools, and a reader for the compressed-data size of fpack output.
#include <fitsio.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/image/cube.h"

namespace bitsky::test {

struct CodecFrame {
    std::vector<std::uint16_t> pixels;
    std::size_t width = 0, height = 0;
    Frame16 frame() const { return {pixels, width, height}; }
};

// Sky background + Gaussian read noise + Poisson-like shot noise + stars (some saturated)
// + a few hot pixels and a bad column: the textures a real detector frame has.
inline CodecFrame synthetic_frame(std::size_t width, std::size_t height, unsigned seed, double read_noise = 5.0) {
    CodecFrame f;
    f.width = width;
    f.height = height;
    std::vector<double> img(width * height, 1000.0);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    auto gauss = [&] {
        double u = u01(rng) + 1e-300, v = u01(rng);
        return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
    };
    std::size_t stars = 1 + width * height / 2000;
    for (std::size_t s = 0; s < stars; ++s) {
        double cx = u01(rng) * double(width), cy = u01(rng) * double(height);
        double amp = 50.0 * std::pow(u01(rng) + 1e-3, -1.3), w = 1.0 + 2.0 * u01(rng);
        int r = int(std::ceil(4 * w));
        for (int dy = -r; dy <= r; ++dy)
            for (int dx = -r; dx <= r; ++dx) {
                long x = long(cx) + dx, y = long(cy) + dy;
                if (x < 0 || y < 0 || x >= long(width) || y >= long(height)) continue;
                double ddx = double(x) - cx, ddy = double(y) - cy;
                img[std::size_t(y) * width + std::size_t(x)] += amp * std::exp(-(ddx * ddx + ddy * ddy) / (2 * w * w));
            }
    }
    f.pixels.resize(img.size());
    for (std::size_t i = 0; i < img.size(); ++i) {
        double v = img[i] + std::sqrt(std::max(img[i] - 900.0, 1.0)) * gauss() * 0.5 + read_noise * gauss();
        if (u01(rng) < 1e-4) v = 65535;  // hot pixel
        f.pixels[i] = std::uint16_t(std::clamp(std::lround(v), 0L, 65535L));
    }
    if (width > 10)
        for (std::size_t y = 0; y < height; ++y) f.pixels[y * width + width / 3] = 0;  // dead column
    return f;
}

inline std::vector<std::uint8_t> read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::filesystem::path& p, const std::vector<std::uint8_t>& b) {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
    if (!out) throw std::runtime_error("cannot write " + p.string());
}

// The codestream inside a JPEG XL container file (payload of `jxlc`, or the `jxlp`
// parts without their 4-byte index); a bare codestream is returned as is.
inline std::vector<std::uint8_t> jxl_codestream(const std::vector<std::uint8_t>& f) {
    if (f.size() < 2 || (f[0] == 0xff && f[1] == 0x0a)) return f;
    std::vector<std::uint8_t> cs;
    std::size_t pos = 0;
    while (pos + 8 <= f.size()) {
        std::size_t size = std::size_t(f[pos]) << 24 | std::size_t(f[pos + 1]) << 16 | std::size_t(f[pos + 2]) << 8 | f[pos + 3];
        std::string type(f.begin() + long(pos) + 4, f.begin() + long(pos) + 8);
        if (size == 0) size = f.size() - pos;
        if (size < 8 || pos + size > f.size()) throw std::runtime_error("bad JXL box");
        if (type == "jxlc") cs.insert(cs.end(), f.begin() + long(pos) + 8, f.begin() + long(pos + size));
        if (type == "jxlp") cs.insert(cs.end(), f.begin() + long(pos) + 12, f.begin() + long(pos + size));
        pos += size;
    }
    return cs;
}

// 16-bit binary PGM (maxval 65535, big-endian samples), first row first.
inline void write_pgm(const std::filesystem::path& p, const Frame16& f) {
    std::ostringstream head;
    head << "P5\n" << f.width << " " << f.height << "\n65535\n";
    std::string h = head.str();
    std::vector<std::uint8_t> b(h.begin(), h.end());
    for (auto v : f.pixels) {
        b.push_back(std::uint8_t(v >> 8));
        b.push_back(std::uint8_t(v & 0xff));
    }
    write_bytes(p, b);
}

// Reads a 16-bit PGM (as djxl / opj_decompress write it).
inline std::vector<std::uint16_t> read_pgm16(const std::filesystem::path& p, std::size_t& w, std::size_t& h) {
    auto b = read_bytes(p);
    std::size_t pos = 0;
    auto token = [&] {  // whitespace-separated header tokens; '#' comments to end of line
        std::string t;
        while (pos < b.size()) {
            char c = char(b[pos]);
            if (c == '#') {
                while (pos < b.size() && b[pos] != '\n') ++pos;
            } else if (std::isspace(static_cast<unsigned char>(c))) {
                ++pos;
                if (!t.empty()) return t;
            } else {
                t += c;
                ++pos;
            }
        }
        return t;
    };
    std::string magic = token();
    w = std::stoul(token());
    h = std::stoul(token());
    unsigned long maxval = std::stoul(token());  // consumes the single whitespace after it
    if (magic != "P5" || maxval != 65535) throw std::runtime_error("not a 16-bit PGM: " + p.string());
    std::size_t off = pos;
    std::vector<std::uint16_t> px(w * h);
    if (b.size() < off + 2 * px.size()) throw std::runtime_error("short PGM: " + p.string());
    for (std::size_t i = 0; i < px.size(); ++i) px[i] = std::uint16_t(b[off + 2 * i] << 8 | b[off + 2 * i + 1]);
    return px;
}

// A FITS file with the frame as uint16 (BITPIX=16, BZERO=32768), via CFITSIO.
inline void write_fits_u16(const std::filesystem::path& p, const Frame16& f) {
    std::filesystem::remove(p);
    fitsfile* fp = nullptr;
    int status = 0;
    std::string name = p.string();
    fits_create_diskfile(&fp, name.c_str(), &status);
    long naxes[2] = {long(f.width), long(f.height)};
    fits_create_img(fp, USHORT_IMG, 2, naxes, &status);
    std::vector<std::uint16_t> copy(f.pixels.begin(), f.pixels.end());
    fits_write_img(fp, TUSHORT, 1, LONGLONG(copy.size()), copy.data(), &status);
    fits_close_file(fp, &status);
    if (status) throw std::runtime_error("CFITSIO error " + std::to_string(status) + " writing " + name);
}

// One HDU of a FITS file as raw header keywords.
struct RawHdu {
    std::vector<std::pair<std::string, std::string>> keys;
    std::string get(const std::string& k) const {
        for (auto& kv : keys)
            if (kv.first == k) return kv.second;
        return "";
    }
    long long num(const std::string& k) const {
        std::string v = get(k);
        return v.empty() ? 0 : std::stoll(v);
    }
};

// Parses every HDU header of a (plain, uncompressed-file) FITS file.
inline std::vector<RawHdu> raw_hdus(const std::filesystem::path& p) {
    auto b = read_bytes(p);
    std::vector<RawHdu> out;
    std::size_t pos = 0;
    while (pos + 2880 <= b.size()) {
        RawHdu h;
        bool end = false;
        while (!end && pos + 80 <= b.size()) {
            std::string card(reinterpret_cast<const char*>(&b[pos]), 80);
            pos += 80;
            std::string key = card.substr(0, 8);
            key.erase(key.find_last_not_of(' ') + 1);
            if (key == "END") end = true;
            else if (card.compare(8, 2, "= ") == 0) {
                std::string v = card.substr(10);
                if (auto q = v.find('\''); q != std::string::npos && v.find_first_not_of(' ') == q) {
                    v = v.substr(q + 1, v.find('\'', q + 1) - q - 1);
                    v.erase(v.find_last_not_of(' ') + 1);
                } else {
                    v = v.substr(0, v.find('/'));
                    v.erase(0, v.find_first_not_of(' '));
                    v.erase(v.find_last_not_of(' ') + 1);
                }
                h.keys.emplace_back(key, v);
            }
        }
        pos = (pos + 2879) / 2880 * 2880;
        long long naxis = h.num("NAXIS"), n = naxis ? 1 : 0;
        for (long long i = 1; i <= naxis; ++i) n *= h.num("NAXIS" + std::to_string(i));
        long long bytes = std::llabs(h.num("BITPIX")) / 8 * (h.num("GCOUNT") ? h.num("GCOUNT") : 1) * (n + h.num("PCOUNT"));
        if (naxis == 0) bytes = 0;
        pos += std::size_t((bytes + 2879) / 2880 * 2880);
        out.push_back(std::move(h));
    }
    return out;
}

// Compressed data size of every tile-compressed 16-bit image HDU in an fpack output file,
// counted as BitSky counts it: NAXIS1*NAXIS2 (tile descriptors) + PCOUNT (heap).
inline std::vector<long long> fpack_data_sizes(const std::filesystem::path& p) {
    std::vector<long long> sizes;
    for (const auto& h : raw_hdus(p))
        if (h.get("ZIMAGE") == "T" && h.num("ZBITPIX") == 16) sizes.push_back(h.num("NAXIS1") * h.num("NAXIS2") + h.num("PCOUNT"));
    return sizes;
}

}  // namespace bitsky::test
