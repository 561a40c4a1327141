#include "dockertypes.h"

#include "enumnames.h"

#include <QJsonArray>
#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

QDateTime parseTime(const QJsonValue &v)
{
    const QString text = v.toString();
    // Docker reports "0001-01-01T00:00:00Z" for never.
    if (text.isEmpty() || text.startsWith(u"0001-"))
        return {};
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

quint64 u64(const QJsonValue &v)
{
    const double d = v.toDouble();
    return d > 0 ? quint64(d) : 0;
}

constexpr auto containerStatusNames = makeEnumNames<ContainerStatus>({
    {ContainerStatus::Unknown, u"unknown"},
    {ContainerStatus::Created, u"created"},
    {ContainerStatus::Running, u"running"},
    {ContainerStatus::Paused, u"paused"},
    {ContainerStatus::Restarting, u"restarting"},
    {ContainerStatus::Removing, u"removing"},
    {ContainerStatus::Exited, u"exited"},
    {ContainerStatus::Dead, u"dead"},
    {ContainerStatus::Exited, u"stopped"},    // Podman
    {ContainerStatus::Exited, u"configured"}, // Podman
});
static_assert(containerStatusNames.coversValuesBelow(8) && containerStatusNames.namesAreUnique());

constexpr auto healthStatusNames = makeEnumNames<HealthStatus>({
    {HealthStatus::None, u"none"},
    {HealthStatus::Starting, u"starting"},
    {HealthStatus::Healthy, u"healthy"},
    {HealthStatus::Unhealthy, u"unhealthy"},
});
static_assert(healthStatusNames.coversValuesBelow(4) && healthStatusNames.namesAreUnique());

} // namespace

ContainerStatus parseContainerStatus(QStringView text)
{
    return containerStatusNames.value(text).value_or(ContainerStatus::Unknown);
}

HealthStatus parseHealthStatus(QStringView text)
{
    return healthStatusNames.value(text).value_or(HealthStatus::None);
}

QString containerStatusName(ContainerStatus status)
{
    return containerStatusNames.name(status);
}

QString healthStatusName(HealthStatus health)
{
    return healthStatusNames.name(health);
}

ContainerState ContainerState::fromInspect(const QJsonObject &json)
{
    ContainerState c;
    c.name = json.value(u"Name").toString();
    if (c.name.startsWith(u'/'))
        c.name.remove(0, 1);
    c.id = json.value(u"Id").toString();
    c.imageId = json.value(u"Image").toString();
    const QJsonObject config = json.value(u"Config").toObject();
    c.image = config.value(u"Image").toString();
    c.tty = config.value(u"Tty").toBool();
    const QJsonObject labels = config.value(u"Labels").toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        c.labels.insert(it.key(), it.value().toString());
    const QJsonObject state = json.value(u"State").toObject();
    c.status = parseContainerStatus(state.value(u"Status").toString());
    c.health = parseHealthStatus(state.value(u"Health").toObject().value(u"Status").toString());
    c.exitCode = state.value(u"ExitCode").toInt();
    c.oomKilled = state.value(u"OOMKilled").toBool();
    c.error = state.value(u"Error").toString();
    c.startedAt = parseTime(state.value(u"StartedAt"));
    c.finishedAt = parseTime(state.value(u"FinishedAt"));
    c.restartCount = json.value(u"RestartCount").toInt();
    const QJsonObject ports = json.value(u"NetworkSettings").toObject().value(u"Ports").toObject();
    for (auto it = ports.begin(); it != ports.end(); ++it) {
        const QJsonArray bindings = it.value().toArray();
        if (bindings.isEmpty()) {
            c.ports.append(it.key());
            continue;
        }
        for (const QJsonValue &b : bindings) {
            const QJsonObject o = b.toObject();
            c.ports.append(o.value(u"HostIp").toString() % u':' % o.value(u"HostPort").toString()
                           % u"->"_s % it.key());
        }
    }
    c.ports.sort();
    return c;
}

bool ContainerState::sameState(const ContainerState &o) const
{
    return name == o.name && id == o.id && image == o.image && imageId == o.imageId
           && status == o.status && health == o.health && restartCount == o.restartCount
           && exitCode == o.exitCode && oomKilled == o.oomKilled && error == o.error
           && startedAt == o.startedAt && finishedAt == o.finishedAt && ports == o.ports
           && labels == o.labels && tty == o.tty;
}

ContainerStats ContainerStats::fromJson(const QJsonObject &json)
{
    ContainerStats s;
    s.read = parseTime(json.value(u"read"));
    const QJsonObject cpu = json.value(u"cpu_stats").toObject();
    const QJsonObject pre = json.value(u"precpu_stats").toObject();
    const double cpuDelta = double(u64(cpu.value(u"cpu_usage").toObject().value(u"total_usage")))
                            - double(u64(pre.value(u"cpu_usage").toObject().value(u"total_usage")));
    const double systemDelta =
        double(u64(cpu.value(u"system_cpu_usage"))) - double(u64(pre.value(u"system_cpu_usage")));
    double online = cpu.value(u"online_cpus").toDouble();
    if (online <= 0)
        online = double(cpu.value(u"cpu_usage").toObject().value(u"percpu_usage").toArray().size());
    if (systemDelta > 0 && cpuDelta > 0)
        s.cpuPercent = cpuDelta / systemDelta * online * 100.0;

    const QJsonObject mem = json.value(u"memory_stats").toObject();
    const QJsonObject memStats = mem.value(u"stats").toObject();
    const quint64 usage = u64(mem.value(u"usage"));
    // cgroup v1 reports total_inactive_file, v2 inactive_file (docker CLI:
    // calculateMemUsageUnixNoCache).
    quint64 cache = 0;
    if (memStats.contains(u"total_inactive_file"))
        cache = u64(memStats.value(u"total_inactive_file"));
    else if (memStats.contains(u"inactive_file"))
        cache = u64(memStats.value(u"inactive_file"));
    s.memoryUsage = cache < usage ? usage - cache : usage;
    s.memoryLimit = u64(mem.value(u"limit"));
    if (s.memoryLimit > 0)
        s.memoryPercent = double(s.memoryUsage) / double(s.memoryLimit) * 100.0;
    s.pids = u64(json.value(u"pids_stats").toObject().value(u"current"));
    const QJsonObject networks = json.value(u"networks").toObject();
    for (auto it = networks.begin(); it != networks.end(); ++it) {
        s.networkRx += u64(it.value().toObject().value(u"rx_bytes"));
        s.networkTx += u64(it.value().toObject().value(u"tx_bytes"));
    }
    return s;
}

DockerEvent DockerEvent::fromJson(const QJsonObject &json)
{
    DockerEvent e;
    e.type = json.value(u"Type").toString();
    if (e.type.isEmpty())
        e.type = u"container"_s; // the old shape only had container events
    e.action = json.value(u"Action").toString();
    if (e.action.isEmpty())
        e.action = json.value(u"status").toString();
    const qsizetype colon = e.action.indexOf(u':');
    if (colon > 0) {
        e.detail = e.action.mid(colon + 1).trimmed();
        e.action.truncate(colon);
    }
    const QJsonObject actor = json.value(u"Actor").toObject();
    e.id = actor.value(u"ID").toString();
    if (e.id.isEmpty())
        e.id = json.value(u"id").toString();
    e.name = actor.value(u"Attributes").toObject().value(u"name").toString();
    const double nano = json.value(u"timeNano").toDouble();
    e.timeNs = nano > 0 ? qint64(nano) : qint64(json.value(u"time").toDouble()) * 1000000000;
    return e;
}

} // namespace khepri
