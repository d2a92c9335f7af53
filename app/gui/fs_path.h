#pragma once
// File names are bytes on Unix; QString is UTF-16. Every path that crosses between the
// engine (std::filesystem, the store) and Qt goes through these functions, which are exact
// inverses: valid UTF-8 maps to its characters, every other byte b to the lone surrogate
// U+DC00 + b (drawn as a replacement glyph, and turned back into b). Qt's own conversions
// (toStdString, fromLocal8Bit) replace such bytes, so a file named in Latin-1 could not be
// opened again.
#include <QString>

#include <filesystem>
#include <string>
#include <string_view>

namespace bitsky {

QString fromFsBytes(std::string_view bytes);
inline QString fromFsPath(const std::filesystem::path& p) { return fromFsBytes(p.native()); }
std::string toFsBytes(const QString& s);
inline std::filesystem::path toFsPath(const QString& s) { return std::filesystem::path(toFsBytes(s)); }

}  // namespace bitsky
