#pragma once

// How failures of the Docker engine (or of what answers on its socket) read
// to the user: one function per situation DockerClient, DockerRequest and the
// streams meet, each saying what failed, at which socket, and what to do.
// Error codes: docker-unreachable, docker-access-denied, docker-gone,
// docker-protocol, docker-timeout, docker-too-large, docker-host-unsupported,
// docker-too-old, docker-api, not-found, conflict.

#include <QJsonDocument>
#include <QLocalSocket>
#include <QString>

#include "result.h"

namespace khepri {
struct DockerResponse;
} // namespace khepri

namespace khepri::dockererrors {

// A socket error; `detail` is the socket's own message, for the rare ones.
Error socket(QLocalSocket::LocalSocketError error, const QString &path, const QString &detail);
// An answer that is not what the Docker API sends (not JSON, wrong shape).
Error notDocker(const QString &path, const QString &what);
// A frame of a stream (event, log or stats) past DockerLimits::maxFrameBytes.
Error frameTooLarge(const QString &path, const QString &what, qint64 limit);
// A buffered answer to `request` ("GET /v1.43/…") past DockerLimits::maxBodyBytes.
Error bodyTooLarge(const QString &path, const QString &request, qint64 limit);
// The engine `what` ("did not accept a connection within 5 s").
Error timeout(const QString &path, const QString &what);
// A non-2xx answer to `request`; the engine's {"message": …} when it sent one.
Error httpStatus(int status, const QByteArray &body, const QString &request);
// DOCKER_HOST names something other than a unix socket.
Error hostUnsupported(const QString &host);
// The engine's API (`serverApi`, "1.12") is older than 1.`minMinor`.
Error tooOld(const QString &path, const QString &serverApi, int minMinor);
// A log stream that is neither raw nor Docker's multiplexed format.
Error logFormat(const QString &container);

// The body of a successful answer as JSON of the expected shape (an array or
// an object), else the error that says the engine is not speaking the API.
Result<QJsonDocument> apiJson(const QString &path, const QString &what,
                              const DockerResponse &response, bool array);

} // namespace khepri::dockererrors
