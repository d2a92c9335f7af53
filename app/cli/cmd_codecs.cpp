// bitsky-cli codecs: every codec spec with its library, version and what its size counts.
#include <iomanip>
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
    auto show = [&](const std::string& spec) {
        auto c = codecs::make_codec(spec);
        bool is_default = std::find(defaults.begin(), defaults.end(), spec) != defaults.end();
        if (json_) {
            list.push_back({{"spec", c->spec()},
                            {"name", c->name()},
                            {"library", c->library()},
                            {"version", c->library_version()},
                            {"multithreaded", c->multithreaded()},
                            {"default", is_default},
                            {"lossy", c->lossy()},
                            {"size", c->size_note()}});
        } else {
            std::cout << std::left << std::setw(c->lossy() ? 18 : 12) << c->spec() << std::setw(10) << c->library()
                      << std::setw(9) << c->library_version() << (c->multithreaded() ? "threads " : "        ")
                      << (is_default ? "default" : c->lossy() ? "LOSSY" : "") << "\n";
        }
    };
    for (const auto& spec : codecs::codec_specs()) show(spec);
    if (!json_)
        std::cout << "\nLossy (never in lossless rankings; floats: fpack's quantization "
                     "<coder>:q<level>[:d2|:nodither][:seed<N>], any level):\n";
    for (const auto& spec : codecs::lossy_codec_specs()) show(spec);
    if (json_) std::cout << util::dump_json(nlohmann::json{{"codecs", list}}, 2) << "\n";
    return 0;
}

Register<Codecs> registeredCodecs{"codecs", "list codec specs with library versions (default set marked), then the lossy specs"};

}  // namespace
}  // namespace bitsky::cli
