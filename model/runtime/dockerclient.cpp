#include "dockerclient.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringBuilder>
#include <QTimer>
#include <QUrl>

#include "dockerlogstream.h"
#include "dockerrequest.h"
#include "dockerstatsstream.h"
#include "jsonlinesplitter.h"
#include "logging.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

constexpr int kFirstBackoffMs = 250;
constexpr int kMaxBackoffMs = 10000;

// "1.43" -> 43; 0 when it is not 1.x.
int apiMinor(const QString &version)
{
    if (!version.startsWith(u"1."))
        return 0;
    bool ok = false;
    const int minor = version.mid(2).toInt(&ok);
    return ok ? minor : 0;
}

// Container events that change nothing we show (exec, attach, copy, …).
bool ignoredContainerAction(const QString &action)
{
    return action.startsWith(u"exec_") || action == u"attach" || action == u"detach"
           || action == u"resize" || action == u"top" || action == u"archive-path"
           || action == u"extract-to-dir" || action == u"copy" || action == u"commit"
           || action == u"export";
}

QString encodeName(const QString &name)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(name));
}

// The body of a successful answer as JSON of the expected shape, else the
// error that says the engine is not speaking the Docker API.
Result<QJsonDocument> apiJson(const QString &socketPath, const QString &what,
                              const DockerResponse &response, bool array)
{
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(response.body, &parse);
    if (parse.error != QJsonParseError::NoError)
        return DockerRequest::notDockerError(socketPath, what % u" is not JSON: "_s
                                                             % parse.errorString() % u" at byte "_s
                                                             % QString::number(parse.offset));
    if (array ? !doc.isArray() : !doc.isObject())
        return DockerRequest::notDockerError(socketPath, what % u" is not a JSON "_s
                                                             % (array ? u"array"_s : u"object"_s));
    return doc;
}

} // namespace

DockerClient::DockerClient(QObject *parent)
    : DockerClient(defaultHost(), parent)
{}

