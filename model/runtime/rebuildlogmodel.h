#pragma once

// RebuildLogModel holds the lines of one rebuild's log for the GUI's log view
// and the TUI alike: one row per line, with its severity and, for evaluation
// errors, the file, line and column it points at. Owned by RebuildRunner,
// which appends as output arrives and clears it when a new rebuild starts.
// Rows only grow at the end, except that the oldest rows are dropped once
// maximumRows is exceeded, so a verbose build cannot exhaust memory.

#include <QAbstractListModel>
#include <QList>

#include "rebuildtypes.h"

namespace khepri {

class RebuildLogModel : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RebuildLogModel)
public:
    enum Role {
        TextRole = Qt::UserRole + 1,
        SeverityRole, // int(RebuildLogEntry::Severity)
        FileRole,     // empty unless the line is an error with a location
        LineRole,
        ColumnRole,
    };
    Q_ENUM(Role)

    explicit RebuildLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const RebuildLogEntry &entry(int row) const { return m_entries.at(row); }
    // The whole log as text, one line per row (for copying and the CLI).
    QString text() const;

    void append(const QList<RebuildLogEntry> &entries);
    void clear();
    int maximumRows() const { return m_maximumRows; }
    void setMaximumRows(int rows);

private:
    void trim();

    QList<RebuildLogEntry> m_entries;
    int m_maximumRows = 50000;
};

} // namespace khepri
