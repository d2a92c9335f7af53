#pragma once
// "Benchmark selected...": the images/datasets chosen in the browser, the codecs to
// measure (every spec of the codec registry, the default set checked) and whether items
// that failed before are measured again.
#include <QCheckBox>
#include <QDialog>
#include <QListWidget>
#include <QStringList>

namespace bitsky {

class BenchDialog : public QDialog {
    Q_OBJECT
public:
    explicit BenchDialog(const QStringList& paths, QWidget* parent = nullptr);
    QStringList codecs() const;  // the checked specs, in registry order
    bool retryFailed() const { return retry_->isChecked(); }
    QListWidget* codecList() const { return list_; }

private:
    QListWidget* list_ = nullptr;
    QCheckBox* retry_ = nullptr;
};

}  // namespace bitsky