DockerClient::DockerClient(const QString &host, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_limits(DockerLimits::fromEnvironment())
    , m_relistTimer(new QTimer(this))
    , m_keepAliveTimer(new QTimer(this))
{
    m_relistTimer->setSingleShot(true);
    m_keepAliveTimer->setObjectName(u"docker-keepalive"_s);
    connect(m_relistTimer, &QTimer::timeout, this, &DockerClient::relist);
    connect(m_keepAliveTimer, &QTimer::timeout, this, &DockerClient::keepAlive);
    qRegisterMetaType<khepri::DockerResponse>();
    qRegisterMetaType<khepri::ContainerStats>();
    if (host.startsWith(u"unix://")) {
        m_socketPath = host.mid(7);
    } else if (host.startsWith(u'/')) {
        m_socketPath = host;
    } else {
        m_hostError = Error::make(
            ErrorCode::DockerHostUnsupported, u"DOCKER_HOST="_s % host % u" is not a unix socket"_s,
            u"khepri talks to Docker or Podman over a local unix socket only: set "
            u"DOCKER_HOST=unix:///path/to/docker.sock."_s);
    }
}

DockerClient::~DockerClient() = default;

QString DockerClient::defaultHost()
{
    const QString env = qEnvironmentVariable("DOCKER_HOST");
    return env.isEmpty() ? u"unix:///run/docker.sock"_s : env;
}

void DockerClient::setWatchedContainers(const QStringList &names)
{
    const QSet<QString> next(names.begin(), names.end());
    if (next == m_watched)
        return;
    const QSet<QString> added = next - m_watched;
    const QSet<QString> removed = m_watched - next;
    m_watched = next;
    for (const QString &name : removed)
        setContainer(name, std::nullopt);
    if (m_connection == Connection::Connected)
        for (const QString &name : added)
            inspect(name);
}

QStringList DockerClient::watchedContainers() const
{
    QStringList out(m_watched.begin(), m_watched.end());
    out.sort();
    return out;
}

std::optional<ContainerState> DockerClient::container(const QString &name) const
{
    const auto it = m_containers.constFind(name);
    if (it == m_containers.cend())
        return std::nullopt;
    return *it;
}

void DockerClient::setConnection(Connection connection)
{
    if (m_connection == connection)
        return;
    m_connection = connection;
    Q_EMIT connectionChanged(connection);
}

void DockerClient::start()
{
    if (m_running)
        return;
    m_running = true;
    if (m_hostError) {
        m_lastError = m_hostError;
        Q_EMIT errorOccurred(*m_hostError);
        return;
    }
    connectNow();
}

void DockerClient::stop()
{
    m_running = false;
    ++m_epoch;
    dropRequests();
    if (m_retry)
        m_retry->stop();
    m_relistTimer->stop();
    m_keepAliveTimer->stop();
    m_relisting = m_relistAgain = m_pingInFlight = false;
    if (m_socketWatcher && !m_socketWatcher->directories().isEmpty())
        m_socketWatcher->removePaths(m_socketWatcher->directories());
    m_synced = false;
    setConnection(Connection::Disconnected);
}

DockerRequest *DockerClient::internalRequest(const QByteArray &method, const QString &path,
                                             bool streaming)
{
    return request(method, path, streaming, m_requests);
}

DockerRequest *DockerClient::request(const QByteArray &method, const QString &path, bool streaming,
                                     QObject *parent)
{
    auto *r = new DockerRequest(m_socketPath, method, (m_apiPrefix % path).toUtf8(),
                                streaming ? DockerRequest::Mode::Streaming
                                          : DockerRequest::Mode::Buffered,
                                m_limits, parent);
    if (!streaming)
        connect(r, &DockerRequest::finished, r, &QObject::deleteLater);
    return r;
}

void DockerClient::dropRequests()
{
    // The requests of the old connection go with their sockets. Later, not
    // now: this often runs inside one of their signals.
    if (m_requests)
        m_requests->deleteLater();
    m_requests = nullptr;
}

void DockerClient::connectNow()
{
    if (!m_running)
        return;
    if (m_retry)
        m_retry->stop();
    ++m_epoch;
    dropRequests();
    m_requests = new QObject(this);
    m_apiPrefix.clear();
    setConnection(Connection::Connecting);
    qCDebug(lcDocker) << "connecting to" << m_socketPath;
    auto *ping = internalRequest("GET", u"/_ping"_s, false);
    const int epoch = m_epoch;
    connect(ping, &DockerRequest::finished, this, [this, epoch](const Result<DockerResponse> &r) {
        if (epoch == m_epoch)
            onPing(r);
    });
    ping->start();
}

void DockerClient::onPing(const Result<DockerResponse> &result)
{
    if (!result) {
        lose(result.error());
        return;
    }
    auto *version = internalRequest("GET", u"/version"_s, false);
    const int epoch = m_epoch;
    connect(version, &DockerRequest::finished, this,
            [this, epoch](const Result<DockerResponse> &r) {
                if (epoch == m_epoch)
                    onVersion(r);
            });
    version->start();
}

void DockerClient::onVersion(const Result<DockerResponse> &result)
{
    if (!result) {
        lose(result.error());
        return;
    }
    const Result<QJsonDocument> doc =
        apiJson(m_socketPath, u"its /version"_s, result.value(), false);
    const QJsonObject v = doc ? doc.value().object() : QJsonObject();
    const QString serverApi = v.value(u"ApiVersion").toString();
    const int serverMinor = apiMinor(serverApi);
    if (!doc || serverApi.isEmpty() || serverMinor == 0) {
        m_running = false;
        const Error e = doc ? DockerRequest::notDockerError(
                            m_socketPath,
                            serverApi.isEmpty()
                                ? u"its /version has no ApiVersion"_s
                                : u"its /version gives ApiVersion \""_s % serverApi.left(40) % u'"')
                            : doc.error();
        m_lastError = e;
        setConnection(Connection::Disconnected);
        Q_EMIT errorOccurred(e);
        return;
    }
    if (serverMinor < kMinApiMinor) {
        m_running = false;
        const Error e = Error::make(ErrorCode::DockerTooOld,
                                    u"the engine at "_s % m_socketPath % u" speaks API "_s
                                        % serverApi % u"; khepri needs 1."_s
                                        % QString::number(kMinApiMinor) % u" or newer"_s,
                                    u"Upgrade Docker (or Podman)."_s);
        m_lastError = e;
        setConnection(Connection::Disconnected);
        Q_EMIT errorOccurred(e);
        return;
    }
    const int minor = std::min(serverMinor, kMaxApiMinor);
    m_apiVersion = u"1."_s % QString::number(minor);
    m_apiPrefix = u"/v"_s % m_apiVersion;
    QString product = u"Docker Engine"_s;
    for (const QJsonValue &c : v.value(u"Components").toArray())
        if (c.toObject().value(u"Name").toString().contains(u"Podman"))
            product = u"Podman Engine"_s;
    m_engine = product % u' ' % v.value(u"Version").toString();
    qCDebug(lcDocker) << "connected to" << m_engine << "at" << m_socketPath << "API"
                      << m_apiVersion;
    startEvents();
}

void DockerClient::startEvents()
{
    const QJsonObject filters{{u"type"_s, QJsonArray{u"container"_s, u"network"_s, u"volume"_s}}};
    const QString query = QString::fromLatin1(QUrl::toPercentEncoding(
        QString::fromUtf8(QJsonDocument(filters).toJson(QJsonDocument::Compact))));
    auto *events = internalRequest("GET", u"/events?filters="_s % query, true);
    m_events = JsonLineSplitter(m_limits.maxFrameBytes);
    const int epoch = m_epoch;
    connect(events, &DockerRequest::headReceived, this, [this, epoch] {
        if (epoch != m_epoch)
            return;
        // Following events from here on: what we list now cannot be missed.
        m_backoffMs = 0;
        m_lastError.reset();
        if (m_socketWatcher && !m_socketWatcher->directories().isEmpty())
            m_socketWatcher->removePaths(m_socketWatcher->directories());
        setConnection(Connection::Connected);
        m_keepAliveTimer->start(m_limits.keepAliveMs);
        resync();
    });
    connect(events, &DockerRequest::data, this, [this, epoch](const QByteArray &bytes) {
        if (epoch == m_epoch)
            onEventData(bytes);
    });
    connect(events, &DockerRequest::finished, this, [this, epoch](const Result<DockerResponse> &r) {
        if (epoch != m_epoch)
            return;
        lose(r ? DockerRequest::socketError(QLocalSocket::PeerClosedError, m_socketPath, {})
               : r.error());
    });
    events->start();
}

void DockerClient::onEventData(const QByteArray &bytes)
{
    const QList<QJsonObject> objects = m_events.feed(bytes);
    if (m_events.overflowed()) {
        lose(
            DockerRequest::frameTooLargeError(m_socketPath, u"an event"_s, m_limits.maxFrameBytes));
        return;
    }
    const int epoch = m_epoch;
    for (const QJsonObject &o : objects) {
        handleEvent(DockerEvent::fromJson(o));
        if (epoch != m_epoch)
            return;
    }
}

void DockerClient::relist()
{
    // A resync's listing, or the trailing relist already scheduled, will
    // name them.
    if (m_listsPending > 0 || m_relistTimer->isActive())
        return;
    if (m_relisting) {
        m_relistAgain = true;
        return;
    }
    m_relisting = true;
    auto *list = internalRequest("GET", u"/containers/json?all=1"_s, false);
    const int epoch = m_epoch;
    connect(list, &DockerRequest::finished, this, [this, epoch](const Result<DockerResponse> &r) {
        if (epoch != m_epoch)
            return;
        m_relisting = false;
        if (std::exchange(m_relistAgain, false))
            m_relistTimer->start(m_limits.relistDelayMs);
        onContainerList(r, false);
    });
    list->start();
}

void DockerClient::keepAlive()
{
    if (m_pingInFlight || m_connection != Connection::Connected)
        return;
    m_pingInFlight = true;
    auto *ping = internalRequest("GET", u"/_ping"_s, false);
    const int epoch = m_epoch;
    connect(ping, &DockerRequest::finished, this, [this, epoch](const Result<DockerResponse> &r) {
        if (epoch != m_epoch)
            return;
        m_pingInFlight = false;
        if (!r)
            lose(r.error());
    });
    ping->start();
}

void DockerClient::handleEvent(const DockerEvent &event)
{
    qCDebug(lcDocker) << "event" << event.type << event.action << event.detail << event.name;
    if (event.type == u"container") {
        if (ignoredContainerAction(event.action))
            return;
        QString name = event.name;
        if (name.isEmpty())
            name = m_idToName.value(event.id);
        if (name.isEmpty()) {
            // An old-shaped event about a container we have not seen: only a
            // listing tells its name.
            relist();
            return;
        }
        // Only watched names are remembered: a flood of events about other
        // containers must not grow the map.
        if (!m_watched.contains(name))
            return;
        if (!event.id.isEmpty())
            m_idToName.insert(event.id, name);
        if (event.action == u"destroy") {
            m_idToName.remove(event.id);
            const auto it = m_containers.constFind(name);
            if (it != m_containers.cend() && it->id == event.id && !m_inspecting.contains(name)) {
                setContainer(name, std::nullopt);
                return;
            }
        }
        if (event.action == u"health_status") {
            auto it = m_containers.find(name);
            if (it != m_containers.end()) {
                ContainerState next = *it;
                next.health = parseHealthStatus(event.detail);
                next.eventTimeNs = event.timeNs;
                setContainer(name, next);
                if (m_inspecting.contains(name))
                    m_inspectAgain.insert(name);
                return;
            }
        }
        inspect(name, event.timeNs);
    } else if (event.type == u"network") {
        const QString name = event.name.isEmpty() ? event.id : event.name;
        if (event.action == u"create")
            setNetworkPresent(name, true);
        else if (event.action == u"destroy" || event.action == u"remove")
            setNetworkPresent(name, false);
    } else if (event.type == u"volume") {
        const QString name = event.name.isEmpty() ? event.id : event.name;
        if (event.action == u"create")
            setVolumePresent(name, true);
        else if (event.action == u"destroy" || event.action == u"remove")
            setVolumePresent(name, false);
    }
}

void DockerClient::resync()
{
    m_synced = false;
    m_listsPending = 3;
    const int epoch = m_epoch;
    auto *containers = internalRequest("GET", u"/containers/json?all=1"_s, false);
    connect(containers, &DockerRequest::finished, this,
            [this, epoch](const Result<DockerResponse> &r) {
                if (epoch == m_epoch)
                    onContainerList(r, true);
            });
    auto *networks = internalRequest("GET", u"/networks"_s, false);
    connect(networks, &DockerRequest::finished, this,
            [this, epoch](const Result<DockerResponse> &r) {
                if (epoch == m_epoch)
                    onNetworkList(r);
            });
    auto *volumes = internalRequest("GET", u"/volumes"_s, false);
    connect(volumes, &DockerRequest::finished, this,
            [this, epoch](const Result<DockerResponse> &r) {
                if (epoch == m_epoch)
                    onVolumeList(r);
            });
    containers->start();
    networks->start();
    volumes->start();
}

void DockerClient::onContainerList(const Result<DockerResponse> &result, bool resyncing)
{
    const Result<QJsonDocument> doc =
        result ? apiJson(m_socketPath, u"its container list"_s, result.value(), true)
               : Result<QJsonDocument>(result.error());
    if (!doc) {
        lose(doc.error());
        return;
    }
    QSet<QString> present;
    m_idToName.clear();
    for (const QJsonValue &v : doc.value().array()) {
        const QJsonObject o = v.toObject();
        const QString id = o.value(u"Id").toString();
        for (const QJsonValue &n : o.value(u"Names").toArray()) {
            QString name = n.toString();
            if (name.startsWith(u'/'))
                name.remove(0, 1);
            if (name.contains(u'/')) // a link alias, not the container's own name
                continue;
            present.insert(name);
            if (m_watched.contains(name))
                m_idToName.insert(id, name);
        }
    }
    for (const QString &name : std::as_const(m_watched)) {
        if (present.contains(name))
            inspect(name);
        else if (!m_inspecting.contains(name))
            setContainer(name, std::nullopt);
    }
    if (resyncing)
        listDone();
    else
        maybeSynced();
}

void DockerClient::onNetworkList(const Result<DockerResponse> &result)
{
    if (!result) {
        lose(result.error());
        return;
    }
    const Result<QJsonDocument> doc =
        apiJson(m_socketPath, u"its network list"_s, result.value(), true);
    if (!doc) {
        lose(doc.error());
        return;
    }
    QSet<QString> now;
    for (const QJsonValue &v : doc.value().array())
        now.insert(v.toObject().value(u"Name").toString());
    for (const QString &gone : m_networks - now)
        setNetworkPresent(gone, false);
    for (const QString &added : now - m_networks)
        setNetworkPresent(added, true);
    listDone();
}

void DockerClient::onVolumeList(const Result<DockerResponse> &result)
{
    if (!result) {
        lose(result.error());
        return;
    }
    const Result<QJsonDocument> doc =
        apiJson(m_socketPath, u"its volume list"_s, result.value(), false);
    if (!doc) {
        lose(doc.error());
        return;
    }
    QSet<QString> now;
    const QJsonObject o = doc.value().object();
    for (const QJsonValue &v : o.value(u"Volumes").toArray())
        now.insert(v.toObject().value(u"Name").toString());
    for (const QString &gone : m_volumes - now)
        setVolumePresent(gone, false);
    for (const QString &added : now - m_volumes)
        setVolumePresent(added, true);
    listDone();
}

void DockerClient::listDone()
{
    if (m_listsPending > 0)
        --m_listsPending;
    maybeSynced();
}

void DockerClient::maybeSynced()
{
    if (m_synced || m_listsPending > 0 || !m_inspecting.isEmpty()
        || m_connection != Connection::Connected)
        return;
    m_synced = true;
    qCDebug(lcDocker) << "synced:" << m_containers.size() << "watched containers present";
    Q_EMIT synced();
}

void DockerClient::inspect(const QString &name, qint64 eventTimeNs)
{
    if (eventTimeNs > 0)
        m_pendingEventTime.insert(name, eventTimeNs);
    if (m_inspecting.contains(name)) {
        m_inspectAgain.insert(name);
        return;
    }
    m_inspecting.insert(name);
    auto *r = internalRequest("GET", u"/containers/"_s % encodeName(name) % u"/json"_s, false);
    const int epoch = m_epoch;
    connect(r, &DockerRequest::finished, this,
            [this, epoch, name](const Result<DockerResponse> &result) {
                if (epoch != m_epoch)
                    return;
                m_inspecting.remove(name);
                const qint64 eventTime = m_pendingEventTime.take(name);
                const Result<QJsonDocument> doc =
                    result ? apiJson(m_socketPath, u"its inspection of "_s % name, result.value(),
                                     false)
                           : Result<QJsonDocument>(result.error());
                if (m_watched.contains(name)) {
                    if (doc) {
                        ContainerState state = ContainerState::fromInspect(doc.value().object());
                        state.eventTimeNs = eventTime;
                        m_idToName.insert(state.id, name);
                        setContainer(name, state);
                    } else if (doc.error().code == ErrorCode::NotFound) {
                        setContainer(name, std::nullopt);
                    } else {
                        qCDebug(lcDocker) << "inspect" << name << doc.error().toString();
                    }
                }
                if (m_inspectAgain.remove(name))
                    inspect(name);
                else
                    maybeSynced();
            });
    r->start();
}

void DockerClient::setContainer(const QString &name, std::optional<ContainerState> state)
{
    const auto it = m_containers.find(name);
    if (!state) {
        if (it == m_containers.end())
            return;
        m_containers.erase(it);
    } else if (it == m_containers.end()) {
        m_containers.insert(name, *state);
    } else {
        if (it->sameState(*state))
            return;
        *it = *state;
    }
    Q_EMIT containerChanged(name);
}

void DockerClient::setNetworkPresent(const QString &name, bool present)
{
    if (present == m_networks.contains(name))
        return;
    if (present)
        m_networks.insert(name);
    else
        m_networks.remove(name);
    Q_EMIT networkChanged(name);
}

void DockerClient::setVolumePresent(const QString &name, bool present)
{
    if (present == m_volumes.contains(name))
        return;
    if (present)
        m_volumes.insert(name);
    else
        m_volumes.remove(name);
    Q_EMIT volumeChanged(name);
}

void DockerClient::lose(const Error &error)
{
    if (!m_running)
        return;
    qCDebug(lcDocker) << "connection lost:" << error.message;
    ++m_epoch;
    dropRequests();
    m_relistTimer->stop();
    m_keepAliveTimer->stop();
    m_relisting = m_relistAgain = m_pingInFlight = false;
    m_inspecting.clear();
    m_inspectAgain.clear();
    m_pendingEventTime.clear();
    m_listsPending = 0;
    m_synced = false;
    m_apiPrefix.clear();
    const bool wasConnected = m_connection == Connection::Connected;
    // Report each distinct problem once, not at every retry; lastError() is
    // the current one already when connectionChanged() goes out.
    const bool report = wasConnected || !m_lastError || m_lastError->message != error.message;
    m_lastError = error;
    setConnection(Connection::Disconnected);
    // What we knew may be stale now; forget it so nobody shows it as live.
    const QStringList containers = m_containers.keys();
    m_containers.clear();
    for (const QString &name : containers)
        Q_EMIT containerChanged(name);
    const QSet<QString> networks = std::exchange(m_networks, {});
    for (const QString &name : networks)
        Q_EMIT networkChanged(name);
    const QSet<QString> volumes = std::exchange(m_volumes, {});
    for (const QString &name : volumes)
        Q_EMIT volumeChanged(name);
    if (report)
        Q_EMIT errorOccurred(error);
    scheduleReconnect();
}

void DockerClient::scheduleReconnect()
{
    if (!m_socketWatcher) {
        m_socketWatcher = new QFileSystemWatcher(this);
        connect(m_socketWatcher, &QFileSystemWatcher::directoryChanged, this,
                &DockerClient::onSocketDirectoryChanged);
    }
    const QString dir = QFileInfo(m_socketPath).absolutePath();
    if (!m_socketWatcher->directories().contains(dir) && QFileInfo(dir).isDir())
        m_socketWatcher->addPath(dir);
    if (!m_retry) {
        m_retry = new QTimer(this);
        m_retry->setSingleShot(true);
        connect(m_retry, &QTimer::timeout, this, &DockerClient::connectNow);
    }
    // The watcher brings us back as soon as the socket is created; the timer
    // covers an engine that creates it before it listens, and directories
    // that cannot be watched.
    m_backoffMs = m_backoffMs == 0 ? kFirstBackoffMs : std::min(m_backoffMs * 2, kMaxBackoffMs);
    m_retry->start(m_backoffMs);
}

void DockerClient::onSocketDirectoryChanged()
{
    if (!m_running || m_connection != Connection::Disconnected)
        return;
    if (QFileInfo::exists(m_socketPath)) {
        m_backoffMs = 0;
        connectNow();
    }
}

DockerLogStream *DockerClient::logs(const QString &container, int tail, bool follow,
                                    QObject *parent)
{
    return new DockerLogStream(*this, container, tail, follow, parent);
}

DockerStatsStream *DockerClient::stats(const QString &container, bool stream, QObject *parent)
{
    return new DockerStatsStream(*this, container, stream, parent);
}

} // namespace khepri
