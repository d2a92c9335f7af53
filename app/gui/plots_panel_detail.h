#pragma once
// Helpers shared by the plots dock's source files (plots_panel.cpp, plots_store.cpp,
// plots_frame.cpp): number formatting for labels and tables, and the codec palette.
#include <QColor>
#include <QList>
#include <QString>
#include <optional>
#include <string>

namespace bitsky::plots_detail {

inline QString fmt(double v, int prec = 3) { return QString::number(v, 'f', prec); }

inline const QList<QColor>& codecPalette() {
    static const QList<QColor> p{QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                 QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                 QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                                 QColor(0x17, 0xbe, 0xcf)};
    return p;
}

// Table cells.
inline std::string str(const QString& s) { return s.toStdString(); }
inline std::string num(double v, int prec = 6) { return QString::number(v, 'f', prec).toStdString(); }
inline std::string optNum(const std::optional<double>& v, int prec = 6) { return v ? num(*v, prec) : std::string(); }

}  // namespace bitsky::plots_detail
