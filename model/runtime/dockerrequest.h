#pragma once

// DockerRequest sends one HTTP/1.1 request to the Engine's unix socket on its
// own QLocalSocket and reads the answer with HttpResponseReader. A buffered
// request collects the body and ends with finished(); a streaming request
// (events, logs, stats) hands out body bytes as they arrive with data() and
// ends with finished() when the engine or abort() closes it. Exactly one
// finished() per start(). Owned by the object that starts it (its parent);
// the socket is its child. Errors are typed (see dockerError codes in
// dockerclient.h) and say which socket was tried.

#include <memory>

#include <QByteArray>
#include <QLocalSocket>
#include <QObject>

#include "httpresponsereader.h"
#include "result.h"

namespace khepri {

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
    ~DockerRequest() override;

    void setBody(const QByteArray &json) { m_body = json; }
    void start();
    // Closes the connection; finished() follows with an "aborted" error
    // unless the response was already complete.
    void abort();
    bool isRunning() const { return m_running; }

    // Errors for a socket error, as a user reads them.
    static Error socketError(QLocalSocket::LocalSocketError error, const QString &path,
                             const QString &detail);

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
    Error httpError() const;

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
};

} // namespace khepri

Q_DECLARE_METATYPE(khepri::DockerResponse)
