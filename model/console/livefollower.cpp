#include "livefollower.h"

#include <QStringBuilder>

#include "dockerclient.h"
#include "dockerlogstream.h"
#include "dockerstatsstream.h"
#include "runtimestate.h"

using namespace Qt::StringLiterals;

namespace khepri {

LiveFollower::LiveFollower(RuntimeState &runtime, Streams streams, QObject *parent)
    : QObject(parent)
    , m_runtime(runtime)
    , m_streams(streams)
{
    connect(&m_runtime, &RuntimeState::reset, this, [this] { update(Trigger::Change); });
    connect(&m_runtime, &RuntimeState::itemChanged, this, [this](int, const QString &id) {
        if (id == m_liveId)
            update(Trigger::Change); // the container may have stopped, started or been replaced
    });
}

LiveFollower::~LiveFollower() = default;

void LiveFollower::follow(const QString &liveId)
{
    if (liveId == m_liveId)
        return;
    m_liveId = liveId;
    update(Trigger::Change);
}

void LiveFollower::restart()
{
    closeLogs();
    closeStats();
    m_logContainer.clear();
    m_logContainerId.clear();
    update(Trigger::Change);
}

void LiveFollower::update(Trigger trigger)
{
    const LiveItem *item = m_liveId.isEmpty() ? nullptr : m_runtime.item(m_liveId);
    const bool service = item && item->kind == ItemKind::Service && !item->dockerName.isEmpty();
    const QString container = service ? item->dockerName : QString();
    const bool running =
        service && item->container && item->container->status == ContainerStatus::Running;
    const QString runningId = running ? item->container->id : QString();

    if (m_streams.testFlag(Stream::Logs)) {
        if (container != m_logContainer) {
            // Another item (or none): start afresh.
            m_title = service ? QString(item->composition % u'/' % item->name) : QString();
            openLogs(container, kFirstTail, false);
            m_logContainerId = runningId;
        } else if (running && runningId != m_logContainerId) {
            // Replaced under the same name: the new container's output follows the old.
            openLogs(container, kFirstTail, true);
            m_logContainerId = runningId;
        } else if (running && !m_logStream && m_logBroke && trigger == Trigger::Change) {
            // The stream broke while the container runs: reopen it. (One that
            // ended cleanly belongs to a container on its way out, which may
            // still look running for a moment.)
            openLogs(container, kReopenTail, false);
        }
    }

    if (m_streams.testFlag(Stream::Stats)) {
        // CPU and memory of a running container only.
        if (runningId != m_statsContainerId || container != m_statsContainer)
            closeStats();
        if (running && !m_statsStream && trigger == Trigger::Change) {
            m_statsContainerId = runningId;
            openStats(container);
        }
    }
}

void LiveFollower::openLogs(const QString &container, int tail, bool continued)
{
    closeLogs();
    m_logContainer = container;
    m_logBroke = false;
    Q_EMIT logsStarted(container, m_title, continued);
    if (container.isEmpty())
        return;
    DockerLogStream *stream = m_runtime.docker().logs(container, tail, true, this);
    m_logStream = stream;
    connect(stream, &DockerLogStream::lines, this, [this, stream](const QList<LogLine> &lines) {
        if (m_logStream == stream)
            Q_EMIT logLines(lines);
    });
    connect(stream, &DockerLogStream::finished, this, [this, stream](const Result<void> &result) {
        stream->deleteLater();
        if (m_logStream != stream)
            return;
        m_logStream = nullptr;
        m_logBroke = !result;
        Q_EMIT logsEnded(result);
        update(Trigger::StreamEnded); // a replacement may be running already
    });
}

void LiveFollower::closeLogs()
{
    DockerLogStream *stream = m_logStream.data();
    m_logStream = nullptr; // first: the stream is no longer this follower's, whatever it says
    delete stream;
}

void LiveFollower::openStats(const QString &container)
{
    m_statsContainer = container;
    DockerStatsStream *stream = m_runtime.docker().stats(container, true, this);
    m_statsStream = stream;
    connect(stream, &DockerStatsStream::sample, this, [this, stream](const ContainerStats &stats) {
        if (m_statsStream != stream)
            return;
        m_stats = stats;
        Q_EMIT statsChanged();
    });
    connect(stream, &DockerStatsStream::finished, this, [this, stream](const Result<void> &) {
        stream->deleteLater();
        if (m_statsStream != stream)
            return;
        m_statsStream = nullptr;
        m_statsContainer.clear();
        m_statsContainerId.clear();
        m_stats.reset();
        Q_EMIT statsChanged();
    });
}

void LiveFollower::closeStats()
{
    const bool had = m_statsStream || m_stats || !m_statsContainer.isEmpty();
    DockerStatsStream *stream = m_statsStream.data();
    m_statsStream = nullptr;
    delete stream;
    m_statsContainer.clear();
    m_statsContainerId.clear();
    m_stats.reset();
    if (had)
        Q_EMIT statsChanged();
}

} // namespace khepri
