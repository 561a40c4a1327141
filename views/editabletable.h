#pragma once

// The editable table the list and map field editors share: a QTableWidget
// with + and − buttons beside it. + appends an empty row and starts editing
// it, − removes the selected rows (or the current one); the table's height
// follows its rows up to `maxRows`. Emits edited() after every change made
// through it. Owned by its parent editor.

#include <QWidget>

class QTableWidget;

namespace khepri {

class EditableTable : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EditableTable)
public:
    EditableTable(int columns, const QString &addTip, const QString &removeTip, int maxRows,
                  QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    void adjustHeight();

Q_SIGNALS:
    void edited();

private:
    QTableWidget *m_table;
    int m_maxRows;
};

} // namespace khepri
