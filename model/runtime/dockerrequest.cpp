#include "dockerrequest.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringBuilder>

#include "logging.h"

using namespace Qt::StringLiterals;

namespace khepri {

DockerRequest::DockerRequest(const QString &socketPath, const QByteArray &method,
                             const QByteArray &target, Mode mode, QObject *parent)
    : QObject(parent)
    , m_path(socketPath)
    , m_method(method)
    , m_target(target)
    , m_mode(mode)
    , m_reader(method == "HEAD")
{}

DockerRequest::~DockerRequest() = default;

Error DockerRequest::socketError(QLocalSocket::LocalSocketError error, const QString &path,
                                 const QString &detail)
{
    switch (error) {
    case QLocalSocket::ServerNotFoundError:
        return Error{u"docker-unreachable"_s,
                     u"no Docker engine answers at "_s % path % u": the socket does not exist"_s,
                     u"Start Docker (systemctl start docker) or Podman's API socket, or point "
                     u"DOCKER_HOST at the right socket (unix:///path/to/sock)."_s,
                     {},
                     0,
                     0};
    case QLocalSocket::ConnectionRefusedError:
        return Error{u"docker-unreachable"_s,
                     u"the Docker engine at "_s % path % u" refuses connections (not running?)"_s,
                     u"Start Docker (systemctl start docker) or Podman's API socket."_s,
                     {},
                     0,
                     0};
    case QLocalSocket::SocketAccessError:
        return Error{u"docker-access-denied"_s,
                     u"permission denied on the Docker socket "_s % path,
                     u"Add your user to the docker group (then log in again), or run as a user "
                     u"allowed to use the socket."_s,
                     {},
                     0,
                     0};
    case QLocalSocket::PeerClosedError:
        return Error{
            u"docker-gone"_s,
            u"the Docker engine at "_s % path % u" closed the connection"_s,
            u"The engine may have stopped or restarted; khepri reconnects when it is back."_s,
            {},
            0,
            0};
    default:
        break;
    }
    return Error{u"docker-unreachable"_s,
                 u"cannot talk to the Docker engine at "_s % path % u": "_s % detail,
                 {},
                 {},
                 0,
                 0};
}

void DockerRequest::start()
{
    m_running = true;
    m_socket = new QLocalSocket(this);
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
    finish(Error{u"aborted"_s, u"the request was cancelled"_s, {}, {}, 0, 0});
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
}

Error DockerRequest::httpError() const
{
    // The Engine answers errors with {"message": "…"}.
    const QString message =
        QJsonDocument::fromJson(m_response.body).object().value(u"message").toString();
    const QString text =
        message.isEmpty() ? QString::fromUtf8(m_response.body.left(200)).trimmed() : message;
    QString code = u"docker-api"_s;
    if (m_response.status == 404)
        code = u"not-found"_s;
    else if (m_response.status == 409)
        code = u"conflict"_s;
    return Error{code,
                 u"the Docker engine answered "_s % QString::number(m_response.status) % u" to "_s
                     % QString::fromLatin1(m_method) % u' ' % QString::fromUtf8(m_target) % u": "_s
                     % text,
                 {},
                 {},
                 0,
                 0};
}

void DockerRequest::onReadyRead()
{
    if (!m_running)
        return;
    const QByteArray bytes = m_socket->readAll();
    if (!m_reader.feed(bytes)) {
        finish(Error{u"docker-protocol"_s,
                     u"the Docker engine at "_s % m_path % u" sent an invalid response: "_s
                         % m_reader.errorString(),
                     {},
                     {},
                     0,
                     0});
        return;
    }
    if (!m_headSeen && m_reader.headComplete()) {
        m_headSeen = true;
        m_response.status = m_reader.statusCode();
        m_response.contentType = m_reader.header("content-type");
        m_response.apiVersion = m_reader.header("api-version");
        if (m_mode == Mode::Streaming && m_response.status / 100 == 2)
            Q_EMIT headReceived(m_response);
    }
    const bool success = m_response.status / 100 == 2;
    if (m_reader.pendingBodySize() > 0) {
        if (m_mode == Mode::Streaming && success) {
            const QByteArray chunk = m_reader.takeBody();
            Q_EMIT data(chunk);
            if (!m_running) // a receiver aborted
                return;
        } else {
            m_response.body += m_reader.takeBody();
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
    finish(socketError(QLocalSocket::PeerClosedError, m_path, m_reader.errorString()));
}

void DockerRequest::onError(QLocalSocket::LocalSocketError error)
{
    if (!m_running)
        return;
    if (error == QLocalSocket::PeerClosedError) {
        onDisconnected();
        return;
    }
    finish(socketError(error, m_path, m_socket->errorString()));
}

void DockerRequest::finish(const Result<DockerResponse> &result)
{
    if (!m_running)
        return;
    m_running = false;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    Q_EMIT finished(result);
}

} // namespace khepri
