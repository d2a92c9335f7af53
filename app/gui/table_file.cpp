#include "app/gui/table_file.h"

#include <QCoreApplication>
#include <QFile>

#include <stdexcept>
#include <string>

namespace bitsky {

bool writeTableFile(const store::TextTable& table, const QString& path, QString* error) {
    try {
        const auto format = store::report_format_for_path(path.toStdString());
        const std::string text = store::format_table(table, format);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            f.write(text.data(), qint64(text.size())) != qint64(text.size()))
            throw std::runtime_error(QCoreApplication::translate("TableFile", "cannot write %1: %2")
                                         .arg(path, f.errorString())
                                         .toStdString());
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

}  // namespace bitsky
