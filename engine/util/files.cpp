#include "engine/util/files.h"

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

}  // namespace bitsky::util
