#pragma once

// LiveStateModel shows RuntimeState as a table for the desktop console's
// Status dock: one row per LiveItem (compositions, services, networks,
// volumes), in RuntimeState's order. It holds nothing of the state itself —
// data() reads the RuntimeState row — except one stats sample for the row
// whose container the window follows (CPU and memory are empty elsewhere).
// Incremental: a RuntimeState reset is a model reset, itemChanged(row) is
// dataChanged for that row. The RuntimeState must outlive the model.

#include <optional>

#include <QAbstractTableModel>

#include "dockertypes.h"

namespace khepri {

class RuntimeState;

class LiveStateModel : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveStateModel)
public:
    enum Column {
        ServiceColumn,
        CompositionColumn,
        StateColumn,
        HealthColumn,
        UptimeColumn,
        RestartsColumn,
        CpuColumn,
        MemoryColumn,
        PortsColumn,
        ColumnCount
    };
    enum Role {
        IdRole = Qt::UserRole + 1, // the LiveItem's stable id
        StatusRole,                // int(LiveStatus)
        KindRole,                  // int(ItemKind)
        SortRole,                  // what the column sorts by
    };

    explicit LiveStateModel(RuntimeState &runtime, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    QString idAt(int row) const;
    QModelIndex indexOfId(const QString &id, int column = 0) const;

    // The latest stats sample of the item `id` (a service); empty id clears.
    void setStats(const QString &id, const std::optional<ContainerStats> &stats);
    QString statsId() const { return m_statsId; }

private:
    QVariant display(int row, int column) const;
    QVariant sortKey(int row, int column) const;

    RuntimeState &m_runtime;
    bool m_resetting = false;
    QString m_statsId;
    std::optional<ContainerStats> m_stats;
};

} // namespace khepri
