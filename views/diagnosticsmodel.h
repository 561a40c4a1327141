#pragma once

// The diagnostics as a table for the bottom dock: severity, message,
// composition, and the item it concerns — the Document's, or, once it
// follows a ConsoleSession, the session's merged list (the Document's, the
// loader's notes, the translator's, the load error). Follows them
// incrementally: when the diagnostics change, the rows that stayed the same
// at the start and the end are kept and only the middle is removed and
// inserted, so a view's selection and scroll position survive typing.

#include <QAbstractTableModel>
#include <QIcon>
#include <QList>

#include "diagnostic.h"
#include "entityref.h"

namespace khepri {

class ConsoleSession;
class Document;

class DiagnosticsModel : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagnosticsModel)
public:
    enum Column { SeverityColumn, MessageColumn, CompositionColumn, ItemColumn, ColumnCount };

    explicit DiagnosticsModel(Document &document, QObject *parent = nullptr);
    // Shows `session`'s merged diagnostics from now on (it must outlive the model).
    void follow(const ConsoleSession &session);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    Diagnostic diagnosticAt(int row) const { return m_rows.value(row); }
    EntityRef targetAt(int row) const;
    int errorCount() const;
    int warningCount() const;

private:
    void update();

    const QList<Diagnostic> &current() const;

    Document &m_document;
    const ConsoleSession *m_session = nullptr;
    QList<Diagnostic> m_rows; // as shown; equal to current() after update()
    QIcon m_icons[3];
};

} // namespace khepri
