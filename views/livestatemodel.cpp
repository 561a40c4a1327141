#include "livestatemodel.h"

#include <algorithm>
#include <limits>

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QLocale>
#include <QStringBuilder>

#include "liveitem.h"
#include "livestatus.h"
#include "runtimestate.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

QString uptimeText(qint64 seconds)
{
    if (seconds < 60)
        return QString::number(seconds) + u's';
    if (seconds < 3600)
        return QString::number(seconds / 60) + u'm';
    if (seconds < 86400)
        return QString::number(seconds / 3600) % u"h "_s % QString::number(seconds % 3600 / 60)
               % u'm';
    return QString::number(seconds / 86400) % u"d "_s % QString::number(seconds % 86400 / 3600)
           % u'h';
}

// When the item came up, if it runs: the container's start, else the unit's.
std::optional<QDateTime> upSince(const LiveItem &item)
{
    if (item.container && item.container->status == ContainerStatus::Running
        && item.container->startedAt.isValid())
        return item.container->startedAt;
    if (item.unitState && item.unitState->active == ActiveState::Active
        && item.unitState->activeEnteredAt.isValid())
        return item.unitState->activeEnteredAt;
    return std::nullopt;
}

QColor statusColor(LiveStatus status)
{
    switch (status) {
    case LiveStatus::Running:
    case LiveStatus::Healthy:
        return QColor(0x2e, 0x7d, 0x32);
    case LiveStatus::Starting:
    case LiveStatus::Restarting:
        return QColor(0xb2, 0x6a, 0x00);
    case LiveStatus::Unhealthy:
    case LiveStatus::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case LiveStatus::Stopped:
    case LiveStatus::Missing:
    case LiveStatus::Unknown:
        break;
    }
    return {};
}

} // namespace

LiveStateModel::LiveStateModel(RuntimeState &runtime, QObject *parent)
    : QAbstractTableModel(parent)
    , m_runtime(runtime)
{
    connect(&m_runtime, &RuntimeState::aboutToReset, this, [this] {
        if (!m_resetting) {
            m_resetting = true;
            beginResetModel();
        }
    });
    connect(&m_runtime, &RuntimeState::reset, this, [this] {
        if (!m_resetting)
            beginResetModel();
        m_resetting = false;
        if (m_runtime.indexOf(m_statsId) < 0) {
            m_statsId.clear();
            m_stats.reset();
        }
        endResetModel();
    });
    connect(&m_runtime, &RuntimeState::itemChanged, this, [this](int row, const QString &) {
        if (m_resetting || row < 0 || row >= rowCount())
            return;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    });
}

int LiveStateModel::rowCount(const QModelIndex &parent) const
{
    // While RuntimeState rebuilds its rows, the view must not read them.
    return parent.isValid() || m_resetting ? 0 : m_runtime.count();
}

int LiveStateModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LiveStateModel::idAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_runtime.at(row).id : QString();
}

QModelIndex LiveStateModel::indexOfId(const QString &id, int column) const
{
    const int row = m_resetting ? -1 : m_runtime.indexOf(id);
    return row < 0 ? QModelIndex() : index(row, column);
}

void LiveStateModel::setStats(const QString &id, const std::optional<ContainerStats> &stats)
{
    const QString previous = m_statsId;
    m_statsId = id;
    m_stats = id.isEmpty() ? std::nullopt : stats;
    for (const QString &changed : {previous, id})
        if (const QModelIndex i = indexOfId(changed, CpuColumn); i.isValid())
            Q_EMIT dataChanged(i, index(i.row(), MemoryColumn));
}

QVariant LiveStateModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const LiveItem &item = m_runtime.at(row);
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case Qt::ToolTipRole:
        return item.detail.isEmpty() ? QVariant() : QVariant(item.detail);
    case Qt::ForegroundRole:
        if (index.column() == StateColumn)
            if (const QColor c = statusColor(item.status); c.isValid())
                return QBrush(c);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == RestartsColumn || index.column() == CpuColumn
            || index.column() == MemoryColumn || index.column() == UptimeColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IdRole:
        return item.id;
    case StatusRole:
        return int(item.status);
    case KindRole:
        return int(item.kind);
    case SortRole:
        return sortKey(row, index.column());
    default:
        return {};
    }
}

QVariant LiveStateModel::display(int row, int column) const
{
    const LiveItem &item = m_runtime.at(row);
    const bool hasStats = m_stats && item.id == m_statsId;
    switch (column) {
    case ServiceColumn:
        return item.kind == ItemKind::Service || item.kind == ItemKind::Composition
                   ? item.name
                   : QString(item.name % u" ("_s % itemKindName(item.kind) % u')');
    case CompositionColumn:
        return item.composition;
    case StateColumn:
        return liveStatusName(item.status);
    case HealthColumn:
        if (item.container && item.container->health != HealthStatus::None)
            return healthStatusName(item.container->health);
        return {};
    case UptimeColumn:
        if (const auto since = upSince(item))
            return uptimeText(std::max<qint64>(0, since->secsTo(QDateTime::currentDateTimeUtc())));
        return {};
    case RestartsColumn:
        if (item.kind != ItemKind::Service)
            return {};
        if (item.container)
            return item.container->restartCount
                   + int(item.unitState ? item.unitState->nRestarts : 0);
        if (item.unitState)
            return int(item.unitState->nRestarts);
        return {};
    case CpuColumn:
        return hasStats
                   ? QVariant(QString(QLocale().toString(m_stats->cpuPercent, 'f', 1) % u" %"_s))
                   : QVariant();
    case MemoryColumn:
        return hasStats ? QVariant(QLocale().formattedDataSize(qint64(m_stats->memoryUsage)))
                        : QVariant();
    case PortsColumn:
        return item.container ? item.container->ports.join(u", "_s) : QString();
    default:
        return {};
    }
}

QVariant LiveStateModel::sortKey(int row, int column) const
{
    const LiveItem &item = m_runtime.at(row);
    switch (column) {
    case StateColumn:
        return int(item.status);
    case UptimeColumn:
        if (const auto since = upSince(item))
            return -since->toSecsSinceEpoch();
        return QVariant::fromValue(std::numeric_limits<qint64>::min());
    case CpuColumn:
        return item.id == m_statsId && m_stats ? m_stats->cpuPercent : -1.0;
    case MemoryColumn:
        return item.id == m_statsId && m_stats ? qint64(m_stats->memoryUsage) : qint64(-1);
    case RestartsColumn: {
        const QVariant v = display(row, column);
        return v.isValid() ? v.toInt() : -1;
    }
    default:
        return display(row, column);
    }
}

QVariant LiveStateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ServiceColumn:
        return tr("Service");
    case CompositionColumn:
        return tr("Composition");
    case StateColumn:
        return tr("State");
    case HealthColumn:
        return tr("Health");
    case UptimeColumn:
        return tr("Uptime");
    case RestartsColumn:
        return tr("Restarts");
    case CpuColumn:
        return tr("CPU");
    case MemoryColumn:
        return tr("Memory");
    case PortsColumn:
        return tr("Ports");
    default:
        return {};
    }
}

} // namespace khepri
