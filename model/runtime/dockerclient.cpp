// DockerClient, the connection: the engine's socket, the API version
// negotiated on it (/_ping, /version), the keep-alive while /events is open,
// losing the connection and getting it back (SocketReconnector). What it
// follows on the connection is in dockerevents.cpp, what it knows of
// containers, networks and volumes in dockerinventory.cpp.

#include "dockerclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringBuilder>
#include <QTimer>

#include "dockererrors.h"
#include "dockerlogstream.h"
#include "dockerrequest.h"
#include "dockerstatsstream.h"
#include "runtimelogging.h"
#include "socketreconnector.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// "1.43" -> 43; 0 when it is not 1.x.
int apiMinor(const QString &version)
{
    if (!version.startsWith(u"1."))
        return 0;
    bool ok = false;
    const int minor = version.mid(2).toInt(&ok);
    return ok ? minor : 0;
}

} // namespace

DockerClient::DockerClient(QObject *parent)
    : DockerClient(defaultHost(), parent)
{}

DockerClient::DockerClient(const QString &host, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_limits(DockerLimits::fromEnvironment())
    , m_reconnector(new SocketReconnector(this))
    , m_keepAliveTimer(new QTimer(this))
    , m_relistTimer(new QTimer(this))
{
    connect(m_reconnector, &SocketReconnector::attempt, this, &DockerClient::connectNow);
    m_relistTimer->setSingleShot(true);
    m_keepAliveTimer->setObjectName(u"docker-keepalive"_s);
    connect(m_relistTimer, &QTimer::timeout, this, &DockerClient::relist);
    connect(m_keepAliveTimer, &QTimer::timeout, this, &DockerClient::keepAlive);
    qRegisterMetaType<khepri::DockerResponse>();
    qRegisterMetaType<khepri::ContainerStats>();
    if (host.startsWith(u"unix://")) {
        m_socketPath = host.mid(7);
        m_reconnector->setSocketPath(m_socketPath);
    } else if (host.startsWith(u'/')) {
        m_socketPath = host;
        m_reconnector->setSocketPath(m_socketPath);
    } else {
        m_hostError = dockererrors::hostUnsupported(host);
    }
}

DockerClient::~DockerClient() = default;

QString DockerClient::defaultHost()
{
    const QString env = qEnvironmentVariable("DOCKER_HOST");
    return env.isEmpty() ? u"unix:///run/docker.sock"_s : env;
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
    m_reconnector->stop();
    m_relistTimer->stop();
    m_keepAliveTimer->stop();
    m_relisting = m_relistAgain = m_pingInFlight = false;
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
        dockererrors::apiJson(m_socketPath, u"its /version"_s, result.value(), false);
    const QJsonObject v = doc ? doc.value().object() : QJsonObject();
    const QString serverApi = v.value(u"ApiVersion").toString();
    const int serverMinor = apiMinor(serverApi);
    if (!doc || serverApi.isEmpty() || serverMinor == 0) {
        m_running = false;
        const Error e =
            doc ? dockererrors::notDocker(m_socketPath, serverApi.isEmpty()
                                                            ? u"its /version has no ApiVersion"_s
                                                            : u"its /version gives ApiVersion \""_s
                                                                  % serverApi.left(40) % u'"')
                : doc.error();
        m_lastError = e;
        setConnection(Connection::Disconnected);
        Q_EMIT errorOccurred(e);
        return;
    }
    if (serverMinor < kMinApiMinor) {
        m_running = false;
        const Error e = dockererrors::tooOld(m_socketPath, serverApi, kMinApiMinor);
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
    // The socket's reappearance brings us back at once; the back-off covers
    // an engine that creates it before it listens, and directories that
    // cannot be watched.
    m_reconnector->schedule();
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
