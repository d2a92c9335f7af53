// The Neural dock's dialogs: what to train on and how (Train...), and which folders and
// models make the cross-dataset matrix (Compute matrix...).
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <filesystem>

#include "app/gui/fs_path.h"
#include "app/gui/neural_panel.h"
#include "engine/store/store.h"

namespace bitsky {
namespace {

// A list of paths with buttons that add folders or files and remove the selected ones.
QListWidget* pathList(QWidget* parent, QVBoxLayout* into, const QString& fileFilter) {
    auto* list = new QListWidget(parent);
    list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    into->addWidget(list);
    auto* row = new QHBoxLayout;
    auto* folder = new QPushButton(NeuralPanel::tr("Add folder..."), parent);
    auto* files = new QPushButton(NeuralPanel::tr("Add files..."), parent);
    auto* remove = new QPushButton(NeuralPanel::tr("Remove"), parent);
    row->addWidget(folder);
    row->addWidget(files);
    row->addWidget(remove);
    into->addLayout(row);
    QObject::connect(folder, &QPushButton::clicked, parent, [parent, list] {
        const QString d = QFileDialog::getExistingDirectory(parent, NeuralPanel::tr("Add folder"));
        if (!d.isEmpty()) list->addItem(d);
    });
    QObject::connect(files, &QPushButton::clicked, parent, [parent, list, fileFilter] {
        for (const QString& f : QFileDialog::getOpenFileNames(parent, NeuralPanel::tr("Add files"), QString(), fileFilter))
            list->addItem(f);
    });
    QObject::connect(remove, &QPushButton::clicked, parent, [list] { qDeleteAll(list->selectedItems()); });
    return list;
}

QStringList items(const QListWidget* list, bool checkedOnly = false) {
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        if (!checkedOnly || list->item(i)->checkState() == Qt::Checked) out << list->item(i)->text();
    return out;
}

}  // namespace

void NeuralPanel::trainDialog() {
    QDialog dlg(this);
    dlg.setWindowTitle(tr("Train neural model"));
    auto* lay = new QVBoxLayout(&dlg);
    const QString fits = tr("FITS files (*.fits *.fit *.fts *.fits.gz *.fz);;All files (*)");
    QListWidget* paths = pathList(&dlg, lay, fits);
    if (settings_)
        for (const QString& p : settings_->paths) paths->addItem(p);
    auto* form = new QFormLayout;
    auto* holdout = new QDoubleSpinBox(&dlg);
    holdout->setRange(0, 0.9);
    holdout->setSingleStep(0.05);
    holdout->setValue(0.2);
    auto* split = new QCheckBox(tr("Hold out the layout's test split (splits/*test.jsonl) instead"), &dlg);
    auto* epochs = new QSpinBox(&dlg);
    epochs->setRange(1, 10000);
    epochs->setValue(10);
    auto* steps = new QSpinBox(&dlg);
    steps->setRange(1, 100000);
    steps->setValue(64);
    auto* size = new QComboBox(&dlg);
    size->addItem(tr("Small (8 channels, 1 block)"), QSize(8, 1));
    size->addItem(tr("Standard (16 channels, 2 blocks)"), QSize(16, 2));
    size->addItem(tr("Large (32 channels, 3 blocks)"), QSize(32, 3));
    size->setCurrentIndex(1);
    // A model file's line with its Browse... button (to open an existing file or name a new one).
    auto fileRow = [&dlg](QLineEdit* edit, const QString& title, bool save) {
        auto* browse = new QPushButton(tr("Browse..."), &dlg);
        auto* row = new QHBoxLayout;
        row->addWidget(edit, 1);
        row->addWidget(browse);
        connect(browse, &QPushButton::clicked, &dlg, [&dlg, edit, title, save] {
            const QString models = tr("Models (*.pt)");
            const QString f = save ? QFileDialog::getSaveFileName(&dlg, title, QString(), models)
                                   : QFileDialog::getOpenFileName(&dlg, title, QString(), models);
            if (!f.isEmpty()) edit->setText(f);
        });
        return row;
    };
    auto* init = new QLineEdit(&dlg);
    init->setPlaceholderText(tr("none: a new model"));
    init->setToolTip(tr("Fine-tune a trained model on these images: it keeps its size and starts from its weights"));
    QHBoxLayout* initRow = fileRow(init, tr("Start from model"), false);
    connect(init, &QLineEdit::textChanged, size, [size](const QString& t) { size->setDisabled(!t.trimmed().isEmpty()); });
    auto* out = new QLineEdit(&dlg);
    QHBoxLayout* outRow = fileRow(out, tr("Model file"), true);
    connect(split, &QCheckBox::toggled, holdout, &QWidget::setDisabled);
    form->addRow(tr("Held-out fraction"), holdout);
    form->addRow(QString(), split);
    form->addRow(tr("Epochs"), epochs);
    form->addRow(tr("Steps per epoch"), steps);
    form->addRow(tr("Model size"), size);
    form->addRow(tr("Start from model"), initRow);
    form->addRow(tr("Model file"), outRow);
    lay->addLayout(form);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dlg);
    box->button(QDialogButtonBox::Ok)->setText(tr("Train"));
    connect(box, &QDialogButtonBox::accepted, &dlg, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    lay->addWidget(box);
    if (dlg.exec() != QDialog::Accepted) return;
    TrainSettings s;
    s.paths = items(paths);
    s.holdout = split->isChecked() ? 0 : holdout->value();
    s.holdoutSplit = split->isChecked();
    s.epochs = epochs->value();
    s.steps = steps->value();
    const QSize shape = size->currentData().toSize();
    s.channels = shape.width();
    s.layers = shape.height();
    s.init = init->text().trimmed();
    s.out = out->text().trimmed();
    startTraining(s);
}

void NeuralPanel::matrixDialog() {
    QDialog dlg(this);
    dlg.setWindowTitle(tr("Cross-dataset matrix"));
    auto* lay = new QVBoxLayout(&dlg);
    lay->addWidget(new QLabel(tr("Folders (each one a dataset):"), &dlg));
    QListWidget* folders = pathList(&dlg, lay, tr("FITS files (*.fits *.fit *.fts *.fits.gz *.fz);;All files (*)"));
    lay->addWidget(new QLabel(tr("Models (train on the row, test on the column):"), &dlg));
    auto* models = new QListWidget(&dlg);
    lay->addWidget(models);
    auto addModel = [models](const QString& path) {
        auto* item = new QListWidgetItem(path, models);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    };
    if (!storePath_.isEmpty() && std::filesystem::exists(toFsPath(storePath_))) {
        try {
            store::OpenOptions o;
            o.create = false;
            o.read_only = true;
            for (const auto& m : store::ResultsStore(toFsBytes(storePath_), o).models())
                if (m.kind.rfind("neural", 0) == 0 && std::filesystem::exists(m.path)) addModel(fromFsBytes(m.path));
        } catch (const std::exception&) {
            // an unreadable store: the models are added by hand
        }
    }
    auto* addFile = new QPushButton(tr("Add model file..."), &dlg);
    lay->addWidget(addFile);
    connect(addFile, &QPushButton::clicked, &dlg, [&] {
        const QString f = QFileDialog::getOpenFileName(&dlg, tr("Model file"), QString(), tr("Models (*.pt);;All files (*)"));
        if (!f.isEmpty()) addModel(f);
    });
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dlg);
    box->button(QDialogButtonBox::Ok)->setText(tr("Compute"));
    connect(box, &QDialogButtonBox::accepted, &dlg, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    lay->addWidget(box);
    if (dlg.exec() == QDialog::Accepted) startMatrix(items(folders), items(models, true));
}

}  // namespace bitsky
