#pragma once

// Values the Docker Engine API reports, parsed once where the JSON enters
// (DockerClient): a container's state as inspected, a stats sample, an event.
// Plain values; the rest of the program never reads Docker JSON.

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace khepri {

enum class ContainerStatus {
    Unknown,
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead
};
enum class HealthStatus { None, Starting, Healthy, Unhealthy };

ContainerStatus parseContainerStatus(QStringView text);
HealthStatus parseHealthStatus(QStringView text);
QString containerStatusName(ContainerStatus status);
QString healthStatusName(HealthStatus health);

struct ContainerState {
    QString name; // without Docker's leading "/"
    QString id;
    QString image;   // Config.Image: what `docker run` was given
    QString imageId; // sha256:…
    ContainerStatus status = ContainerStatus::Unknown;
    HealthStatus health = HealthStatus::None;
    int restartCount = 0;
    int exitCode = 0;
    bool oomKilled = false;
    QString error;
    QDateTime startedAt;
    QDateTime finishedAt;
    QStringList ports; // "0.0.0.0:8080->80/tcp", "443/tcp" (not published)
    QMap<QString, QString> labels;
    bool tty = false;
    // Engine time (ns since the epoch) of the event behind the latest change;
    // 0 when the state comes from a listing. For latency measurements.
    qint64 eventTimeNs = 0;

    // GET /containers/{name}/json
    static ContainerState fromInspect(const QJsonObject &json);
    // Everything a user sees; eventTimeNs is not part of the state.
    bool sameState(const ContainerState &other) const;
};

// One sample of GET /containers/{name}/stats, with the figures computed the
// way the docker CLI computes them (cli/command/container/stats_helpers.go).
struct ContainerStats {
    QDateTime read;
    double cpuPercent = 0;   // of one CPU: 200 means two CPUs busy
    quint64 memoryUsage = 0; // bytes, without the page cache, as `docker stats`
    quint64 memoryLimit = 0;
    double memoryPercent = 0;
    quint64 pids = 0;
    quint64 networkRx = 0;
    quint64 networkTx = 0;

    static ContainerStats fromJson(const QJsonObject &json);
};

// A message of GET /events, in either shape the Engine has used: the old one
// (status, id, from) or the new one (Type, Action, Actor{ID, Attributes}).
struct DockerEvent {
    QString type;   // container, network, volume, image, …
    QString action; // start, die, destroy, health_status, …
    QString detail; // after "health_status: " or "exec_start: "
    QString id;     // Actor.ID (for volumes: the volume name)
    QString name;   // Actor.Attributes.name, when given
    qint64 timeNs = 0;

    static DockerEvent fromJson(const QJsonObject &json);
};

} // namespace khepri

Q_DECLARE_METATYPE(khepri::ContainerStats)
