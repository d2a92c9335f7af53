#include "engine/util/files.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "engine/util/error.h"

namespace bitsky::util {

void refuse_output_that_is_an_input(const std::filesystem::path& out, const std::vector<std::filesystem::path>& inputs) {
    std::error_code ec;
    if (!std::filesystem::exists(out, ec)) return;
    for (const auto& in : inputs) {
        if (std::filesystem::equivalent(out, in, ec) && !ec)
            throw Error(out.string() + ": is the input file " + in.string() +
                        "; writing there would destroy it: choose another output");
    }
}

PartFile::PartFile(const std::filesystem::path& target) : target_(target) {
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::string name = ".";  // built with += (GCC 12 warns falsely on a chained +)
    name += target.filename().string();
    name += ".part-XXXXXX";
    std::string templ = (dir / name).string();
    const int fd = ::mkstemp(templ.data());
    if (fd < 0) throw Error(target.string() + ": cannot create a file in " + dir.string() + ": " + std::strerror(errno));
    ::close(fd);
    ::unlink(templ.c_str());  // writers such as CFITSIO create the file themselves
    part_ = templ;
}

PartFile::~PartFile() {
    if (done_) return;
    std::error_code ec;
    std::filesystem::remove(part_, ec);
}

void PartFile::commit() {
    std::error_code ec;
    std::filesystem::rename(part_, target_, ec);
    if (ec) throw Error(target_.string() + ": cannot write: " + ec.message());
    done_ = true;
}

}  // namespace bitsky::util
