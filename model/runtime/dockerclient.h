#pragma once

// DockerClient is the console's one door to the Docker Engine API (or
// Podman's Docker-compatible API) over the unix socket named by DOCKER_HOST
// (default /run/docker.sock). It negotiates the API version (/_ping,
// /version), follows /events, and keeps the state of the containers it is
// told to watch — by name, since oci-containers runs them with --rm and ids
// change on every restart — plus the sets of networks and volumes.
//
// Event-driven: once synced it does no work until the engine sends an event,
// but for the keep-alive /_ping (every DockerLimits::keepAliveMs, 15 s).
// When the connection is lost it says so, forgets what it knew, and
// reconnects when the socket reappears (inotify on its directory) or after a
// back-off; after every (re)connection it lists everything again (a resync)
// and emits synced().
//
// Nothing waits or grows without bound: requests have timeouts and size
// limits (DockerLimits, dockerrequest.h); while /events is open a /_ping on
// its own connection every keepAliveMs checks that the engine still answers
// (a hung engine is a lost connection, and so is an event larger than
// maxFrameBytes); events about containers it cannot name cause at most one
// relist at a time, and at most one more per relistDelayMs however many
// arrive.
//
// Error codes: see dockererrors.h. Owned by its parent; requests and streams
// are its children or the caller's. One class, three files: the connection
// (dockerclient.cpp), the events it follows (dockerevents.cpp), what it knows
// of containers, networks and volumes (dockerinventory.cpp).

#include <optional>

#include <QHash>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include "dockerrequest.h"
#include "dockertypes.h"
#include "jsonlinesplitter.h"
#include "result.h"

class QTimer;

namespace khepri {

class DockerLogStream;
class SocketReconnector;
class DockerStatsStream;
struct DockerEvent;

class DockerClient : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DockerClient)
public:
    enum class Connection { Disconnected, Connecting, Connected };
    Q_ENUM(Connection)

    // The newest API version this client speaks (Docker 24) and the oldest it
    // accepts.
    static constexpr int kMaxApiMinor = 43;
    static constexpr int kMinApiMinor = 24;

    explicit DockerClient(QObject *parent = nullptr); // host from DOCKER_HOST
    DockerClient(const QString &host, QObject *parent);
    ~DockerClient() override;

    // DOCKER_HOST, else unix:///run/docker.sock.
    static QString defaultHost();
    QString host() const { return m_host; }
    QString socketPath() const { return m_socketPath; }
    // From the environment (DockerLimits::fromEnvironment()) unless set.
    const DockerLimits &limits() const { return m_limits; }
    void setLimits(const DockerLimits &limits) { m_limits = limits; }

    // Containers to follow, by name. Others are ignored.
    void setWatchedContainers(const QStringList &names);
    QStringList watchedContainers() const;

    void start();
    void stop();

    Connection connection() const { return m_connection; }
    bool isSynced() const { return m_synced; }
    QString apiVersion() const { return m_apiVersion; } // "1.43"
    QString engine() const { return m_engine; }         // "Docker Engine 24.0.5"
    std::optional<Error> lastError() const { return m_lastError; }

    // nullopt: the container does not exist (or the engine is unreachable).
    std::optional<ContainerState> container(const QString &name) const;
    bool hasNetwork(const QString &name) const { return m_networks.contains(name); }
    bool hasVolume(const QString &name) const { return m_volumes.contains(name); }

    // Streams of one container; the caller owns them (parent). They end with
    // finished(); delete them to stop following.
    DockerLogStream *logs(const QString &container, int tail, bool follow, QObject *parent);
    DockerStatsStream *stats(const QString &container, bool stream, QObject *parent);

    // A request against the negotiated API version ("/containers/x/json").
    // Buffered unless streaming; owned by `parent`.
    DockerRequest *request(const QByteArray &method, const QString &path, bool streaming,
                           QObject *parent);

Q_SIGNALS:
    void connectionChanged(khepri::DockerClient::Connection connection);
    // After the first listing and after each resync following a reconnect.
    void synced();
    // The state of a watched container changed, appeared or disappeared.
    void containerChanged(const QString &name);
    void networkChanged(const QString &name);
    void volumeChanged(const QString &name);
    void errorOccurred(const khepri::Error &error);

private:
    // The connection (dockerclient.cpp).
    void connectNow();
    void onPing(const Result<DockerResponse> &result);
    void onVersion(const Result<DockerResponse> &result);
    void keepAlive();
    void lose(const Error &error);
    void setConnection(Connection connection);
    void dropRequests();
    DockerRequest *internalRequest(const QByteArray &method, const QString &path, bool streaming);
    // The events (dockerevents.cpp).
    void startEvents();
    void onEventData(const QByteArray &bytes);
    void handleEvent(const DockerEvent &event);
    // The inventory (dockerinventory.cpp).
    void resync();
    void relist();
    void onContainerList(const Result<DockerResponse> &result, bool resyncing);
    void onNetworkList(const Result<DockerResponse> &result);
    void onVolumeList(const Result<DockerResponse> &result);
    void inspect(const QString &name, qint64 eventTimeNs = 0);
    void setContainer(const QString &name, std::optional<ContainerState> state);
    void setNetworkPresent(const QString &name, bool present);
    void setVolumePresent(const QString &name, bool present);
    void listDone();
    void maybeSynced();

    // The connection.
    QString m_host;
    QString m_socketPath;
    DockerLimits m_limits;
    std::optional<Error> m_hostError;
    Connection m_connection = Connection::Disconnected;
    bool m_running = false;
    int m_epoch = 0; // bumped at each (re)connection; stale answers are dropped
    QString m_apiVersion;
    QString m_apiPrefix; // "/v1.43"
    QString m_engine;
    std::optional<Error> m_lastError;
    QObject *m_requests = nullptr;    // parent of the current connection's requests
    SocketReconnector *m_reconnector; // while disconnected
    QTimer *m_keepAliveTimer;         // while /events is open
    bool m_pingInFlight = false;      // the keep-alive /_ping
    // The events.
    JsonLineSplitter m_events;
    // The inventory.
    QSet<QString> m_watched;
    bool m_synced = false;
    int m_listsPending = 0;
    QMap<QString, ContainerState> m_containers; // watched and existing
    QHash<QString, QString> m_idToName;         // for old-shaped events
    QSet<QString> m_inspecting;
    QSet<QString> m_inspectAgain;
    QHash<QString, qint64> m_pendingEventTime;
    QSet<QString> m_networks;
    QSet<QString> m_volumes;
    bool m_relisting = false;   // a relist for unknown ids is in flight
    bool m_relistAgain = false; // more unknown ids arrived during it
    QTimer *m_relistTimer;      // the trailing relist, relistDelayMs after the last
};

} // namespace khepri
