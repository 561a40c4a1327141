#pragma once

// LiveFollower follows the output and the resource usage of one live item
// (a service's container): what the Logs dock and the terminal's log screen
// show, and the CPU and memory of the selection. Written once for every
// console; the views only render its signals.
//
// It re-attaches by itself when the container is replaced: a unit restart
// runs a new container under the same name (a new container id), and the
// old streams end or go quiet. RuntimeState reports the new container; the
// follower then opens new streams and says the log continues
// (logsStarted(…, continued = true)) so a view can keep the old container's
// last lines above the new ones. A stream that broke (an error) while the
// same container still runs is reopened on the item's next change, never in
// a loop; one that ended cleanly waits for a new container.
//
// Borrows the RuntimeState (and through it the DockerClient), which must
// outlive it; owns its streams. Items other than services with a container
// have nothing to follow.

#include <optional>

#include <QFlags>
#include <QList>
#include <QObject>
#include <QPointer>

#include "dockerlogdecoder.h"
#include "dockertypes.h"
#include "result.h"

namespace khepri {

class DockerLogStream;
class DockerStatsStream;
class RuntimeState;

class LiveFollower : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveFollower)
public:
    enum class Stream { Logs = 0x1, Stats = 0x2 };
    Q_DECLARE_FLAGS(Streams, Stream)
    static constexpr int kFirstTail = 500; // lines of history when following starts
    static constexpr int kReopenTail = 50; // when a broken stream is reopened

    explicit LiveFollower(RuntimeState &runtime, Streams streams = {Stream::Logs, Stream::Stats},
                          QObject *parent = nullptr);
    ~LiveFollower() override;

    // Follows the live item `liveId` ("service/<comp>/<svc>"); empty: nothing.
    // The same id again changes nothing.
    void follow(const QString &liveId);
    // Follows the current item afresh: new streams, the log from its history.
    void restart();

    QString liveId() const { return m_liveId; }
    // The container whose output is followed (empty: none), and its name for humans.
    QString container() const { return m_logContainer; }
    QString title() const { return m_title; }
    bool isFollowingLogs() const { return !m_logStream.isNull(); }
    // The container the stats are for (empty: none) and the latest sample.
    QString statsContainer() const { return m_statsContainer; }
    const std::optional<ContainerStats> &stats() const { return m_stats; }

Q_SIGNALS:
    // A log stream opened for `container` (empty: nothing to follow any
    // more). `continued`: the same item's container was replaced, so what
    // was shown before still belongs above the new lines; otherwise a view
    // starts afresh.
    void logsStarted(const QString &container, const QString &title, bool continued);
    void logLines(const QList<khepri::LogLine> &lines);
    // The stream ended (the container stopped, or an error); a replacement
    // container is followed again by itself.
    void logsEnded(const khepri::Result<void> &result);
    // stats() or statsContainer() changed.
    void statsChanged();

private:
    enum class Trigger { Change, StreamEnded };
    void update(Trigger trigger);
    void openLogs(const QString &container, int tail, bool continued);
    void closeLogs();
    void openStats(const QString &container);
    void closeStats();

    RuntimeState &m_runtime;
    Streams m_streams;
    QString m_liveId;
    QString m_title;
    QString m_logContainer;
    QString m_logContainerId; // the container id when the log stream opened
    QPointer<DockerLogStream> m_logStream;
    bool m_logBroke = false; // the last stream ended with an error, not with its container
    QString m_statsContainer;
    QString m_statsContainerId;
    QPointer<DockerStatsStream> m_statsStream;
    std::optional<ContainerStats> m_stats;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(LiveFollower::Streams)

} // namespace khepri
