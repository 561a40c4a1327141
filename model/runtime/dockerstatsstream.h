#pragma once

// DockerStatsStream follows the resource usage of one container
// (GET /containers/{name}/stats): one sample() per engine sample (about one
// a second while streaming), CPU % and memory computed as the docker CLI
// does. Created by DockerClient::stats(); owned by the caller; deleting it
// closes the connection. Ends with exactly one finished().

#include <QObject>

#include "dockertypes.h"
#include "jsonlinesplitter.h"
#include "result.h"

namespace khepri {

class DockerClient;
class DockerRequest;
struct DockerResponse;

class DockerStatsStream : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DockerStatsStream)
public:
    DockerStatsStream(DockerClient &client, const QString &container, bool stream, QObject *parent);
    ~DockerStatsStream() override;

    QString container() const { return m_container; }

Q_SIGNALS:
    void sample(const khepri::ContainerStats &stats);
    void finished(const khepri::Result<void> &result);

private:
    void onData(const QByteArray &bytes);

    QString m_container;
    QString m_path;
    JsonLineSplitter m_lines;
    DockerRequest *m_request = nullptr;
    bool m_done = false;
};

} // namespace khepri
