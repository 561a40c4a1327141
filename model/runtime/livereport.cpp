#include "livereport.h"

#include <QJsonArray>
#include <QStringBuilder>

#include "dockerclient.h"
#include "runtimestate.h"
#include "systemdclient.h"
#include "textescape.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

QJsonValue errorJson(const std::optional<Error> &e)
{
    if (!e)
        return QJsonValue::Null;
    return QJsonObject{
        {u"code"_s, e->codeName()}, {u"message"_s, e->message}, {u"hint"_s, e->hint}};
}

QJsonValue timeJson(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue::Null;
}

QJsonValue nullable(const QString &s)
{
    return s.isEmpty() ? QJsonValue::Null : QJsonValue(s);
}

} // namespace

// {
//   "version": 1, "synced": bool,
//   "systemd": {"bus", "available", "error": null | {code, message, hint}},
//   "docker": {"host", "connected", "engine", "api", "error"},
//   "problems": [{code, message, hint}],
//   "items": [{
//     "id", "kind": composition|service|network|volume, "composition", "name",
//     "status": running|healthy|starting|unhealthy|restarting|failed|stopped|missing|unknown,
//     "drift": ["not-deployed" | "no-longer-declared" | "image-differs"],
//     "declared", "deployed", "unit", "docker", "detail",
//     "unitState": null | {load, active, sub, result, restarts, since},
//     "container": null | {id, state, health, image, restartCount, exitCode, startedAt, ports},
//     "exists": bool (networks and volumes)
//   }]
// }
QJsonObject liveStateJson(const RuntimeState &state)
{
    QJsonArray items;
    for (const LiveItem &i : state.items()) {
        QJsonObject o{{u"id"_s, i.id},
                      {u"kind"_s, itemKindName(i.kind)},
                      {u"composition"_s, i.composition},
                      {u"name"_s, i.name},
                      {u"status"_s, liveStatusName(i.status)},
                      {u"drift"_s, QJsonArray::fromStringList(driftNames(i.drift))},
                      {u"declared"_s, i.declared},
                      {u"deployed"_s, i.deployed},
                      {u"unit"_s, nullable(i.unit)},
                      {u"docker"_s, nullable(i.dockerName)},
                      {u"detail"_s, i.detail}};
        if (i.unitState && state.systemdKnown()) {
            const UnitState &u = *i.unitState;
            o.insert(u"unitState"_s, QJsonObject{{u"load"_s, loadStateName(u.load)},
                                                 {u"active"_s, activeStateName(u.active)},
                                                 {u"sub"_s, u.subState},
                                                 {u"result"_s, nullable(u.result)},
                                                 {u"restarts"_s, qint64(u.nRestarts)},
                                                 {u"since"_s, timeJson(u.stateChangedAt)}});
        } else {
            o.insert(u"unitState"_s, QJsonValue::Null);
        }
        if (i.kind == ItemKind::Service) {
            if (i.container && state.dockerKnown()) {
                const ContainerState &c = *i.container;
                o.insert(u"container"_s,
                         QJsonObject{{u"id"_s, c.id},
                                     {u"state"_s, containerStatusName(c.status)},
                                     {u"health"_s, healthStatusName(c.health)},
                                     {u"image"_s, c.image},
                                     {u"restartCount"_s, c.restartCount},
                                     {u"exitCode"_s, c.exitCode},
                                     {u"startedAt"_s, timeJson(c.startedAt)},
                                     {u"ports"_s, QJsonArray::fromStringList(c.ports)}});
            } else {
                o.insert(u"container"_s, QJsonValue::Null);
            }
        } else if (i.kind != ItemKind::Composition) {
            o.insert(u"exists"_s, i.exists);
        }
        items.append(o);
    }
    QJsonArray problems;
    for (const Error &e : state.problems())
        problems.append(errorJson(e));
    const SystemdClient &sd = state.systemd();
    const DockerClient &dk = state.docker();
    return QJsonObject{{u"version"_s, 1},
                       {u"synced"_s, state.isSynced()},
                       {u"systemd"_s, QJsonObject{{u"bus"_s, sd.busDescription()},
                                                  {u"available"_s, state.systemdKnown()},
                                                  {u"error"_s, errorJson(sd.lastError())}}},
                       {u"docker"_s, QJsonObject{{u"host"_s, dk.host()},
                                                 {u"connected"_s, state.dockerKnown()},
                                                 {u"engine"_s, nullable(dk.engine())},
                                                 {u"api"_s, nullable(dk.apiVersion())},
                                                 {u"error"_s, errorJson(dk.lastError())}}},
                       {u"problems"_s, problems},
                       {u"items"_s, items}};
}

QString formatLiveTable(const RuntimeState &state)
{
    struct Row {
        QString name, kind, status, drift, detail;
    };
    QList<Row> rows;
    rows.append({u"NAME"_s, u"KIND"_s, u"STATUS"_s, u"DRIFT"_s, u"DETAIL"_s});
    for (const LiveItem &i : state.items()) {
        const QString name =
            i.kind == ItemKind::Composition ? i.name : u"  "_s % i.composition % u'/' % i.name;
        // Names and details come from the file, Docker and systemd: escaped.
        rows.append({escapeControls(name), itemKindName(i.kind), liveStatusName(i.status),
                     driftNames(i.drift).join(u","_s), escapeControls(i.detail)});
    }
    qsizetype w[4] = {0, 0, 0, 0};
    for (const Row &r : std::as_const(rows)) {
        w[0] = std::max(w[0], r.name.size());
        w[1] = std::max(w[1], r.kind.size());
        w[2] = std::max(w[2], r.status.size());
        w[3] = std::max(w[3], r.drift.size());
    }
    QString text;
    for (const Row &r : std::as_const(rows)) {
        QString line = r.name.leftJustified(w[0] + 2) % r.kind.leftJustified(w[1] + 2)
                       % r.status.leftJustified(w[2] + 2) % r.drift.leftJustified(w[3] + 2)
                       % r.detail;
        while (line.endsWith(u' '))
            line.chop(1);
        text += line % u'\n';
    }
    if (state.items().isEmpty())
        text += u"(no compositions)\n"_s;
    for (const Error &e : state.problems())
        text += u"warning: "_s
                % escapeControls(e.message % (e.hint.isEmpty() ? QString() : u" — "_s % e.hint))
                % u'\n';
    return text;
}

} // namespace khepri
