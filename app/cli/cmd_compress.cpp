// bitsky-cli compress: writes a FITS file of tile-compressed image HDUs made from a codec's
// own bytes (the bytes every measurement counts) behind the header the codec states
// (Codec::fits_tile_header), so any FITS reader, funpack included, decodes them. Codecs
// whose bytes are FITS tiles: fpack's quantization of floats (rice:q4, ...). Each 2D image
// HDU the codec takes becomes one compressed extension with the image's own header cards;
// other HDUs are listed as not written. OUT is never an input and never replaced unless
// --force; it appears only when complete.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "app/cli/file_argument.h"
#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "engine/util/files.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

constexpr std::size_t kBlock = 2880;

std::string card(const std::string& key, const std::string& value) {
    std::string c = key;
    c.resize(8, ' ');
    c += "= ";
    c += std::string(value.size() < 20 ? 20 - value.size() : 0, ' ') + value;
    c.resize(80, ' ');
    return c;
}

void pad(std::string& s, char fill) { s.resize((s.size() + kBlock - 1) / kBlock * kBlock, fill); }

// Cards of the original image worth keeping (WCS, exposure, history), not those that
// describe its layout or the compression (the codec's header states those).
bool keep_card(const fits::HeaderCard& c) {
    if (c.card.size() != 80 || fits::is_structural_keyword(c.keyword)) return false;
    if (c.keyword == "END" || c.keyword == "ZIMAGE" || c.keyword == "ZSIMPLE" || c.keyword == "ZEXTEND" ||
        c.keyword == "ZTENSION" || c.keyword == "ZQUANTIZ" || c.keyword == "ZDITHER0" || c.keyword == "ZBLANK" ||
        c.keyword == "ZCMPTYPE" || c.keyword == "ZBITPIX" || c.keyword == "ZHECKSUM" || c.keyword == "ZDATASUM")
        return false;
    for (const char* p : {"ZNAXIS", "ZTILE", "ZNAME", "ZVAL", "ZPCOUNT", "ZGCOUNT"})
        if (c.keyword.rfind(p, 0) == 0) return false;
    return true;
}

// `header` (cards up to END, padded) with `cards` inserted before END.
std::string with_cards(const std::string& header, const std::vector<fits::HeaderCard>& cards) {
    std::string out;
    for (std::size_t at = 0; at + 80 <= header.size(); at += 80) {
        const std::string c = header.substr(at, 80);
        if (c.compare(0, 8, "END     ") == 0) break;
        out += c;
    }
    for (const auto& c : cards)
        if (keep_card(c)) out += c.card;
    std::string end = "END";
    end.resize(80, ' ');
    out += end;
    pad(out, ' ');
    return out;
}

class Compress final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--codec", spec_, "Codec whose bytes are FITS tiles, e.g. rice:q4 (see bitsky-cli codecs)")
            ->required()
            ->type_name("SPEC");
        cmd.add_flag("--force", force_, "Replace OUT if it exists");
        cmd.add_flag("--json", json_, "Print JSON instead of text");
        cmd.add_option("IN", in_, "FITS file; IN[N] (HDU N, 0 = primary), IN[NAME] or IN[NAME,VER] takes one HDU")
            ->required();
        cmd.add_option("OUT", out_, "Output FITS file (tile-compressed image extensions)")->required();
    }
    int run() override;

private:
    std::string spec_, in_, out_;
    bool force_ = false, json_ = false;
};

int Compress::run() {
    auto codec = codecs::make_codec(spec_);
    if (!codec->writes_fits_tiles())
        throw UsageError(codec->spec() +
                         " does not write FITS tiles; lossy FITS codecs: rice, gzip, gzip2 or hcompress with :q<level> "
                         "(lossless ones: fpack itself)");
    const FileArgument arg = open_file_argument(in_);
    const std::filesystem::path out = out_;
    util::refuse_output_that_is_an_input(out, {arg.argument.path});
    if (std::filesystem::exists(out) && !force_) throw Error(out_ + ": exists (--force replaces it)");

    std::string file = card("SIMPLE", "T") + card("BITPIX", "8") + card("NAXIS", "0") + card("EXTEND", "T");
    if (!arg.file.hdus().empty() && !arg.file.hdus()[0].has_image_data())
        for (const auto& c : arg.file.hdus()[0].cards)
            if (keep_card(c) && c.keyword != "EXTEND") file += c.card;
    file += std::string("END").append(77, ' ');
    pad(file, ' ');

    nlohmann::json written = nlohmann::json::array(), skipped = nlohmann::json::array();
    for (const auto& h : arg.file.hdus()) {
        if (arg.hdu && h.index != *arg.hdu) continue;
        std::string why = h.skip_reason();
        if (why.empty() && h.axes.size() != 2)
            why = "compress writes 2D images; this HDU has " + std::to_string(h.axes.size()) + " axes";
        if (why.empty()) why = codec->refusal(h.bitpix, h.axes.at(0), h.axes.at(1));
        if (!why.empty()) {
            skipped.push_back({{"hdu", h.index}, {"reason", why}});
            if (!json_) std::cout << in_ << " [hdu " << h.index << "] not written: " << why << "\n";
            continue;
        }
        const PixelFrame frame = arg.file.read_frame(h.index, 0);
        const auto bytes = codec->encode_any(frame);
        file += with_cards(codec->fits_tile_header(bytes, frame.sample(), frame.width, frame.height), h.cards);
        file.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        pad(file, '\0');
        const double bpp = 8.0 * double(bytes.size()) / double(frame.size());
        written.push_back({{"hdu", h.index}, {"width", frame.width}, {"height", frame.height},
                           {"compressed_bytes", bytes.size()}, {"bpp", bpp}});
        if (!json_)
            std::cout << in_ << " [hdu " << h.index << "] " << frame.width << "x" << frame.height << " "
                      << sample_name(frame.sample()) << " -> " << codec->spec() << (codec->lossy() ? " (lossy)" : "") << ": "
                      << bytes.size() << " bytes, " << bpp << " bpp\n";
    }
    if (written.empty())
        throw Error(in_ + ": no image HDU " + codec->spec() + " can take (" +
                    (skipped.empty() ? std::string("no image data") : skipped.back()["reason"].get<std::string>()) + ")");

    util::PartFile part(out);
    {
        std::ofstream os(part.path(), std::ios::binary);
        os.write(file.data(), std::streamsize(file.size()));
        os.close();
        if (!os) throw Error(out_ + ": cannot write (" + part.path().string() + ")");
    }
    part.commit();
    if (json_)
        std::cout << util::dump_json(nlohmann::json{{"in", in_}, {"out", out_}, {"codec", codec->spec()},
                                                    {"lossy", codec->lossy()}, {"hdus", written}, {"skipped", skipped}},
                                     2)
                  << "\n";
    else
        std::cout << "wrote " << out_ << " (" << written.size() << " compressed image HDU"
                  << (written.size() == 1 ? "" : "s") << ")\n";
    return 0;
}

Register<Compress> registeredCompress{"compress", "write a FITS file of tile-compressed images from a FITS-tile codec's bytes (e.g. rice:q4: fpack -q, readable by funpack)"};

}  // namespace
}  // namespace bitsky::cli
