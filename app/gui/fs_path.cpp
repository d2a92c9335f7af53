#include "app/gui/fs_path.h"

#include "engine/util/utf8.h"

namespace bitsky {

QString fromFsBytes(std::string_view bytes) {
    QString out;
    out.reserve(static_cast<qsizetype>(bytes.size()));
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t n = util::utf8_sequence_length(bytes, i);
        if (n == 0) {
            out += QChar(static_cast<char16_t>(0xDC00 + static_cast<unsigned char>(bytes[i])));
            ++i;
        } else {
            out += QString::fromUtf8(bytes.data() + i, static_cast<qsizetype>(n));
            i += n;
        }
    }
    return out;
}

std::string toFsBytes(const QString& s) {
    std::string out;
    out.reserve(static_cast<std::size_t>(s.size()));
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t u = s[i].unicode();
        if (u >= 0xDC80 && u <= 0xDCFF && !(i > 0 && s[i - 1].isHighSurrogate())) {
            out += static_cast<char>(u - 0xDC00);  // an escaped byte
            continue;
        }
        qsizetype n = 1;
        if (QChar::isHighSurrogate(u) && i + 1 < s.size() && s[i + 1].isLowSurrogate()) n = 2;
        out += QStringView(s).mid(i, n).toUtf8().toStdString();
        i += n - 1;
    }
    return out;
}

}  // namespace bitsky
