#include "runtimestate.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QStringBuilder>

#include "dockerclient.h"
#include "liveid.h"
#include "systemdclient.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

QString unitDetail(const UnitState &u)
{
    if (u.load == LoadState::NotFound)
        return u"unit not found"_s;
    if (u.load == LoadState::Masked)
        return u"unit masked"_s;
    QString text = u"unit "_s % activeStateName(u.active);
    if (!u.subState.isEmpty())
        text += u" ("_s % u.subState % u')';
    if (!u.result.isEmpty() && u.result != u"success")
        text += u", result "_s % u.result;
    if (u.nRestarts > 0)
        text += u", restarted "_s % QString::number(u.nRestarts) % u"×"_s;
    return text;
}

QString containerDetail(const ContainerState &c)
{
    QString text = u"container "_s % containerStatusName(c.status);
    if (c.health != HealthStatus::None)
        text += u" ("_s % healthStatusName(c.health) % u')';
    if ((c.status == ContainerStatus::Exited || c.status == ContainerStatus::Dead)
        && c.exitCode != 0)
        text += u", exit code "_s % QString::number(c.exitCode);
    if (c.oomKilled)
        text += u", killed: out of memory"_s;
    return text;
}

template<typename Map>
const typename Map::mapped_type *find(const Map &map, const QString &key)
{
    const auto it = map.constFind(key);
    return it == map.cend() ? nullptr : &*it;
}

} // namespace

RuntimeState::RuntimeState(SystemdClient &systemd, DockerClient &docker, QObject *parent)
    : QObject(parent)
    , m_systemd(systemd)
    , m_docker(docker)
{
    connect(&m_systemd, &SystemdClient::unitChanged, this, &RuntimeState::onUnitChanged);
    connect(&m_systemd, &SystemdClient::availabilityChanged, this, [this] {
        recomputeAll();
        updateSync();
    });
    connect(&m_systemd, &SystemdClient::synced, this, [this] {
        setProblem(u"systemd"_s, std::nullopt);
        recomputeAll();
        updateSync();
    });
    connect(&m_systemd, &SystemdClient::errorOccurred, this, [this](const Error &e) {
        setProblem(u"systemd"_s, e);
        updateSync();
    });
    connect(&m_docker, &DockerClient::containerChanged, this, &RuntimeState::onContainerChanged);
    connect(&m_docker, &DockerClient::networkChanged, this, &RuntimeState::onNetworkChanged);
    connect(&m_docker, &DockerClient::volumeChanged, this, &RuntimeState::onVolumeChanged);
    connect(&m_docker, &DockerClient::connectionChanged, this, [this] {
        recomputeAll();
        updateSync();
    });
    connect(&m_docker, &DockerClient::synced, this, [this] {
        setProblem(u"docker"_s, std::nullopt);
        recomputeAll();
        updateSync();
    });
    connect(&m_docker, &DockerClient::errorOccurred, this, [this](const Error &e) {
        setProblem(u"docker"_s, e);
        updateSync();
    });
}

RuntimeState::~RuntimeState() = default;

void RuntimeState::start()
{
    m_systemd.start();
    m_docker.start();
}

void RuntimeState::setDeclared(const std::optional<Manifest> &manifest)
{
    m_declared = manifest;
    rebuild();
}

void RuntimeState::setDeployed(const std::optional<Manifest> &manifest)
{
    m_deployed = manifest;
    rebuild();
}

void RuntimeState::watchDeployed(const QString &path)
{
    m_deployedPath = path;
    if (!m_deployedWatcher) {
        m_deployedWatcher = new QFileSystemWatcher(this);
        connect(m_deployedWatcher, &QFileSystemWatcher::fileChanged, this,
                &RuntimeState::reloadDeployed);
        connect(m_deployedWatcher, &QFileSystemWatcher::directoryChanged, this,
                &RuntimeState::reloadDeployed);
    }
    // The directory too: a rebuild replaces the file (a new symlink).
    const QString dir = QFileInfo(path).absolutePath();
    if (QFileInfo(dir).isDir())
        m_deployedWatcher->addPath(dir);
    reloadDeployed();
}

