#pragma once

// Asks before Save: shows the unified diff between the owned file on disk
// and what would be written, and offers Save or Cancel. A plain modal
// confirmation dialog (the one kind of nested loop the style allows).

#include <QDialog>

namespace khepri {

class DiffDialog : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffDialog)
public:
    DiffDialog(const QString &file, const QString &diff, QWidget *parent = nullptr);
};

} // namespace khepri
