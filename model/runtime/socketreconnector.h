#pragma once

// SocketReconnector decides when a client that lost its unix socket tries
// again: as soon as the socket reappears (inotify on its directory), and on a
// back-off timer as a fallback — for a server that creates the socket before
// it listens, or a directory that cannot be watched. The delay doubles from
// Schedule::firstMs up to Schedule::maxMs and starts over after a success.
//
// It never connects by itself: it emits attempt(), and the client connects,
// then reports the outcome with succeeded() or, on failure, schedule() again.
// Between attempt() and that report it stays quiet. Used by SystemdClient (the
// D-Bus socket) and DockerClient (the engine's socket). Owned by its client.

#include <QObject>
#include <QString>

class QFileSystemWatcher;
class QTimer;

namespace khepri {

class SocketReconnector : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SocketReconnector)
public:
    struct Schedule {
        int firstMs = 250;
        int maxMs = 10000;
    };

    explicit SocketReconnector(QObject *parent)
        : SocketReconnector(Schedule{}, parent)
    {}
    SocketReconnector(Schedule schedule, QObject *parent);
    ~SocketReconnector() override;

    // The socket whose appearance triggers an attempt; empty: timer only
    // (e.g. a D-Bus address that is not a unix path).
    void setSocketPath(const QString &path) { m_socketPath = path; }
    QString socketPath() const { return m_socketPath; }

    // The connection failed or was lost: watch the socket's directory and arm
    // the timer with the next delay of the back-off.
    void schedule();
    // Connected: stop watching and start the back-off over.
    void succeeded();
    // No more attempts until schedule(); the back-off delay is kept.
    void stop();

    // Waiting for the socket or the timer (between schedule() and attempt(),
    // succeeded() or stop()).
    bool isWaiting() const { return m_waiting; }
    // The delay schedule() armed last; 0 before the first one and after a
    // success.
    int currentDelayMs() const { return m_delayMs; }

Q_SIGNALS:
    // Try to connect now.
    void attempt();

private:
    void fire();
    void onDirectoryChanged();
    void unwatch();

    Schedule m_schedule;
    QString m_socketPath;
    int m_delayMs = 0;
    bool m_waiting = false;
    QTimer *m_timer;
    QFileSystemWatcher *m_watcher = nullptr; // created on first use
};

} // namespace khepri