void RuntimeState::reloadDeployed()
{
    if (QFileInfo::exists(m_deployedPath) && !m_deployedWatcher->files().contains(m_deployedPath))
        m_deployedWatcher->addPath(m_deployedPath);
    Result<Manifest> loaded = Manifest::load(m_deployedPath);
    std::optional<Manifest> next;
    if (loaded) {
        next = std::move(loaded).value();
        setProblem(u"deployed"_s, std::nullopt);
    } else {
        setProblem(u"deployed"_s, loaded.error());
    }
    if (next != m_deployed)
        setDeployed(next);
}

const LiveItem *RuntimeState::item(const QString &id) const
{
    const int row = indexOf(id);
    return row < 0 ? nullptr : &m_items.at(row);
}

bool RuntimeState::systemdKnown() const
{
    return m_systemd.isAvailable() && m_systemd.isSynced();
}

bool RuntimeState::dockerKnown() const
{
    return m_docker.connection() == DockerClient::Connection::Connected && m_docker.isSynced();
}

bool RuntimeState::isSynced() const
{
    const bool systemdDone = systemdKnown() || m_problems.contains(u"systemd"_s);
    const bool dockerDone = dockerKnown() || m_problems.contains(u"docker"_s);
    return systemdDone && dockerDone;
}

QList<Error> RuntimeState::problems() const
{
    return m_problems.values();
}

void RuntimeState::setProblem(const QString &source, const std::optional<Error> &error)
{
    const auto it = m_problems.constFind(source);
    if (!error) {
        if (it == m_problems.cend())
            return;
        m_problems.remove(source);
    } else {
        if (it != m_problems.cend() && it->code == error->code && it->message == error->message)
            return;
        m_problems.insert(source, *error);
    }
    Q_EMIT problemsChanged();
}

void RuntimeState::updateSync()
{
    const bool now = isSynced();
    if (now == m_synced)
        return;
    m_synced = now;
    Q_EMIT syncChanged(now);
}

Result<QString> RuntimeState::unitFor(const QString &id) const
{
    const LiveItem *i = item(id);
    if (!i)
        return Error::make(ErrorCode::NotFound, u"nothing is known as "_s % id);
    if (i->unit.isEmpty())
        return Error::make(ErrorCode::NoUnit,
                           i->name % u" is external: no unit of khepri manages it"_s);
    return i->unit;
}

