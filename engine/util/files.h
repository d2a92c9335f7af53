#pragma once
// Output files that must not be an input.
#include <filesystem>
#include <vector>

namespace bitsky::util {

// Throws Error naming both when `out` is the same file as one of `inputs` (by device and
// inode, so links and other spellings of the name count). A missing `out` is fine.
void refuse_output_that_is_an_input(const std::filesystem::path& out, const std::vector<std::filesystem::path>& inputs);

}  // namespace bitsky::util
