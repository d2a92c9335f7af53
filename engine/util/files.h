#pragma once
// Output files: never an input, and never seen half-written.
#include <unistd.h>

#include <filesystem>
#include <vector>

namespace bitsky::util {

// Throws Error naming both when `out` is the same file as one of `inputs` (by device and
// inode, so links and other spellings of the name count). A missing `out` is fine.
void refuse_output_that_is_an_input(const std::filesystem::path& out, const std::vector<std::filesystem::path>& inputs);

// A temporary name beside `target` (same folder, so the final rename is atomic):
// ".<name>.part-XXXXXX", unique when made and absent (the writer creates it). commit()
// renames it over the target; otherwise the destructor removes whatever was written.
// Owns a POSIX file descriptor (closed when the object goes away; -1 owns nothing).
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

class PartFile {
public:
    explicit PartFile(const std::filesystem::path& target);
    ~PartFile();
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;
    const std::filesystem::path& path() const { return part_; }
    // Renames the part over the target (Error naming the target on failure).
    void commit();

private:
    std::filesystem::path target_, part_;
    bool done_ = false;
};

}  // namespace bitsky::util