void RuntimeState::rebuild()
{
    Q_EMIT aboutToReset();
    m_items.clear();
    m_rows.clear();
    m_byUnit.clear();
    m_byContainer.clear();
    m_byNetwork.clear();
    m_byVolume.clear();
    m_compositionRow.clear();

    QStringList compositions;
    if (m_declared)
        compositions += m_declared->compositions.keys();
    if (m_deployed)
        compositions += m_deployed->compositions.keys();
    compositions.sort();
    compositions.removeDuplicates();

    QStringList units;
    QStringList containers;
    auto add = [&](LiveItem item) {
        const int row = int(m_items.size());
        m_rows.insert(item.id, row);
        if (!item.unit.isEmpty()) {
            m_byUnit.insert(item.unit, row);
            units.append(item.unit);
        }
        switch (item.kind) {
        case ItemKind::Service:
            m_byContainer.insert(item.dockerName, row);
            containers.append(item.dockerName);
            break;
        case ItemKind::Network:
            m_byNetwork.insert(item.dockerName, row);
            break;
        case ItemKind::Volume:
            m_byVolume.insert(item.dockerName, row);
            break;
        case ItemKind::Composition:
            m_compositionRow.insert(item.composition, row);
            break;
        }
        m_items.append(std::move(item));
    };

    for (const QString &comp : std::as_const(compositions)) {
        const ManifestComposition *dc = m_declared ? find(m_declared->compositions, comp) : nullptr;
        const ManifestComposition *pc = m_deployed ? find(m_deployed->compositions, comp) : nullptr;
        // The host runs what was deployed: its names win for live lookups.
        const ManifestComposition *live = pc ? pc : dc;
        LiveItem c;
        c.id = LiveId::composition(comp).toString();
        c.kind = ItemKind::Composition;
        c.composition = comp;
        c.name = comp;
        c.declared = dc != nullptr;
        c.deployed = pc != nullptr;
        c.unit = live->target;
        add(c);

        auto keys = [&](auto member) {
            QStringList k;
            if (dc)
                k += (dc->*member).keys();
            if (pc)
                k += (pc->*member).keys();
            k.sort();
            k.removeDuplicates();
            return k;
        };
        for (const QString &svc : keys(&ManifestComposition::services)) {
            const ManifestService *d = dc ? find(dc->services, svc) : nullptr;
            const ManifestService *p = pc ? find(pc->services, svc) : nullptr;
            const ManifestService *l = p ? p : d;
            LiveItem s;
            s.id = LiveId::service(comp, svc).toString();
            s.kind = ItemKind::Service;
            s.composition = comp;
            s.name = svc;
            s.declared = d != nullptr;
            s.deployed = p != nullptr;
            s.unit = l->unit;
            s.dockerName = l->container;
            s.declaredImage = d ? d->image : QString();
            s.deployedImage = p ? p->image : QString();
            add(s);
        }
        const auto resources = [&](auto member, ItemKind kind) {
            for (const QString &key : keys(member)) {
                const ManifestResource *d = dc ? find(dc->*member, key) : nullptr;
                const ManifestResource *p = pc ? find(pc->*member, key) : nullptr;
                const ManifestResource *l = p ? p : d;
                LiveItem r;
                r.id = LiveId::of(kind, comp, key).toString();
                r.kind = kind;
                r.composition = comp;
                r.name = key;
                r.declared = d != nullptr;
                r.deployed = p != nullptr;
                r.unit = l->unit;
                r.dockerName = l->name;
                add(r);
            }
        };
        resources(&ManifestComposition::networks, ItemKind::Network);
        resources(&ManifestComposition::volumes, ItemKind::Volume);
    }
    m_systemd.setUnits(units);
    m_docker.setWatchedContainers(containers);
    for (int row = 0; row < m_items.size(); ++row)
        if (m_items.at(row).kind != ItemKind::Composition)
            recompute(row);
    for (auto it = m_compositionRow.cbegin(); it != m_compositionRow.cend(); ++it)
        recompute(it.value());
    Q_EMIT reset();
}

