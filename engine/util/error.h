#pragma once
// Errors the engine reports to users: always say which file (or item) and why.
#include <stdexcept>
#include <string>

namespace bitsky {

// Bad input (unreadable file, unsupported data, corrupt codestream). CLI exit code 1.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bad usage (unknown option, unknown codec spec). CLI exit code 2.
class UsageError : public Error {
public:
    using Error::Error;
};

}  // namespace bitsky
