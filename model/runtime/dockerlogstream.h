#pragma once

// DockerLogStream follows the output of one container
// (GET /containers/{name}/logs): it learns whether the container has a TTY,
// decodes the multiplexed or raw stream (DockerLogDecoder) and hands out
// lines. Created by DockerClient::logs(); owned by the caller; deleting it
// closes the connection. Ends with exactly one finished().

#include <QList>
#include <QObject>

#include "dockerlogdecoder.h"
#include "result.h"

namespace khepri {

class DockerClient;
class DockerRequest;
struct DockerResponse;

class DockerLogStream : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DockerLogStream)
public:
    DockerLogStream(DockerClient &client, const QString &container, int tail, bool follow,
                    QObject *parent);
    ~DockerLogStream() override;

    QString container() const { return m_container; }

Q_SIGNALS:
    void lines(const QList<khepri::LogLine> &lines);
    // ok(true): the stream ended (container stopped, or follow was off).
    void finished(const khepri::Result<void> &result);

private:
    void onInspected(const Result<DockerResponse> &result);
    void onData(const QByteArray &bytes);
    void onHead(const DockerResponse &head);
    void end(const Result<void> &result);

    DockerClient &m_client;
    QString m_container;
    int m_tail;
    bool m_follow;
    bool m_tty = false;
    bool m_done = false;
    std::optional<DockerLogDecoder> m_decoder;
    DockerRequest *m_request = nullptr;
};

} // namespace khepri