void RuntimeState::recompute(int row)
{
    const LiveItem &old = m_items.at(row);
    LiveItem next = old;
    const bool sdKnown = systemdKnown();
    const bool dkKnown = dockerKnown();
    next.unitState = next.unit.isEmpty() ? std::nullopt : m_systemd.unit(next.unit);
    next.drift = {};
    if (m_declared && m_deployed) {
        if (next.declared && !next.deployed)
            next.drift |= DriftFlag::NotDeployed;
        if (next.deployed && !next.declared)
            next.drift |= DriftFlag::NoLongerDeclared;
    }
    QStringList detail;
    switch (next.kind) {
    case ItemKind::Service: {
        next.container = m_docker.container(next.dockerName);
        next.status = serviceStatus(next.unitState, next.container, sdKnown, dkKnown);
        const QString expected = next.deployed ? next.deployedImage : next.declaredImage;
        if (!next.declaredImage.isEmpty() && !next.deployedImage.isEmpty()
            && next.declaredImage != next.deployedImage) {
            next.drift |= DriftFlag::ImageDiffers;
            detail.append(u"image "_s % next.deployedImage % u" deployed, "_s % next.declaredImage
                          % u" declared"_s);
        } else if (next.container && !expected.isEmpty() && !next.container->image.isEmpty()
                   && next.container->image != expected) {
            next.drift |= DriftFlag::ImageDiffers;
            detail.append(u"runs image "_s % next.container->image % u", expected "_s % expected);
        }
        if (sdKnown && next.unitState)
            detail.prepend(unitDetail(*next.unitState));
        if (dkKnown)
            detail.insert(sdKnown && next.unitState ? 1 : 0,
                          next.container ? containerDetail(*next.container) : u"no container"_s);
        break;
    }
    case ItemKind::Network:
    case ItemKind::Volume:
        next.exists = next.kind == ItemKind::Network ? m_docker.hasNetwork(next.dockerName)
                                                     : m_docker.hasVolume(next.dockerName);
        next.status =
            resourceStatus(next.unitState, !next.unit.isEmpty(), next.exists, sdKnown, dkKnown);
        if (sdKnown && next.unitState)
            detail.append(unitDetail(*next.unitState));
        if (dkKnown)
            detail.append(next.exists ? u"exists"_s : u"absent"_s);
        if (next.unit.isEmpty())
            detail.append(u"external"_s);
        break;
    case ItemKind::Composition: {
        QList<LiveStatus> members;
        int services = 0;
        int up = 0;
        for (int r = row + 1; r < m_items.size() && m_items.at(r).composition == next.composition;
             ++r) {
            const LiveItem &m = m_items.at(r);
            if (m.kind == ItemKind::Service) {
                ++services;
                if (m.status == LiveStatus::Running || m.status == LiveStatus::Healthy)
                    ++up;
                members.append(m.status);
            } else if (m.status != LiveStatus::Running) {
                members.append(m.status);
            }
        }
        next.status = compositionStatus(next.unitState, members, sdKnown);
        if (sdKnown && next.unitState)
            detail.append(unitDetail(*next.unitState).replace(u"unit "_s, u"target "_s));
        detail.append(QString::number(up) % u'/' % QString::number(services) % u" services up"_s);
        break;
    }
    }
    if (next.drift.testFlag(DriftFlag::NotDeployed))
        detail.append(u"not deployed yet"_s);
    if (next.drift.testFlag(DriftFlag::NoLongerDeclared))
        detail.append(u"no longer declared"_s);
    next.detail = detail.join(u", "_s);
    if (next.sameAs(old)) {
        // Keep the newest event time for latency measurements all the same.
        m_items[row].container = next.container;
        return;
    }
    m_items[row] = next;
    Q_EMIT itemChanged(row, next.id);
}

void RuntimeState::recomputeComposition(const QString &composition)
{
    const auto it = m_compositionRow.constFind(composition);
    if (it != m_compositionRow.cend())
        recompute(*it);
}

void RuntimeState::recomputeAll()
{
    for (int row = 0; row < m_items.size(); ++row)
        if (m_items.at(row).kind != ItemKind::Composition)
            recompute(row);
    for (auto it = m_compositionRow.cbegin(); it != m_compositionRow.cend(); ++it)
        recompute(it.value());
}

void RuntimeState::onUnitChanged(const QString &unit)
{
    QSet<QString> compositions;
    for (auto it = m_byUnit.constFind(unit); it != m_byUnit.cend() && it.key() == unit; ++it) {
        recompute(it.value());
        compositions.insert(m_items.at(it.value()).composition);
    }
    for (const QString &c : std::as_const(compositions))
        recomputeComposition(c);
}

void RuntimeState::onContainerChanged(const QString &name)
{
    QSet<QString> compositions;
    for (auto it = m_byContainer.constFind(name); it != m_byContainer.cend() && it.key() == name;
         ++it) {
        recompute(it.value());
        compositions.insert(m_items.at(it.value()).composition);
    }
    for (const QString &c : std::as_const(compositions))
        recomputeComposition(c);
}

void RuntimeState::onNetworkChanged(const QString &name)
{
    QSet<QString> compositions;
    for (auto it = m_byNetwork.constFind(name); it != m_byNetwork.cend() && it.key() == name;
         ++it) {
        recompute(it.value());
        compositions.insert(m_items.at(it.value()).composition);
    }
    for (const QString &c : std::as_const(compositions))
        recomputeComposition(c);
}

void RuntimeState::onVolumeChanged(const QString &name)
{
    QSet<QString> compositions;
    for (auto it = m_byVolume.constFind(name); it != m_byVolume.cend() && it.key() == name; ++it) {
        recompute(it.value());
        compositions.insert(m_items.at(it.value()).composition);
    }
    for (const QString &c : std::as_const(compositions))
        recomputeComposition(c);
}

} // namespace khepri
