#pragma once
// Writing a GUI table (inspector results, a plot's data) to a file, in the format the
// file's suffix names: .csv, .tex, .md or .json (engine/store/report.h formats it).
#include <QString>

#include "engine/store/report.h"

namespace bitsky {

// Returns false and sets *error (file name and reason) if the table cannot be written.
bool writeTableFile(const store::TextTable& table, const QString& path, QString* error);

}  // namespace bitsky
