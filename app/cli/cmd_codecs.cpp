// bitsky-cli codecs: every codec spec with its library, version and what its size counts.
#include <array>
#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "engine/codecs/codec.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

class Codecs final : public Command {
public:
    void declare(CLI::App& cmd) override { cmd.add_flag("--json", json_, "Print JSON instead of text"); }
    int run() override;

private:
    bool json_ = false;
};

int Codecs::run() {
    auto defaults = codecs::default_codec_specs();
    nlohmann::json list = nlohmann::json::array();
    // Text: one table per section, each column as wide as its longest entry.
    auto table = [](const std::vector<std::array<std::string, 5>>& rows) {
        std::array<std::size_t, 5> width{};
        for (const auto& r : rows)
            for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
        for (const auto& r : rows) {
            std::string line;
            for (std::size_t i = 0; i < r.size(); ++i) {
                line += r[i];
                if (i + 1 < r.size()) line.append(width[i] - r[i].size() + 2, ' ');
            }
            while (!line.empty() && line.back() == ' ') line.pop_back();
            std::cout << line << "\n";
        }
    };
    auto section = [&](const std::vector<std::string>& specs) {
        std::vector<std::array<std::string, 5>> rows;
        for (const auto& spec : specs) {
            auto c = codecs::make_codec(spec);
            const bool is_default = std::find(defaults.begin(), defaults.end(), spec) != defaults.end();
            if (json_)
                list.push_back({{"spec", c->spec()},
                                {"name", c->name()},
                                {"library", c->library()},
                                {"version", c->library_version()},
                                {"multithreaded", c->multithreaded()},
                                {"default", is_default},
                                {"lossy", c->lossy()},
                                {"size", c->size_note()}});
            else
                rows.push_back({c->spec(), c->library(), c->library_version(), c->multithreaded() ? "threads" : "",
                                is_default ? "default" : c->lossy() ? "LOSSY" : ""});
        }
        table(rows);
    };
    section(codecs::codec_specs());
    if (!json_)
        std::cout << "\nLossy (never in lossless rankings; floats: fpack's quantization "
                     "<coder>:q<level>[:d2|:nodither][:seed<N>][:t<rows>|:tframe], any level):\n";
    section(codecs::lossy_codec_specs());
    if (json_) std::cout << util::dump_json(nlohmann::json{{"codecs", list}}, 2) << "\n";
    return 0;
}

Register<Codecs> registeredCodecs{"codecs", "list codec specs with library versions (default set marked), then the lossy specs"};

}  // namespace
}  // namespace bitsky::cli
