#include "dockerlogstream.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringBuilder>
#include <QUrl>

#include "dockerclient.h"
#include "dockererrors.h"
#include "dockerrequest.h"

using namespace Qt::StringLiterals;

namespace khepri {

DockerLogStream::DockerLogStream(DockerClient &client, const QString &container, int tail,
                                 bool follow, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_container(container)
    , m_tail(tail)
    , m_follow(follow)
{
    // A hung engine shows as a lost connection of the client (its
    // keep-alive): the stream ends with the client's error.
    connect(&client, &DockerClient::connectionChanged, this, [this](DockerClient::Connection c) {
        if (c == DockerClient::Connection::Disconnected && m_request && m_client.lastError())
            m_request->abort(*m_client.lastError());
    });
    // Whether the container has a TTY decides the stream format; inspect
    // first (newer engines also say it in Content-Type, older ones do not).
    const QString name = QString::fromLatin1(QUrl::toPercentEncoding(container));
    m_request = client.request("GET", u"/containers/"_s % name % u"/json"_s, false, this);
    connect(m_request, &DockerRequest::finished, this, &DockerLogStream::onInspected);
    m_request->start();
}

DockerLogStream::~DockerLogStream() = default;

void DockerLogStream::onInspected(const Result<DockerResponse> &result)
{
    m_request = nullptr;
    if (!result) {
        end(result.error().code == ErrorCode::NotFound ? Result<void>(
                Error::make(ErrorCode::NotFound, u"there is no container named "_s % m_container,
                            u"The service may be stopped: its container is removed "
                            u"when it stops."_s))
                                                       : Result<void>(result.error()));
        return;
    }
    m_tty = QJsonDocument::fromJson(result.value().body)
                .object()
                .value(u"Config")
                .toObject()
                .value(u"Tty")
                .toBool();
    const QString name = QString::fromLatin1(QUrl::toPercentEncoding(m_container));
    QString query =
        u"?stdout=1&stderr=1&tail="_s % (m_tail < 0 ? u"all"_s : QString::number(m_tail));
    if (m_follow)
        query += u"&follow=1"_s;
    m_request = m_client.request("GET", u"/containers/"_s % name % u"/logs"_s % query, true, this);
    connect(m_request, &DockerRequest::headReceived, this, &DockerLogStream::onHead);
    connect(m_request, &DockerRequest::data, this, &DockerLogStream::onData);
    connect(m_request, &DockerRequest::finished, this, [this](const Result<DockerResponse> &r) {
        m_request = nullptr;
        if (m_decoder) {
            const QList<LogLine> rest = m_decoder->flush();
            if (!rest.isEmpty())
                Q_EMIT lines(rest);
        }
        end(r ? Result<void>() : Result<void>(r.error()));
    });
    m_request->start();
}

void DockerLogStream::onHead(const DockerResponse &head)
{
    bool tty = m_tty;
    if (head.contentType.contains("multiplexed-stream"))
        tty = false;
    else if (head.contentType.contains("raw-stream"))
        tty = true;
    m_decoder.emplace(tty, m_client.limits().maxFrameBytes);
}

void DockerLogStream::onData(const QByteArray &bytes)
{
    if (!m_decoder)
        m_decoder.emplace(m_tty, m_client.limits().maxFrameBytes);
    QList<LogLine> out;
    if (!m_decoder->feed(bytes, &out)) {
        if (m_request)
            m_request->abort();
        return;
    }
    if (!out.isEmpty())
        Q_EMIT lines(out);
}

void DockerLogStream::end(const Result<void> &result)
{
    if (m_done)
        return;
    m_done = true;
    if (m_decoder && m_decoder->frameTooLarge())
        Q_EMIT finished(dockererrors::frameTooLarge(m_client.socketPath(),
                                                    u"a log frame of "_s % m_container,
                                                    m_client.limits().maxFrameBytes));
    else if (m_decoder && m_decoder->failed())
        Q_EMIT finished(dockererrors::logFormat(m_container));
    else
        Q_EMIT finished(result);
}

} // namespace khepri
