// DockerClient, the events: the /events stream (whose head means "connected,
// nothing can be missed from here"), split into JSON objects, and each event
// turned into an update of the inventory.

#include "dockerclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringBuilder>
#include <QTimer>
#include <QUrl>

#include "dockererrors.h"
#include "dockerrequest.h"
#include "runtimelogging.h"
#include "socketreconnector.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// Container events that change nothing we show (exec, attach, copy, …).
bool ignoredContainerAction(const QString &action)
{
    return action.startsWith(u"exec_") || action == u"attach" || action == u"detach"
           || action == u"resize" || action == u"top" || action == u"archive-path"
           || action == u"extract-to-dir" || action == u"copy" || action == u"commit"
           || action == u"export";
}

} // namespace

void DockerClient::startEvents()
{
    const QJsonObject filters{{u"type"_s, QJsonArray{u"container"_s, u"network"_s, u"volume"_s}}};
    const QString query = QString::fromLatin1(QUrl::toPercentEncoding(
        QString::fromUtf8(QJsonDocument(filters).toJson(QJsonDocument::Compact))));
    auto *events = internalRequest("GET", u"/events?filters="_s % query, true);
    m_events = JsonLineSplitter(m_limits.maxFrameBytes);
    const int epoch = m_epoch;
    connect(events, &DockerRequest::headReceived, this, [this, epoch] {
        if (epoch != m_epoch)
            return;
        // Following events from here on: what we list now cannot be missed.
        m_reconnector->succeeded();
        m_lastError.reset();
        setConnection(Connection::Connected);
        m_keepAliveTimer->start(m_limits.keepAliveMs);
        resync();
    });
    connect(events, &DockerRequest::data, this, [this, epoch](const QByteArray &bytes) {
        if (epoch == m_epoch)
            onEventData(bytes);
    });
    connect(events, &DockerRequest::finished, this, [this, epoch](const Result<DockerResponse> &r) {
        if (epoch != m_epoch)
            return;
        lose(r ? dockererrors::socket(QLocalSocket::PeerClosedError, m_socketPath, {}) : r.error());
    });
    events->start();
}

void DockerClient::onEventData(const QByteArray &bytes)
{
    const QList<QJsonObject> objects = m_events.feed(bytes);
    if (m_events.overflowed()) {
        lose(dockererrors::frameTooLarge(m_socketPath, u"an event"_s, m_limits.maxFrameBytes));
        return;
    }
    const int epoch = m_epoch;
    for (const QJsonObject &o : objects) {
        handleEvent(DockerEvent::fromJson(o));
        if (epoch != m_epoch)
            return;
    }
}

void DockerClient::handleEvent(const DockerEvent &event)
{
    qCDebug(lcDocker) << "event" << event.type << event.action << event.detail << event.name;
    if (event.type == u"container") {
        if (ignoredContainerAction(event.action))
            return;
        QString name = event.name;
        if (name.isEmpty())
            name = m_idToName.value(event.id);
        if (name.isEmpty()) {
            // An old-shaped event about a container we have not seen: only a
            // listing tells its name.
            relist();
            return;
        }
        // Only watched names are remembered: a flood of events about other
        // containers must not grow the map.
        if (!m_watched.contains(name))
            return;
        if (!event.id.isEmpty())
            m_idToName.insert(event.id, name);
        if (event.action == u"destroy") {
            m_idToName.remove(event.id);
            const auto it = m_containers.constFind(name);
            if (it != m_containers.cend() && it->id == event.id && !m_inspecting.contains(name)) {
                setContainer(name, std::nullopt);
                return;
            }
        }
        if (event.action == u"health_status") {
            auto it = m_containers.find(name);
            if (it != m_containers.end()) {
                ContainerState next = *it;
                next.health = parseHealthStatus(event.detail);
                next.eventTimeNs = event.timeNs;
                setContainer(name, next);
                if (m_inspecting.contains(name))
                    m_inspectAgain.insert(name);
                return;
            }
        }
        inspect(name, event.timeNs);
    } else if (event.type == u"network") {
        const QString name = event.name.isEmpty() ? event.id : event.name;
        if (event.action == u"create")
            setNetworkPresent(name, true);
        else if (event.action == u"destroy" || event.action == u"remove")
            setNetworkPresent(name, false);
    } else if (event.type == u"volume") {
        const QString name = event.name.isEmpty() ? event.id : event.name;
        if (event.action == u"create")
            setVolumePresent(name, true);
        else if (event.action == u"destroy" || event.action == u"remove")
            setVolumePresent(name, false);
    }
}

} // namespace khepri
