#include "app/gui/bench_dialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

#include "engine/codecs/codec.h"

namespace bitsky {

BenchDialog::BenchDialog(const QStringList& paths, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Benchmark selected"));
    auto* lay = new QVBoxLayout(this);
    QStringList names;
    for (const QString& p : paths) names << QFileInfo(p).fileName();
    auto* what = new QLabel(tr("%n file(s) or dataset(s): %1", nullptr, int(paths.size())).arg(names.join(QStringLiteral(", "))), this);
    what->setWordWrap(true);
    what->setToolTip(paths.join(QLatin1Char('\n')));
    lay->addWidget(what);
    lay->addWidget(new QLabel(tr("Codecs to measure:"), this));
    list_ = new QListWidget(this);
    const auto defaults = codecs::default_codec_specs();
    for (const auto& spec : codecs::codec_specs()) {
        auto* item = new QListWidgetItem(QString::fromStdString(spec), list_);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        bool on = std::find(defaults.begin(), defaults.end(), spec) != defaults.end();
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    lay->addWidget(list_, 1);
    retry_ = new QCheckBox(tr("Re-run failed items"), this);
    lay->addWidget(retry_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start benchmark"));
    lay->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto update = [this, buttons] { buttons->button(QDialogButtonBox::Ok)->setEnabled(!codecs().isEmpty()); };
    connect(list_, &QListWidget::itemChanged, this, update);
    update();
    resize(420, 460);
}

QStringList BenchDialog::codecs() const {
    QStringList out;
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->checkState() == Qt::Checked) out << list_->item(i)->text();
    return out;
}

}  // namespace bitsky
