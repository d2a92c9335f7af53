// bitsky-cli codec-speed: in-process encode/decode speed and peak memory of each codec on
// a synthetic sample-sky frame, next to the reference tool (cjxl/djxl, opj_compress/
// opj_decompress, fpack/funpack) run on the same pixels in the same run.
// Each codec runs in a forked child so its peak RSS (getrusage) is its own.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/error.h"
#include "engine/util/timing.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

using util::wall_seconds;

std::string q(const std::filesystem::path& p) {
    std::string s = p.string(), out;
    out.reserve(s.size() + 2);
    out.push_back('\'');
    out.append(s);
    out.push_back('\'');
    return out;
}

// Best wall time of a shell command over `repeat` runs; < 0 if it failed.
double time_cmd(const std::string& cmd, int repeat) {
    double best = -1;
    for (int i = 0; i < repeat; ++i) {
        double t0 = wall_seconds();
        int rc = std::system((cmd + " >/dev/null 2>&1").c_str());
        double t = wall_seconds() - t0;
        if (rc != 0) return -1;
        if (best < 0 || t < best) best = t;
    }
    return best;
}

struct Measured {
    bool ok = false;
    std::string error;
    double encode_s = 0, decode_s = 0, encode_cpu_s = 0, decode_cpu_s = 0, ratio = 0, peak_mib = 0;
    std::size_t bytes = 0;
};

// Runs `repeat` verified round trips in a child process; best times, child's peak RSS.
Measured measure(const std::string& spec, int threads, const Frame16& frame, int repeat) {
    int fds[2];
    if (pipe(fds) != 0) throw Error("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        nlohmann::json j;
        try {
            auto codec = codecs::make_codec(spec, {threads});
            codecs::CodecResult best;
            for (int i = 0; i < repeat; ++i) {
                auto r = codecs::roundtrip(*codec, frame);
                if (!r.ok()) {
                    best = r;
                    break;
                }
                if (i == 0 || r.encode_s < best.encode_s) {
                    best.encode_s = r.encode_s;
                    best.encode_cpu_s = r.encode_cpu_s;
                }
                if (i == 0 || r.decode_s < best.decode_s) {
                    best.decode_s = r.decode_s;
                    best.decode_cpu_s = r.decode_cpu_s;
                }
                best.lossless_ok = r.lossless_ok;
                best.lossy = r.lossy;
                best.compressed_bytes = r.compressed_bytes;
                best.raw_bytes = r.raw_bytes;
            }
            j = {{"ok", best.ok()}, {"error", best.error}, {"encode_s", best.encode_s},
                 {"decode_s", best.decode_s}, {"encode_cpu_s", best.encode_cpu_s}, {"decode_cpu_s", best.decode_cpu_s},
                 {"bytes", best.compressed_bytes}, {"ratio", best.ratio()}, {"peak_kib", util::peak_rss_kib()}};
        } catch (const std::exception& e) {
            j = {{"ok", false}, {"error", e.what()}};
        }
        std::string s = util::dump_json(j);
        if (write(fds[1], s.data(), s.size()) < 0) _exit(3);
        _exit(0);
    }
    close(fds[1]);
    std::string s;
    char buf[4096];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) s.append(buf, std::size_t(n));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    Measured m;
    if (s.empty()) {
        m.error = spec + ": benchmark child died (status " + std::to_string(status) + ")";
        return m;
    }
    auto j = nlohmann::json::parse(s);
    m.ok = j["ok"];
    m.error = j.value("error", "");
    if (m.ok) {
        m.encode_s = j["encode_s"];
        m.decode_s = j["decode_s"];
        m.encode_cpu_s = j["encode_cpu_s"];
        m.decode_cpu_s = j["decode_cpu_s"];
        m.bytes = j["bytes"];
        m.ratio = j["ratio"];
        m.peak_mib = double(j["peak_kib"].get<long>()) / 1024.0;
    }
    return m;
}

