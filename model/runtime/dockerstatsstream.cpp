#include "dockerstatsstream.h"

#include <QStringBuilder>
#include <QUrl>

#include "dockerclient.h"
#include "dockerrequest.h"

using namespace Qt::StringLiterals;

namespace khepri {

DockerStatsStream::DockerStatsStream(DockerClient &client, const QString &container, bool stream,
                                     QObject *parent)
    : QObject(parent)
    , m_container(container)
{
    const QString name = QString::fromLatin1(QUrl::toPercentEncoding(container));
    m_request = client.request(
        "GET", u"/containers/"_s % name % u"/stats?stream="_s % (stream ? u"1"_s : u"0"_s), true,
        this);
    connect(m_request, &DockerRequest::data, this, &DockerStatsStream::onData);
    connect(m_request, &DockerRequest::finished, this, [this](const Result<DockerResponse> &r) {
        m_request = nullptr;
        if (m_done)
            return;
        m_done = true;
        if (r)
            Q_EMIT finished(true);
        else if (r.error().code == u"not-found")
            Q_EMIT finished(Error{
                u"not-found"_s, u"there is no container named "_s % m_container, {}, {}, 0, 0});
        else
            Q_EMIT finished(r.error());
    });
    m_request->start();
}

DockerStatsStream::~DockerStatsStream() = default;

void DockerStatsStream::onData(const QByteArray &bytes)
{
    const QList<QJsonObject> objects = m_lines.feed(bytes);
    for (const QJsonObject &o : objects)
        Q_EMIT sample(ContainerStats::fromJson(o));
}

} // namespace khepri
