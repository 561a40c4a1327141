#include "tuiviewstate.h"

#include <algorithm>

#include <QStringBuilder>

#include "liveid.h"

using namespace Qt::StringLiterals;

namespace khepri {

const LiveItem *TuiViewState::liveItem(const QString &id) const
{
    for (const LiveItem &i : live)
        if (i.id == id)
            return &i;
    return nullptr;
}

const Composition *TuiViewState::composition(const QString &name) const
{
    for (const Composition &c : compositions)
        if (c.name == name)
            return &c;
    return nullptr;
}

QList<TuiRow> allRows(const TuiViewState &state)
{
    QList<TuiRow> rows;
    if (!state.live.isEmpty()) {
        for (const LiveItem &i : state.live)
            rows.append({i.id, i.kind, i.composition, i.name, i.status, i.drift});
        return rows;
    }
    for (const Composition &c : state.compositions) {
        rows.append({LiveId::composition(c.name).toString(),
                     ItemKind::Composition,
                     c.name,
                     c.name,
                     LiveStatus::Unknown,
                     {}});
        for (const Service &s : c.services)
            rows.append({LiveId::service(c.name, s.name).toString(),
                         ItemKind::Service,
                         c.name,
                         s.name,
                         LiveStatus::Unknown,
                         {}});
        for (const Network &n : c.networks)
            rows.append({LiveId::network(c.name, n.name).toString(),
                         ItemKind::Network,
                         c.name,
                         n.name,
                         LiveStatus::Unknown,
                         {}});
        for (const Volume &v : c.volumes)
            rows.append({LiveId::volume(c.name, v.name).toString(),
                         ItemKind::Volume,
                         c.name,
                         v.name,
                         LiveStatus::Unknown,
                         {}});
    }
    return rows;
}

bool rowMatches(const TuiRow &row, const QString &filter)
{
    if (filter.isEmpty())
        return true;
    return row.name.contains(filter, Qt::CaseInsensitive)
           || liveStatusName(row.status).contains(filter, Qt::CaseInsensitive);
}

QList<TuiRow> visibleRows(const TuiViewState &state)
{
    const QList<TuiRow> rows = allRows(state);
    QList<TuiRow> out;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const TuiRow &row = rows.at(i);
        if (row.kind != ItemKind::Composition)
            continue;
        // The composition's members follow it until the next composition.
        QList<TuiRow> members;
        for (qsizetype j = i + 1; j < rows.size() && rows.at(j).kind != ItemKind::Composition; ++j)
            members.append(rows.at(j));
        const bool compositionMatches = rowMatches(row, state.filter);
        QList<TuiRow> shown;
        for (const TuiRow &m : std::as_const(members))
            if (compositionMatches || rowMatches(m, state.filter))
                shown.append(m);
        if (!compositionMatches && shown.isEmpty())
            continue;
        out.append(row);
        if (!state.collapsed.contains(row.composition))
            out.append(shown);
    }
    return out;
}

int rowIndex(const QList<TuiRow> &rows, const QString &id)
{
    for (qsizetype i = 0; i < rows.size(); ++i)
        if (rows.at(i).id == id)
            return int(i);
    return 0;
}

QString movedSelection(const TuiViewState &state, int delta)
{
    const QList<TuiRow> rows = visibleRows(state);
    if (rows.isEmpty())
        return state.selectedId;
    const int index = std::clamp(rowIndex(rows, state.selectedId) + delta, 0, int(rows.size()) - 1);
    return rows.at(index).id;
}

QList<int> logMatches(const TuiLogState &log)
{
    QList<int> out;
    if (log.search.isEmpty())
        return out;
    for (qsizetype i = 0; i < log.lines.size(); ++i)
        if (log.lines.at(i).text.contains(log.search, Qt::CaseInsensitive))
            out.append(int(i));
    return out;
}

} // namespace khepri
