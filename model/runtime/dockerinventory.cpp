// DockerClient, the inventory: which containers it watches, the listings of
// a resync (containers, networks, volumes) and the relists for containers it
// cannot name, the inspection of each watched container, and the cache they
// fill — changes to it are what the client signals.

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

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

QString encodeName(const QString &name)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(name));
}

} // namespace

void DockerClient::setWatchedContainers(const QStringList &names)
{
    const QSet<QString> next(names.begin(), names.end());
    if (next == m_watched)
        return;
    const QSet<QString> added = next - m_watched;
    const QSet<QString> removed = m_watched - next;
    m_watched = next;
    for (const QString &name : removed)
        setContainer(name, std::nullopt);
    if (m_connection == Connection::Connected)
        for (const QString &name : added)
            inspect(name);
}

QStringList DockerClient::watchedContainers() const
{
    QStringList out(m_watched.begin(), m_watched.end());
    out.sort();
    return out;
}

std::optional<ContainerState> DockerClient::container(const QString &name) const
{
    const auto it = m_containers.constFind(name);
    if (it == m_containers.cend())
        return std::nullopt;
    return *it;
}

void DockerClient::resync()
{
    m_synced = false;
    m_listsPending = 3;
    const int epoch = m_epoch;
    auto *containers = internalRequest("GET", u"/containers/json?all=1"_s, false);
    connect(containers, &DockerRequest::finished, this,
            [this, epoch](const Result<DockerResponse> &r) {
                if (epoch == m_epoch)
                    onContainerList(r, true);
            });
    auto *networks = internalRequest("GET", u"/networks"_s, false);
    connect(networks, &DockerRequest::finished, this,
            [this, epoch](const Result<DockerResponse> &r) {
                if (epoch == m_epoch)
                    onNetworkList(r);
            });
    auto *volumes = internalRequest("GET", u"/volumes"_s, false);
    connect(volumes, &DockerRequest::finished, this,
            [this, epoch](const Result<DockerResponse> &r) {
                if (epoch == m_epoch)
                    onVolumeList(r);
            });
    containers->start();
    networks->start();
    volumes->start();
}

void DockerClient::relist()
{
    // A resync's listing, or the trailing relist already scheduled, will
    // name them.
    if (m_listsPending > 0 || m_relistTimer->isActive())
        return;
    if (m_relisting) {
        m_relistAgain = true;
        return;
    }
    m_relisting = true;
    auto *list = internalRequest("GET", u"/containers/json?all=1"_s, false);
    const int epoch = m_epoch;
    connect(list, &DockerRequest::finished, this, [this, epoch](const Result<DockerResponse> &r) {
        if (epoch != m_epoch)
            return;
        m_relisting = false;
        if (std::exchange(m_relistAgain, false))
            m_relistTimer->start(m_limits.relistDelayMs);
        onContainerList(r, false);
    });
    list->start();
}

void DockerClient::onContainerList(const Result<DockerResponse> &result, bool resyncing)
{
    const Result<QJsonDocument> doc =
        result ? dockererrors::apiJson(m_socketPath, u"its container list"_s, result.value(), true)
               : Result<QJsonDocument>(result.error());
    if (!doc) {
        lose(doc.error());
        return;
    }
    QSet<QString> present;
    m_idToName.clear();
    for (const QJsonValue &v : doc.value().array()) {
        const QJsonObject o = v.toObject();
        const QString id = o.value(u"Id").toString();
        for (const QJsonValue &n : o.value(u"Names").toArray()) {
            QString name = n.toString();
            if (name.startsWith(u'/'))
                name.remove(0, 1);
            if (name.contains(u'/')) // a link alias, not the container's own name
                continue;
            present.insert(name);
            if (m_watched.contains(name))
                m_idToName.insert(id, name);
        }
    }
    for (const QString &name : std::as_const(m_watched)) {
        if (present.contains(name))
            inspect(name);
        else if (!m_inspecting.contains(name))
            setContainer(name, std::nullopt);
    }
    if (resyncing)
        listDone();
    else
        maybeSynced();
}

