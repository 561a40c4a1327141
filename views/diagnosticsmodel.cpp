#include "diagnosticsmodel.h"

#include <QApplication>
#include <QStringBuilder>
#include <QStyle>

#include "consolesession.h"
#include "diagnostictarget.h"
#include "document.h"

using namespace Qt::StringLiterals;

namespace khepri {

DiagnosticsModel::DiagnosticsModel(Document &document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    QStyle *style = QApplication::style();
    m_icons[0] = style->standardIcon(QStyle::SP_MessageBoxCritical);
    m_icons[1] = style->standardIcon(QStyle::SP_MessageBoxWarning);
    m_icons[2] = style->standardIcon(QStyle::SP_MessageBoxInformation);
    connect(&m_document, &Document::diagnosticsChanged, this, &DiagnosticsModel::update);
    connect(&m_document, &Document::documentReset, this, &DiagnosticsModel::update);
    m_rows = m_document.diagnostics();
}

void DiagnosticsModel::follow(const ConsoleSession &session)
{
    m_session = &session;
    // The session merges the Document's changes in and then says so.
    disconnect(&m_document, nullptr, this, nullptr);
    connect(&session, &ConsoleSession::diagnosticsChanged, this, &DiagnosticsModel::update);
    update();
}

const QList<Diagnostic> &DiagnosticsModel::current() const
{
    return m_session ? m_session->diagnostics() : m_document.diagnostics();
}

void DiagnosticsModel::update()
{
    const QList<Diagnostic> &next = current();
    if (next == m_rows)
        return;
    // Keep the common head and tail; replace the middle.
    qsizetype head = 0;
    while (head < m_rows.size() && head < next.size() && m_rows.at(head) == next.at(head))
        ++head;
    qsizetype tail = 0;
    while (tail < m_rows.size() - head && tail < next.size() - head
           && m_rows.at(m_rows.size() - 1 - tail) == next.at(next.size() - 1 - tail))
        ++tail;
    const qsizetype removeCount = m_rows.size() - head - tail;
    if (removeCount > 0) {
        beginRemoveRows({}, int(head), int(head + removeCount - 1));
        m_rows.remove(head, removeCount);
        endRemoveRows();
    }
    const qsizetype insertCount = next.size() - head - tail;
    if (insertCount > 0) {
        beginInsertRows({}, int(head), int(head + insertCount - 1));
        for (qsizetype i = 0; i < insertCount; ++i)
            m_rows.insert(head + i, next.at(head + i));
        endInsertRows();
    }
}

int DiagnosticsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DiagnosticsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

EntityRef DiagnosticsModel::targetAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    return diagnosticTarget(m_rows.at(row));
}

int DiagnosticsModel::errorCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Diagnostic &d) {
        return d.severity == Diagnostic::Severity::Error;
    }));
}

int DiagnosticsModel::warningCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Diagnostic &d) {
        return d.severity == Diagnostic::Severity::Warning;
    }));
}

QVariant DiagnosticsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Diagnostic &d = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return severityName(d.severity);
        case MessageColumn:
            return d.message;
        case CompositionColumn:
            return d.composition;
        case ItemColumn: {
            const EntityRef target = diagnosticTarget(d);
            QString item = target.kind == EntityRef::Kind::Composition
                               ? QString()
                               : QString(target.kindName() % u' ' % target.name);
            if (!d.field.isEmpty())
                item += (item.isEmpty() ? u""_s : u" · "_s) % d.field;
            return item;
        }
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return m_icons[int(d.severity)];
        return {};
    case Qt::ToolTipRole:
        return d.toString();
    default:
        return {};
    }
}

QVariant DiagnosticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case MessageColumn:
        return tr("Message");
    case CompositionColumn:
        return tr("Composition");
    case ItemColumn:
        return tr("Item");
    default:
        return {};
    }
}

} // namespace khepri
