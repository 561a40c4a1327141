#include "rebuildlogmodel.h"

#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {

RebuildLogModel::RebuildLogModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int RebuildLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant RebuildLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RebuildLogEntry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return e.text;
    case Qt::ToolTipRole:
        if (e.file.isEmpty())
            return {};
        return e.line > 0 ? QString(e.file % u':' % QString::number(e.line) % u':'
                                    % QString::number(e.column))
                          : e.file;
    case SeverityRole:
        return int(e.severity);
    case FileRole:
        return e.file;
    case LineRole:
        return e.line;
    case ColumnRole:
        return e.column;
    default:
        return {};
    }
}

QHash<int, QByteArray> RebuildLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(TextRole, "text");
    names.insert(SeverityRole, "severity");
    names.insert(FileRole, "file");
    names.insert(LineRole, "line");
    names.insert(ColumnRole, "column");
    return names;
}

QString RebuildLogModel::text() const
{
    QString all;
    for (const RebuildLogEntry &e : m_entries)
        all += e.text % u'\n';
    return all;
}

void RebuildLogModel::append(const QList<RebuildLogEntry> &entries)
{
    if (entries.isEmpty())
        return;
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(entries.size()) - 1);
    m_entries.append(entries);
    endInsertRows();
    trim();
}

void RebuildLogModel::clear()
{
    if (m_entries.isEmpty())
        return;
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

void RebuildLogModel::setMaximumRows(int rows)
{
    m_maximumRows = std::max(1, rows);
    trim();
}

void RebuildLogModel::trim()
{
    if (m_entries.size() <= m_maximumRows)
        return;
    // Drop a tenth more than needed, so trimming is rare.
    const int excess =
        std::min(int(m_entries.size()), int(m_entries.size()) - m_maximumRows + m_maximumRows / 10);
    beginRemoveRows({}, 0, excess - 1);
    m_entries.remove(0, excess);
    endRemoveRows();
}

} // namespace khepri
