#include "dockerrequest.h"

#include <QStringBuilder>
#include <QTimer>

#include "dockererrors.h"
#include "runtimelogging.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// The socket reads at most this much ahead of the parser.
constexpr qint64 kReadBufferBytes = 1 << 20;

template<typename T>
void overrideFromEnv(const char *name, T *value)
{
    bool ok = false;
    const qint64 v = qEnvironmentVariable(name).toLongLong(&ok);
    if (ok && v > 0)
        *value = T(v);
}

QString seconds(int ms)
{
    return ms % 1000 == 0 ? QString::number(ms / 1000) % u" s"_s : QString::number(ms) % u" ms"_s;
}

} // namespace

DockerLimits DockerLimits::fromEnvironment()
{
    DockerLimits l;
    overrideFromEnv("KHEPRI_DOCKER_CONNECT_TIMEOUT_MS", &l.connectTimeoutMs);
    overrideFromEnv("KHEPRI_DOCKER_HEAD_TIMEOUT_MS", &l.headTimeoutMs);
    overrideFromEnv("KHEPRI_DOCKER_IDLE_TIMEOUT_MS", &l.idleTimeoutMs);
    overrideFromEnv("KHEPRI_DOCKER_TOTAL_TIMEOUT_MS", &l.totalTimeoutMs);
    overrideFromEnv("KHEPRI_DOCKER_MAX_BODY", &l.maxBodyBytes);
    overrideFromEnv("KHEPRI_DOCKER_MAX_FRAME", &l.maxFrameBytes);
    overrideFromEnv("KHEPRI_DOCKER_KEEPALIVE_MS", &l.keepAliveMs);
    overrideFromEnv("KHEPRI_DOCKER_RELIST_DELAY_MS", &l.relistDelayMs);
    return l;
}

DockerRequest::DockerRequest(const QString &socketPath, const QByteArray &method,
                             const QByteArray &target, Mode mode, QObject *parent)
    : DockerRequest(socketPath, method, target, mode, DockerLimits::fromEnvironment(), parent)
{}

DockerRequest::DockerRequest(const QString &socketPath, const QByteArray &method,
                             const QByteArray &target, Mode mode, const DockerLimits &limits,
                             QObject *parent)
    : QObject(parent)
    , m_path(socketPath)
    , m_method(method)
    , m_target(target)
    , m_mode(mode)
    , m_reader(method == "HEAD")
    , m_limits(limits)
{}

DockerRequest::~DockerRequest() = default;

void DockerRequest::arm(Phase phase, int ms)
{
    m_phase = phase;
    m_timer->start(ms);
}

void DockerRequest::onTimeout()
{
    if (!m_running)
        return;
    QString what;
    if (m_totalExpired)
        what = u"did not finish its answer to "_s % QString::fromLatin1(m_method) % u' '
               % QString::fromUtf8(m_target) % u" within "_s % seconds(m_limits.totalTimeoutMs);
    else if (m_phase == Phase::Connecting)
        what = u"did not accept a connection within "_s % seconds(m_limits.connectTimeoutMs);
    else if (m_phase == Phase::Head)
        what = u"accepted the connection but did not answer "_s % QString::fromLatin1(m_method)
               % u' ' % QString::fromUtf8(m_target) % u" within "_s
               % seconds(m_limits.headTimeoutMs);
    else
        what = u"stopped sending in the middle of its answer to "_s % QString::fromLatin1(m_method)
               % u' ' % QString::fromUtf8(m_target) % u" for "_s % seconds(m_limits.idleTimeoutMs);
    finish(dockererrors::timeout(m_path, what));
}

void DockerRequest::start()
{
    m_running = true;
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &DockerRequest::onTimeout);
    if (m_mode == Mode::Buffered) {
        m_totalTimer = new QTimer(this);
        m_totalTimer->setSingleShot(true);
        connect(m_totalTimer, &QTimer::timeout, this, [this] {
            m_totalExpired = true;
            onTimeout();
        });
        m_totalTimer->start(m_limits.totalTimeoutMs);
    }
    arm(Phase::Connecting, m_limits.connectTimeoutMs);
    m_socket = new QLocalSocket(this);
    m_socket->setReadBufferSize(kReadBufferBytes);
    connect(m_socket, &QLocalSocket::connected, this, &DockerRequest::onConnected);
    connect(m_socket, &QLocalSocket::readyRead, this, &DockerRequest::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &DockerRequest::onDisconnected);
    connect(m_socket, &QLocalSocket::errorOccurred, this, &DockerRequest::onError);
    qCDebug(lcDocker) << m_method << m_target;
    m_socket->connectToServer(m_path);
}

