#include "dockerstatsstream.h"

#include <QStringBuilder>
#include <QUrl>

#include "dockerclient.h"
#include "dockererrors.h"
#include "dockerrequest.h"

using namespace Qt::StringLiterals;

namespace khepri {

DockerStatsStream::DockerStatsStream(DockerClient &client, const QString &container, bool stream,
                                     QObject *parent)
    : QObject(parent)
    , m_container(container)
    , m_lines(client.limits().maxFrameBytes)
{
    // A hung engine shows as a lost connection of the client (its
    // keep-alive): the stream ends with the client's error.
    connect(&client, &DockerClient::connectionChanged, this,
            [this, &client](DockerClient::Connection c) {
                if (c == DockerClient::Connection::Disconnected && m_request && client.lastError())
                    m_request->abort(*client.lastError());
            });
    const QString name = QString::fromLatin1(QUrl::toPercentEncoding(container));
    m_request = client.request(
        "GET", u"/containers/"_s % name % u"/stats?stream="_s % (stream ? u"1"_s : u"0"_s), true,
        this);
    connect(m_request, &DockerRequest::data, this, &DockerStatsStream::onData);
    m_path = client.socketPath();
    connect(m_request, &DockerRequest::finished, this, [this](const Result<DockerResponse> &r) {
        m_request = nullptr;
        if (m_done)
            return;
        m_done = true;
        if (r)
            Q_EMIT finished(Result<void>());
        else if (r.error().code == ErrorCode::NotFound)
            Q_EMIT finished(
                Error::make(ErrorCode::NotFound, u"there is no container named "_s % m_container));
        else
            Q_EMIT finished(r.error());
    });
    m_request->start();
}

DockerStatsStream::~DockerStatsStream() = default;

void DockerStatsStream::onData(const QByteArray &bytes)
{
    const QList<QJsonObject> objects = m_lines.feed(bytes);
    if (m_lines.overflowed()) {
        if (m_request)
            m_request->abort(dockererrors::frameTooLarge(
                m_path, u"a stats sample of "_s % m_container, m_lines.maxLine()));
        return;
    }
    for (const QJsonObject &o : objects)
        Q_EMIT sample(ContainerStats::fromJson(o));
}

} // namespace khepri
