#pragma once

// DockerRequest sends one HTTP/1.1 request to the Engine's unix socket on its
// own QLocalSocket and reads the answer with HttpResponseReader. A buffered
// request collects the body and ends with finished(); a streaming request
// (events, logs, stats) hands out body bytes as they arrive with data() and
// ends with finished() when the engine or abort() closes it. Exactly one
// finished() per start(). Owned by the object that starts it (its parent);
// the socket is its child. Errors are typed (dockererrors.h) and say which
// socket was tried.
//
// Nothing waits forever and nothing grows without bound (DockerLimits): the
// connection, the response head, and for buffered requests every pause in
// the body and the whole response have timeouts (docker-timeout); a buffered
// body has a size limit (docker-too-large); the socket's read buffer is
// bounded, so a fast engine is read at the pace the client parses.

#include <memory>

#include <QByteArray>
#include <QLocalSocket>
#include <QObject>

#include "httpresponsereader.h"
#include "result.h"

class QTimer;

namespace khepri {

// Limits against an engine that stalls or never ends. The defaults suit a
// real engine with room to spare; each can be changed with the environment
// variable named beside it (tests use them to keep runs short).
struct DockerLimits {
    int connectTimeoutMs = 5000;      // KHEPRI_DOCKER_CONNECT_TIMEOUT_MS
    int headTimeoutMs = 15000;        // KHEPRI_DOCKER_HEAD_TIMEOUT_MS: request sent -> head
    int idleTimeoutMs = 10000;        // KHEPRI_DOCKER_IDLE_TIMEOUT_MS: buffered, no new byte
    int totalTimeoutMs = 60000;       // KHEPRI_DOCKER_TOTAL_TIMEOUT_MS: buffered, whole answer
    qint64 maxBodyBytes = 64LL << 20; // KHEPRI_DOCKER_MAX_BODY: a buffered body
    qint64 maxFrameBytes = 4LL << 20; // KHEPRI_DOCKER_MAX_FRAME: one event, log or stats frame
    int keepAliveMs = 15000;          // KHEPRI_DOCKER_KEEPALIVE_MS: /_ping while /events is open
    int relistDelayMs = 1000;         // KHEPRI_DOCKER_RELIST_DELAY_MS: between relists
    static DockerLimits fromEnvironment();
};

struct DockerResponse {
    int status = 0;
    QByteArray contentType;
    QByteArray apiVersion; // the Api-Version header
    QByteArray body;       // buffered requests only
};

class DockerRequest : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DockerRequest)
public:
    enum class Mode { Buffered, Streaming };

    DockerRequest(const QString &socketPath, const QByteArray &method, const QByteArray &target,
                  Mode mode, QObject *parent = nullptr);
    DockerRequest(const QString &socketPath, const QByteArray &method, const QByteArray &target,
                  Mode mode, const DockerLimits &limits, QObject *parent);
    ~DockerRequest() override;

    void setBody(const QByteArray &json) { m_body = json; }
    void start();
    // Closes the connection; finished() follows with an "aborted" error
    // unless the response was already complete.
    void abort();
    // Closes the connection; finished() follows with `why`.
    void abort(const Error &why);
    bool isRunning() const { return m_running; }
    const DockerLimits &limits() const { return m_limits; }

Q_SIGNALS:
    // Streaming: the status line and headers arrived (2xx only).
    void headReceived(const khepri::DockerResponse &head);
    void data(const QByteArray &bytes);
    void finished(const khepri::Result<khepri::DockerResponse> &result);

private:
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onError(QLocalSocket::LocalSocketError error);
    void finish(const Result<DockerResponse> &result);
    QString requestLine() const; // "GET /v1.43/…"
    Error httpError() const;
    enum class Phase { Connecting, Head, Body };
    void arm(Phase phase, int ms);
    void onTimeout();

    QString m_path;
    QByteArray m_method;
    QByteArray m_target;
    QByteArray m_body;
    Mode m_mode;
    QLocalSocket *m_socket = nullptr;
    HttpResponseReader m_reader;
    DockerResponse m_response;
    bool m_running = false;
    bool m_headSeen = false;
    DockerLimits m_limits;
    QTimer *m_timer = nullptr;      // connect, head, then idle (buffered)
    QTimer *m_totalTimer = nullptr; // buffered: the whole response
    Phase m_phase = Phase::Connecting;
    bool m_totalExpired = false;
};

} // namespace khepri

Q_DECLARE_METATYPE(khepri::DockerResponse)