void DockerClient::onNetworkList(const Result<DockerResponse> &result)
{
    if (!result) {
        lose(result.error());
        return;
    }
    const Result<QJsonDocument> doc =
        dockererrors::apiJson(m_socketPath, u"its network list"_s, result.value(), true);
    if (!doc) {
        lose(doc.error());
        return;
    }
    QSet<QString> now;
    for (const QJsonValue &v : doc.value().array())
        now.insert(v.toObject().value(u"Name").toString());
    for (const QString &gone : m_networks - now)
        setNetworkPresent(gone, false);
    for (const QString &added : now - m_networks)
        setNetworkPresent(added, true);
    listDone();
}

void DockerClient::onVolumeList(const Result<DockerResponse> &result)
{
    if (!result) {
        lose(result.error());
        return;
    }
    const Result<QJsonDocument> doc =
        dockererrors::apiJson(m_socketPath, u"its volume list"_s, result.value(), false);
    if (!doc) {
        lose(doc.error());
        return;
    }
    QSet<QString> now;
    const QJsonObject o = doc.value().object();
    for (const QJsonValue &v : o.value(u"Volumes").toArray())
        now.insert(v.toObject().value(u"Name").toString());
    for (const QString &gone : m_volumes - now)
        setVolumePresent(gone, false);
    for (const QString &added : now - m_volumes)
        setVolumePresent(added, true);
    listDone();
}

void DockerClient::listDone()
{
    if (m_listsPending > 0)
        --m_listsPending;
    maybeSynced();
}

void DockerClient::maybeSynced()
{
    if (m_synced || m_listsPending > 0 || !m_inspecting.isEmpty()
        || m_connection != Connection::Connected)
        return;
    m_synced = true;
    qCDebug(lcDocker) << "synced:" << m_containers.size() << "watched containers present";
    Q_EMIT synced();
}

void DockerClient::inspect(const QString &name, qint64 eventTimeNs)
{
    if (eventTimeNs > 0)
        m_pendingEventTime.insert(name, eventTimeNs);
    if (m_inspecting.contains(name)) {
        m_inspectAgain.insert(name);
        return;
    }
    m_inspecting.insert(name);
    auto *r = internalRequest("GET", u"/containers/"_s % encodeName(name) % u"/json"_s, false);
    const int epoch = m_epoch;
    connect(r, &DockerRequest::finished, this,
            [this, epoch, name](const Result<DockerResponse> &result) {
                if (epoch != m_epoch)
                    return;
                m_inspecting.remove(name);
                const qint64 eventTime = m_pendingEventTime.take(name);
                const Result<QJsonDocument> doc =
                    result ? dockererrors::apiJson(m_socketPath, u"its inspection of "_s % name,
                                                   result.value(), false)
                           : Result<QJsonDocument>(result.error());
                if (m_watched.contains(name)) {
                    if (doc) {
                        ContainerState state = ContainerState::fromInspect(doc.value().object());
                        state.eventTimeNs = eventTime;
                        m_idToName.insert(state.id, name);
                        setContainer(name, state);
                    } else if (doc.error().code == ErrorCode::NotFound) {
                        setContainer(name, std::nullopt);
                    } else {
                        qCDebug(lcDocker) << "inspect" << name << doc.error().toString();
                    }
                }
                if (m_inspectAgain.remove(name))
                    inspect(name);
                else
                    maybeSynced();
            });
    r->start();
}

void DockerClient::setContainer(const QString &name, std::optional<ContainerState> state)
{
    const auto it = m_containers.find(name);
    if (!state) {
        if (it == m_containers.end())
            return;
        m_containers.erase(it);
    } else if (it == m_containers.end()) {
        m_containers.insert(name, *state);
    } else {
        if (it->sameState(*state))
            return;
        *it = *state;
    }
    Q_EMIT containerChanged(name);
}

void DockerClient::setNetworkPresent(const QString &name, bool present)
{
    if (present == m_networks.contains(name))
        return;
    if (present)
        m_networks.insert(name);
    else
        m_networks.remove(name);
    Q_EMIT networkChanged(name);
}

void DockerClient::setVolumePresent(const QString &name, bool present)
{
    if (present == m_volumes.contains(name))
        return;
    if (present)
        m_volumes.insert(name);
    else
        m_volumes.remove(name);
    Q_EMIT volumeChanged(name);
}

} // namespace khepri
