// SystemdClient, the units: which ones it follows, their listing after each
// (re)attachment and daemon-reload, and their properties as the manager
// reports them (GetAll, then PropertiesChanged).

#include "systemdclient.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QSet>
#include <QStringBuilder>

#include "runtimelogging.h"
#include "systemderrors.h"
#include "systemdmanager_interface.h"
#include "systemdproperties_interface.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

const QString kUnitInterface = u"org.freedesktop.systemd1.Unit"_s;
const QString kServiceInterface = u"org.freedesktop.systemd1.Service"_s;

} // namespace

void SystemdClient::setUnits(const QStringList &names)
{
    QStringList sorted = names;
    sorted.sort();
    sorted.removeDuplicates();
    if (sorted == m_units)
        return;
    m_units = sorted;
    const QSet<QString> keep(sorted.begin(), sorted.end());
    for (auto it = m_states.begin(); it != m_states.end();) {
        if (!keep.contains(it.key())) {
            const QString name = it.key();
            m_pathToUnit.remove(it->objectPath);
            it = m_states.erase(it);
            Q_EMIT unitChanged(name);
        } else {
            ++it;
        }
    }
    if (isAvailable())
        relist();
}

QStringList SystemdClient::units() const
{
    return m_units;
}

std::optional<UnitState> SystemdClient::unit(const QString &name) const
{
    const auto it = m_states.constFind(name);
    if (it == m_states.cend())
        return std::nullopt;
    return *it;
}

void SystemdClient::relist()
{
    if (!m_manager)
        return;
    if (m_listing) {
        m_relistAgain = true;
        return;
    }
    m_synced = false;
    if (m_units.isEmpty()) {
        m_synced = true;
        Q_EMIT synced();
        return;
    }
    m_listing = true;
    const int epoch = m_epoch;
    auto *watcher = new QDBusPendingCallWatcher(m_manager->ListUnitsByNames(m_units), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, epoch](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                if (epoch != m_epoch)
                    return;
                QDBusPendingReply<SystemdUnitList> reply = *w;
                if (reply.isError()) {
                    m_listing = false;
                    fail(systemderrors::fromDBus(reply.error(), u"list the units"_s));
                    return;
                }
                m_fetchesPending = 1; // released below, after all fetches are queued
                for (const SystemdUnitEntry &e : reply.value()) {
                    if (!m_units.contains(e.name))
                        continue;
                    UnitState state = m_states.value(e.name);
                    state.name = e.name;
                    if (!state.objectPath.isEmpty())
                        m_pathToUnit.remove(state.objectPath);
                    state.objectPath = e.path.path();
                    m_pathToUnit.insert(state.objectPath, e.name);
                    state.load = parseLoadState(e.loadState);
                    state.active = parseActiveState(e.activeState);
                    state.subState = e.subState;
                    setUnitState(e.name, state);
                    if (state.load != LoadState::NotFound) {
                        fetchProperties(e.name, kUnitInterface);
                        if (e.name.endsWith(u".service"))
                            fetchProperties(e.name, kServiceInterface);
                    }
                }
                fetchDone();
            });
}

void SystemdClient::fetchProperties(const QString &unit, const QString &interface)
{
    const auto it = m_states.constFind(unit);
    if (it == m_states.cend() || !m_manager)
        return;
    ++m_fetchesPending;
    const int epoch = m_epoch;
    SystemdPropertiesProxy properties(m_owner, it->objectPath, m_bus);
    auto *watcher = new QDBusPendingCallWatcher(properties.GetAll(interface), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, epoch, unit](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                if (epoch != m_epoch)
                    return;
                QDBusPendingReply<QVariantMap> reply = *w;
                if (reply.isError()) {
                    qCDebug(lcSystemd) << "GetAll" << unit << reply.error().message();
                } else if (m_states.contains(unit)) {
                    UnitState state = m_states.value(unit);
                    if (state.apply(reply.value()))
                        setUnitState(unit, state);
                }
                fetchDone();
            });
}

void SystemdClient::fetchDone()
{
    if (m_fetchesPending > 0 && --m_fetchesPending > 0)
        return;
    if (!m_listing)
        return;
    m_listing = false;
    if (m_relistAgain) {
        m_relistAgain = false;
        relist();
        return;
    }
    m_synced = true;
    Q_EMIT synced();
}

void SystemdClient::setUnitState(const QString &name, const UnitState &state)
{
    auto it = m_states.find(name);
    if (it != m_states.end() && *it == state)
        return;
    m_states.insert(name, state);
    Q_EMIT unitChanged(name);
}

void SystemdClient::onPropertiesChanged(const QDBusMessage &message)
{
    const QString unit = m_pathToUnit.value(message.path());
    if (unit.isEmpty() || message.arguments().size() < 3)
        return;
    const QString interface = message.arguments().at(0).toString();
    const QVariantMap changed =
        qdbus_cast<QVariantMap>(message.arguments().at(1).value<QDBusArgument>());
    const QStringList invalidated = message.arguments().at(2).toStringList();
    UnitState state = m_states.value(unit);
    if (state.apply(changed))
        setUnitState(unit, state);
    if (!invalidated.isEmpty() && (interface == kUnitInterface || interface == kServiceInterface))
        fetchProperties(unit, interface);
}

void SystemdClient::onReloading(bool active)
{
    if (!active) // a daemon-reload finished: units may have come or gone
        relist();
}

} // namespace khepri
