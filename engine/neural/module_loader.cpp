// Opens the neural module (see module.h) on first use. Torch-free: bitsky_engine never links
// LibTorch; the module does, and only neural work loads it.
//
// Where: $BITSKY_NEURAL_MODULE (only there, when set), else next to the running executable
// as installed (<exe dir>/BITSKY_NEURAL_MODULE_RELDIR/libbitsky_neural.so, the path from
// the install bin dir to <libdir>/bitsky), else the build tree's module
// (BITSKY_NEURAL_MODULE_BUILD), so programs run from the build tree find it. Opened with
// RTLD_NOW | RTLD_LOCAL (all symbols resolved at once, none leaked into the process's
// global scope) and RTLD_NODELETE: LibTorch's threads and static objects must never be
// unmapped, even when the handle closes at exit.
#include <dlfcn.h>

#include <cstdlib>
#include <utility>

#include "engine/neural/module.h"
#include "engine/util/error.h"

namespace bitsky::neural::detail {

namespace {

#ifdef BITSKY_HAVE_TORCH

// A dlopen handle, closed when it goes away.
class SharedLibrary {
public:
    SharedLibrary() = default;
    explicit SharedLibrary(const std::filesystem::path& path)
        : handle_(dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE)) {}
    ~SharedLibrary() {
        if (handle_) dlclose(handle_);
    }
    SharedLibrary(SharedLibrary&& o) noexcept : handle_(std::exchange(o.handle_, nullptr)) {}
    SharedLibrary& operator=(SharedLibrary&& o) noexcept {
        std::swap(handle_, o.handle_);
        return *this;
    }
    SharedLibrary(const SharedLibrary&) = delete;
    SharedLibrary& operator=(const SharedLibrary&) = delete;
    explicit operator bool() const { return handle_ != nullptr; }
    void* symbol(const char* name) const { return dlsym(handle_, name); }

private:
    void* handle_ = nullptr;
};

std::string dl_error() {
    const char* e = dlerror();
    return e ? e : "unknown error";
}

struct Candidate {
    std::filesystem::path path;
    std::string origin;  // how it was found, for the error message
};

std::vector<Candidate> candidates() {
    if (const char* env = std::getenv(kModuleEnv); env && *env)
        return {{env, std::string("$") + kModuleEnv}};
    std::vector<Candidate> out;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) out.push_back({exe.parent_path() / BITSKY_NEURAL_MODULE_RELDIR / kModuleFile, "installed beside " + exe.string()});
    out.push_back({BITSKY_NEURAL_MODULE_BUILD, "build tree"});
    return out;
}

#endif

struct Loaded {
#ifdef BITSKY_HAVE_TORCH
    SharedLibrary library;
#endif
    const Module* module = nullptr;
    std::string error;
};

Loaded open_module() {
    Loaded out;
#ifndef BITSKY_HAVE_TORCH
    out.error = without_torch_message();
#else
    std::string tried;
    for (const auto& c : candidates()) {
        tried += "\n  " + c.path.string() + " (" + c.origin + "): ";
        std::error_code ec;
        if (!std::filesystem::exists(c.path, ec)) {
            tried += "no such file";
            continue;
        }
        SharedLibrary lib(c.path);
        if (!lib) {
            tried += dl_error();
            continue;
        }
        auto entry = reinterpret_cast<ModuleEntry>(lib.symbol(kModuleEntry));
        if (!entry) {
            tried += std::string("not a BitSky neural module (no ") + kModuleEntry + ")";
            continue;
        }
        const Module* m = entry(kModuleAbi, BITSKY_VERSION);
        if (!m) {
            tried += "a neural module of another BitSky build (this is " BITSKY_VERSION ")";
            continue;
        }
        out.library = std::move(lib);
        out.module = m;
        return out;
    }
    out.error = std::string("neural support is not available: cannot load the neural module ") + kModuleFile +
                "; tried:" + tried;
#endif
    return out;
}

}  // namespace

const Module& module() {
    static const Loaded loaded = open_module();  // once per process, thread-safe
    if (!loaded.module) throw UsageError(loaded.error);
    return *loaded.module;
}

}  // namespace bitsky::neural::detail