class CodecSpeed final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--codecs", codecs_, "Codec specs, comma-separated (see bitsky-cli codecs)")
            ->type_name("LIST")
            ->capture_default_str();
        cmd.add_option("--size", size_, "Side of the synthetic frame (pixels)")
            ->check(CLI::Range(16, 16384))
            ->capture_default_str();
        cmd.add_option("--threads", threads_, "Threads inside one encode/decode (and of the tools)")
            ->check(at_least(1))
            ->capture_default_str();
        cmd.add_option("--repeat", repeat_, "Round trips per codec (the best counts)")
            ->check(at_least(1))
            ->capture_default_str();
        cmd.add_option("--seed", seed_, "Seed of the synthetic frame")->capture_default_str();
        cmd.add_flag("--no-tools", no_tools_, "Do not time the reference tools");
        cmd.add_flag("--json", json_, "Print JSON instead of text");
    }
    int run() override;

private:
    std::string codecs_ = "jpegxl:e1,jpegxl:e3,default,hcompress,gzip";
    long long size_ = 2048, threads_ = 1, repeat_ = 3, seed_ = 1;
    bool no_tools_ = false, json_ = false;
};

int CodecSpeed::run() {
    auto specs = codecs::parse_codec_list(codecs_);
    const long long size = size_, threads = threads_, repeat = repeat_;
    auto sky = sample::synthetic_frame(std::size_t(size), std::size_t(size), 5.0, 400.0, std::uint64_t(seed_));
    Frame16 frame{sky.pixels, sky.width, sky.height};
    const double mb = 2.0 * double(frame.size()) / 1e6;

    auto tmp = std::filesystem::temp_directory_path() / ("bitsky-speed-" + std::to_string(getpid()));
    std::filesystem::create_directories(tmp);
    {
        std::ofstream pgm(tmp / "in.pgm", std::ios::binary);
        pgm << "P5\n" << frame.width << " " << frame.height << "\n65535\n";
        for (auto v : frame.pixels) pgm.put(char(v >> 8)).put(char(v & 0xff));
        fits::Writer w(tmp / "in.fits");
        w.write_u16({frame.width, frame.height}, sky.pixels);
        w.close();
        std::ofstream tiny(tmp / "tiny.pgm", std::ios::binary);
        tiny << "P5\n1 1\n65535\n" << char(0) << char(1);
        fits::Writer t(tmp / "tiny.fits");
        t.write_u16({4, 4}, std::vector<std::uint16_t>(16, 1));
        t.close();
    }
    const bool tools = !no_tools_;
    // Process start-up + tiny-file cost of each tool, subtracted from its times.
    auto startup = [&](const std::string& cmd) { return tools ? std::max(0.0, time_cmd(cmd, 3)) : 0.0; };
    double cjxl0 = startup("cjxl -d 0 -e 1 " + q(tmp / "tiny.pgm") + " " + q(tmp / "tiny.jxl"));
    double djxl0 = startup("djxl " + q(tmp / "tiny.jxl") + " " + q(tmp / "tiny_out.pgm"));
    double opj0 = startup("opj_compress -n 1 -i " + q(tmp / "tiny.pgm") + " -o " + q(tmp / "tiny.j2k"));
    double opjd0 = startup("opj_decompress -i " + q(tmp / "tiny.j2k") + " -o " + q(tmp / "tiny_out.pgm"));
    double fpack0 = startup("fpack -r -S " + q(tmp / "tiny.fits") + " > " + q(tmp / "tiny.fz"));
    double funpack0 = startup("funpack -S " + q(tmp / "tiny.fz") + " > " + q(tmp / "tiny_out.fits"));

    nlohmann::json rows = nlohmann::json::array();
    if (!json_)
        std::printf("%dx%d frame, %lld thread(s), best of %lld; MB/s of raw 16-bit pixels\n", int(size), int(size),
                    threads, repeat);
    if (!json_)
        std::printf("%-11s %6s %9s %9s %9s %9s %8s\n", "codec", "ratio", "enc MB/s", "dec MB/s", "tool enc",
                    "tool dec", "peak MiB");
    for (const auto& spec : specs) {
        Measured m = measure(spec, int(threads), frame, int(repeat));
        double tool_enc = -1, tool_dec = -1;
        if (tools && m.ok) {
            std::string in_pgm = q(tmp / "in.pgm"), in_fits = q(tmp / "in.fits");
            std::string t = std::to_string(threads);
            if (spec.rfind("jpegxl:", 0) == 0) {
                std::string e = "-e 9 -E 3 -I 100 -g 3";
                if (spec != "jpegxl:max") e.assign("-e ").append(spec, 8, std::string::npos);
                tool_enc = time_cmd("cjxl -d 0 " + e + " --num_threads=" + t + " " + in_pgm + " " + q(tmp / "o.jxl"),
                                    int(repeat)) - cjxl0;
                tool_dec = time_cmd("djxl --num_threads=" + t + " " + q(tmp / "o.jxl") + " " + q(tmp / "o.pgm"),
                                    int(repeat)) - djxl0;
            } else if (spec == "jpeg2000") {
                tool_enc = time_cmd("opj_compress -threads " + t + " -i " + in_pgm + " -o " + q(tmp / "o.j2k"),
                                    int(repeat)) - opj0;
                tool_dec = time_cmd("opj_decompress -threads " + t + " -i " + q(tmp / "o.j2k") + " -o " +
                                    q(tmp / "o.pgm"), int(repeat)) - opjd0;
            } else if (spec == "rice" || spec == "hcompress" || spec == "gzip") {
                std::string flag = spec == "rice" ? "-r" : spec == "hcompress" ? "-h" : "-g";
                tool_enc = time_cmd("fpack " + flag + " -S " + in_fits + " > " + q(tmp / "o.fz"), int(repeat)) - fpack0;
                tool_dec = time_cmd("funpack -S " + q(tmp / "o.fz") + " > " + q(tmp / "o.fits"), int(repeat)) - funpack0;
            }
        }
        auto rate = [&](double s) { return s > 0 ? mb / s : 0.0; };
        nlohmann::json row{{"codec", spec}, {"ok", m.ok}, {"ratio", m.ratio}, {"bytes", m.bytes},
                           {"encode_s", m.encode_s}, {"decode_s", m.decode_s}, {"encode_cpu_s", m.encode_cpu_s},
                           {"decode_cpu_s", m.decode_cpu_s}, {"encode_mb_s", rate(m.encode_s)},
                           {"decode_mb_s", rate(m.decode_s)}, {"tool_encode_s", tool_enc}, {"tool_decode_s", tool_dec},
                           {"tool_encode_mb_s", rate(tool_enc)}, {"tool_decode_mb_s", rate(tool_dec)},
                           {"peak_mib", m.peak_mib}};
        if (!m.ok) row["error"] = m.error;
        rows.push_back(row);
        if (!json_) {
            if (!m.ok) {
                std::printf("%-11s FAILED: %s\n", spec.c_str(), m.error.c_str());
                continue;
            }
            auto tool = [&](double s) { return s > 0 ? std::to_string(int(rate(s) + 0.5)) : std::string("-"); };
            std::printf("%-11s %6.3f %9.1f %9.1f %9s %9s %8.0f\n", spec.c_str(), m.ratio, rate(m.encode_s),
                        rate(m.decode_s), tool(tool_enc).c_str(), tool(tool_dec).c_str(), m.peak_mib);
            std::fflush(stdout);
        }
    }
    std::error_code ec;
    std::filesystem::remove_all(tmp, ec);
    if (json_)
        std::cout << util::dump_json(nlohmann::json{{"size", size}, {"threads", threads}, {"repeat", repeat}, {"codecs", rows}}, 2)
                  << "\n";
    return 0;
}

Register<CodecSpeed> registeredCodecSpeed{"codec-speed",
                         "codec encode/decode speed and peak memory on a synthetic frame, next to the reference tools"};

}  // namespace
}  // namespace bitsky::cli
