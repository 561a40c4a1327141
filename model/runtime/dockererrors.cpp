#include "dockererrors.h"

#include <QJsonObject>
#include <QStringBuilder>

#include "dockerrequest.h"

using namespace Qt::StringLiterals;

namespace khepri::dockererrors {
namespace {

QString mib(qint64 bytes)
{
    return bytes % (1 << 20) == 0 ? QString::number(bytes >> 20) % u" MiB"_s
                                  : QString::number(bytes) % u" bytes"_s;
}

} // namespace

Error socket(QLocalSocket::LocalSocketError error, const QString &path, const QString &detail)
{
    switch (error) {
    case QLocalSocket::ServerNotFoundError:
        return Error::make(
            ErrorCode::DockerUnreachable,
            u"no Docker engine answers at "_s % path % u": the socket does not exist"_s,
            u"Start Docker (systemctl start docker) or Podman's API socket, or point "
            u"DOCKER_HOST at the right socket (unix:///path/to/sock)."_s);
    case QLocalSocket::ConnectionRefusedError:
        return Error::make(ErrorCode::DockerUnreachable,
                           u"the Docker engine at "_s % path
                               % u" refuses connections (not running?)"_s,
                           u"Start Docker (systemctl start docker) or Podman's API socket."_s);
    case QLocalSocket::SocketAccessError:
        return Error::make(
            ErrorCode::DockerAccessDenied, u"permission denied on the Docker socket "_s % path,
            u"Add your user to the docker group (then log in again), or run as a user "
            u"allowed to use the socket."_s);
    case QLocalSocket::PeerClosedError:
        return Error::make(
            ErrorCode::DockerGone, u"the Docker engine at "_s % path % u" closed the connection"_s,
            u"The engine may have stopped or restarted; khepri reconnects when it is back."_s);
    default:
        break;
    }
    return Error::make(ErrorCode::DockerUnreachable,
                       u"cannot talk to the Docker engine at "_s % path % u": "_s % detail);
}

Error notDocker(const QString &path, const QString &what)
{
    return Error::make(
        ErrorCode::DockerProtocol,
        u"the engine at "_s % path % u" answered something that is not the Docker API ("_s % what
            % u')',
        u"Check that DOCKER_HOST (default unix:///run/docker.sock) names the socket of "
        u"Docker or Podman's API service, not another program's; `curl --unix-socket "_s
            % path % u" http://docker/version` shows what it answers."_s);
}

Error frameTooLarge(const QString &path, const QString &what, qint64 limit)
{
    return Error::make(
        ErrorCode::DockerTooLarge,
        u"the engine at "_s % path % u" sent "_s % what % u" larger than "_s % mib(limit)
            % u"; khepri stopped reading it"_s,
        u"No Docker engine sends this: check that DOCKER_HOST names Docker's or Podman's "
        u"socket. KHEPRI_DOCKER_MAX_FRAME raises the limit (bytes)."_s);
}

Error bodyTooLarge(const QString &path, const QString &request, qint64 limit)
{
    return Error::make(
        ErrorCode::DockerTooLarge,
        u"the engine at "_s % path % u" answered "_s % request % u" with more than "_s % mib(limit)
            % u"; khepri stopped reading it"_s,
        u"No Docker API answer is this large: check that DOCKER_HOST names Docker's or "
        u"Podman's socket and that the engine is healthy. KHEPRI_DOCKER_MAX_BODY raises "
        u"the limit (bytes)."_s);
}

Error timeout(const QString &path, const QString &what)
{
    return Error::make(
        ErrorCode::DockerTimeout, u"the Docker engine at "_s % path % u' ' % what,
        u"The engine is hung or overloaded: check it (systemctl status docker, journalctl "
        u"-u docker) and restart it, or point DOCKER_HOST at the right socket. khepri "
        u"keeps retrying while it runs."_s);
}

Error httpStatus(int status, const QByteArray &body, const QString &request)
{
    // The Engine answers errors with {"message": "…"}.
    const QString message = QJsonDocument::fromJson(body).object().value(u"message").toString();
    const QString text = message.isEmpty() ? QString::fromUtf8(body.left(200)).trimmed() : message;
    ErrorCode code = ErrorCode::DockerApi;
    if (status == 404)
        code = ErrorCode::NotFound;
    else if (status == 409)
        code = ErrorCode::Conflict;
    return Error::make(code, u"the Docker engine answered "_s % QString::number(status) % u" to "_s
                                 % request % u": "_s % text);
}

Error hostUnsupported(const QString &host)
{
    return Error::make(ErrorCode::DockerHostUnsupported,
                       u"DOCKER_HOST="_s % host % u" is not a unix socket"_s,
                       u"khepri talks to Docker or Podman over a local unix socket only: set "
                       u"DOCKER_HOST=unix:///path/to/docker.sock."_s);
}

Error tooOld(const QString &path, const QString &serverApi, int minMinor)
{
    return Error::make(ErrorCode::DockerTooOld,
                       u"the engine at "_s % path % u" speaks API "_s % serverApi
                           % u"; khepri needs 1."_s % QString::number(minMinor) % u" or newer"_s,
                       u"Upgrade Docker (or Podman)."_s);
}

Error logFormat(const QString &container)
{
    return Error::make(ErrorCode::DockerProtocol,
                       u"the log stream of "_s % container % u" is not in Docker's format"_s);
}

Result<QJsonDocument> apiJson(const QString &path, const QString &what,
                              const DockerResponse &response, bool array)
{
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(response.body, &parse);
    if (parse.error != QJsonParseError::NoError)
        return notDocker(path, what % u" is not JSON: "_s % parse.errorString() % u" at byte "_s
                                   % QString::number(parse.offset));
    if (array ? !doc.isArray() : !doc.isObject())
        return notDocker(path, what % u" is not a JSON "_s % (array ? u"array"_s : u"object"_s));
    return doc;
}

} // namespace khepri::dockererrors