void DockerRequest::abort()
{
    if (!m_running)
        return;
    finish(Error::make(ErrorCode::Aborted, u"the request was cancelled"_s));
}

void DockerRequest::abort(const Error &why)
{
    if (m_running)
        finish(why);
}

void DockerRequest::onConnected()
{
    QByteArray request =
        m_method % ' ' % m_target % " HTTP/1.1\r\nHost: docker\r\nUser-Agent: khepri\r\n";
    if (m_mode == Mode::Buffered)
        request += "Connection: close\r\n";
    if (!m_body.isNull() || m_method == "POST")
        request += "Content-Type: application/json\r\nContent-Length: "
                   + QByteArray::number(m_body.size()) + "\r\n";
    request += "\r\n" + m_body;
    m_socket->write(request);
    arm(Phase::Head, m_limits.headTimeoutMs);
}

QString DockerRequest::requestLine() const
{
    return QString::fromLatin1(m_method) % u' ' % QString::fromUtf8(m_target);
}

Error DockerRequest::httpError() const
{
    return dockererrors::httpStatus(m_response.status, m_response.body, requestLine());
}

void DockerRequest::onReadyRead()
{
    if (!m_running)
        return;
    const QByteArray bytes = m_socket->readAll();
    if (!m_reader.feed(bytes)) {
        finish(Error::make(ErrorCode::DockerProtocol, u"the Docker engine at "_s % m_path
                                                          % u" sent an invalid response: "_s
                                                          % m_reader.errorString()));
        return;
    }
    if (!m_headSeen && m_reader.headComplete()) {
        m_headSeen = true;
        m_response.status = m_reader.statusCode();
        m_response.contentType = m_reader.header("content-type");
        m_response.apiVersion = m_reader.header("api-version");
        const bool streaming = m_mode == Mode::Streaming && m_response.status / 100 == 2;
        // A stream may rightly be quiet for hours: the client's keep-alive
        // watches it instead.
        if (streaming)
            m_timer->stop();
        if (!streaming && m_reader.contentLength() > m_limits.maxBodyBytes) {
            finish(dockererrors::bodyTooLarge(m_path, requestLine(), m_limits.maxBodyBytes));
            return;
        }
        if (streaming)
            Q_EMIT headReceived(m_response);
        if (!m_running)
            return;
    }
    const bool success = m_response.status / 100 == 2;
    const bool streamingBody = m_mode == Mode::Streaming && success;
    if (m_headSeen && !streamingBody)
        arm(Phase::Body, m_limits.idleTimeoutMs);
    if (m_reader.pendingBodySize() > 0) {
        if (streamingBody) {
            const QByteArray chunk = m_reader.takeBody();
            Q_EMIT data(chunk);
            if (!m_running) // a receiver aborted
                return;
        } else {
            m_response.body += m_reader.takeBody();
            if (m_response.body.size() > m_limits.maxBodyBytes) {
                finish(dockererrors::bodyTooLarge(m_path, requestLine(), m_limits.maxBodyBytes));
                return;
            }
        }
    }
    if (m_reader.complete()) {
        if (success)
            finish(m_response);
        else
            finish(httpError());
    }
}

void DockerRequest::onDisconnected()
{
    if (!m_running)
        return;
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (!m_running)
        return;
    m_reader.finishInput();
    if (m_reader.complete()) {
        if (m_mode == Mode::Buffered)
            m_response.body += m_reader.takeBody();
        finish(m_response.status / 100 == 2 ? Result<DockerResponse>(m_response)
                                            : Result<DockerResponse>(httpError()));
        return;
    }
    finish(dockererrors::socket(QLocalSocket::PeerClosedError, m_path, m_reader.errorString()));
}

void DockerRequest::onError(QLocalSocket::LocalSocketError error)
{
    if (!m_running)
        return;
    if (error == QLocalSocket::PeerClosedError) {
        onDisconnected();
        return;
    }
    finish(dockererrors::socket(error, m_path, m_socket->errorString()));
}

void DockerRequest::finish(const Result<DockerResponse> &result)
{
    if (!m_running)
        return;
    m_running = false;
    if (m_timer)
        m_timer->stop();
    if (m_totalTimer)
        m_totalTimer->stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    Q_EMIT finished(result);
}

} // namespace khepri
