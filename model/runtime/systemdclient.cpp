#include "systemdclient.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QRegularExpression>
#include <QStringBuilder>
#include <QTimer>

#include "enumnames.h"
#include "logging.h"
#include "systemdmanager_interface.h"
#include "systemdproperties_interface.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

const QString kService = u"org.freedesktop.systemd1"_s;
const QString kManagerPath = u"/org/freedesktop/systemd1"_s;
const QString kUnitInterface = u"org.freedesktop.systemd1.Unit"_s;
const QString kServiceInterface = u"org.freedesktop.systemd1.Service"_s;
// Job methods are sent as hand-built messages: generated proxies cannot allow
// interactive authorization (QDBusMessage::setInteractiveAuthorizationAllowed).
const QString kStartUnit = u"StartUnit"_s;
const QString kStopUnit = u"StopUnit"_s;
const QString kRestartUnit = u"RestartUnit"_s;
// polkit may show an authentication dialog; give the user time.
constexpr int kInteractiveTimeoutMs = 5 * 60 * 1000;
constexpr int kFirstBackoffMs = 250;
constexpr int kMaxBackoffMs = 10000;

int g_connectionCount = 0;

QString actionVerb(SystemdClient::Action action)
{
    static constexpr auto verbs = makeEnumNames<SystemdClient::Action>({
        {SystemdClient::Action::Start, u"start"},
        {SystemdClient::Action::Stop, u"stop"},
        {SystemdClient::Action::Restart, u"restart"},
    });
    static_assert(verbs.coversValuesBelow(3) && verbs.namesAreUnique());
    return verbs.name(action);
}

} // namespace

SystemdClient::SystemdClient(Bus bus, QObject *parent)
    : QObject(parent)
    , m_kind(bus == Bus::System ? Kind::System : Kind::Session)
    , m_bus(QString())
{}

SystemdClient::SystemdClient(const QString &address, QObject *parent)
    : QObject(parent)
    , m_kind(Kind::Address)
    , m_address(address)
    , m_bus(QString())
{}

SystemdClient::~SystemdClient()
{
    if (!m_connectionName.isEmpty())
        QDBusConnection::disconnectFromBus(m_connectionName);
}

QString SystemdClient::busDescription() const
{
    switch (m_kind) {
    case Kind::System:
        return u"the system bus"_s;
    case Kind::Session:
        return u"the session bus"_s;
    case Kind::Address:
        break;
    }
    return m_address;
}

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

void SystemdClient::start()
{
    if (m_started)
        return;
    m_started = true;
    // QtDBus finds slot parameter types by name: they must be registered
    // before the first connect, or the connection silently fails.
    qRegisterMetaType<QDBusObjectPath>();
    qRegisterMetaType<QDBusMessage>();
    qDBusRegisterMetaType<SystemdUnitEntry>();
    qDBusRegisterMetaType<SystemdUnitList>();
    connectBus();
}

void SystemdClient::connectBus()
{
    if (!m_connectionName.isEmpty())
        QDBusConnection::disconnectFromBus(m_connectionName);
    m_connectionName = u"khepri-systemd-"_s % QString::number(++g_connectionCount);
    switch (m_kind) {
    case Kind::System:
        m_bus = QDBusConnection::connectToBus(QDBusConnection::SystemBus, m_connectionName);
        break;
    case Kind::Session:
        m_bus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, m_connectionName);
        break;
    case Kind::Address:
        m_bus = QDBusConnection::connectToBus(m_address, m_connectionName);
        break;
    }
    if (!m_bus.isConnected()) {
        m_busUp = false;
        const QString detail = m_bus.lastError().message();
        fail(Error::make(
            ErrorCode::BusUnreachable,
            u"cannot connect to "_s % busDescription()
                % (detail.isEmpty() ? QString() : u": "_s % detail),
            m_kind == Kind::System
                ? u"Is D-Bus running? khepri reads the system's units over the system bus."_s
                : u"Is a user session running? Without one, drop --user to use the "
                  u"system manager."_s));
        scheduleBusReconnect();
        return;
    }
    m_busUp = true;
    m_signalOwner.clear();
    m_backoffMs = 0;
    if (m_retry)
        m_retry->stop();
    if (m_socketWatcher && !m_socketWatcher->directories().isEmpty())
        m_socketWatcher->removePaths(m_socketWatcher->directories());
    // libdbus tells of a lost connection with this local signal.
    m_bus.connect(QString(), u"/org/freedesktop/DBus/Local"_s, u"org.freedesktop.DBus.Local"_s,
                  u"Disconnected"_s, this, SLOT(onBusDisconnected()));
    delete m_serviceWatcher;
    m_serviceWatcher =
        new QDBusServiceWatcher(kService, m_bus, QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(m_serviceWatcher, &QDBusServiceWatcher::serviceOwnerChanged, this,
            &SystemdClient::onOwnerChanged);
    lookUpOwner();
}

void SystemdClient::lookUpOwner()
{
    const int epoch = ++m_epoch;
    // The bus daemon's own interface; asynchronous, unlike
    // QDBusConnectionInterface::serviceOwner().
    QDBusPendingCall call = m_bus.interface()->asyncCall(u"GetNameOwner"_s, kService);
    auto *watcher = new QDBusPendingCallWatcher(call, this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, epoch](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                if (epoch != m_epoch || !m_owner.isEmpty())
                    return;
                QDBusPendingReply<QString> reply = *w;
                if (reply.isError()) {
                    const QString name = reply.error().name();
                    if (name == u"org.freedesktop.DBus.Error.NameHasNoOwner")
                        fail(managerMissing());
                    else
                        fail(errorFromDBus(reply.error(), u"look for the systemd manager"_s));
                    return;
                }
                attach(reply.value());
            });
}

Error SystemdClient::managerMissing() const
{
    return Error::make(
        ErrorCode::ManagerMissing, u"no systemd manager is running on "_s % busDescription(),
        m_kind == Kind::System
            ? u"khepri needs systemd as the init system to show and control units."_s
            : u"Start the user manager (a login session starts it), or drop --user to "
              u"use the system manager."_s);
}

void SystemdClient::onOwnerChanged(const QString &, const QString &, const QString &newOwner)
{
    if (newOwner.isEmpty()) {
        if (!m_owner.isEmpty())
            detach(Error::make(ErrorCode::ManagerMissing,
                               u"the systemd manager left "_s % busDescription(),
                               u"khepri reconnects when it is back."_s));
        return;
    }
    if (newOwner != m_owner) {
        if (!m_owner.isEmpty())
            detach(Error::make(ErrorCode::ManagerMissing, u"the systemd manager restarted"_s));
        attach(newOwner);
    }
}

void SystemdClient::attach(const QString &owner)
{
    ++m_epoch;
    m_owner = owner;
    m_lastError.reset();
    qCDebug(lcSystemd) << "systemd manager" << owner << "on" << busDescription();
    delete m_manager;
    m_manager = new SystemdManagerProxy(owner, kManagerPath, m_bus, this);
    // The manager's signals, connected on the bus by the owner's unique name
    // (like PropertiesChanged below); the names come from the generated proxy.
    const QString manager = QString::fromLatin1(SystemdManagerProxy::staticInterfaceName());
    if (!m_signalOwner.isEmpty()) {
        m_bus.disconnect(m_signalOwner, kManagerPath, manager, u"JobRemoved"_s, this,
                         SLOT(onJobRemoved(uint, QDBusObjectPath, QString, QString)));
        m_bus.disconnect(m_signalOwner, kManagerPath, manager, u"Reloading"_s, this,
                         SLOT(onReloading(bool)));
    }
    m_bus.connect(owner, kManagerPath, manager, u"JobRemoved"_s, this,
                  SLOT(onJobRemoved(uint, QDBusObjectPath, QString, QString)));
    m_bus.connect(owner, kManagerPath, manager, u"Reloading"_s, this, SLOT(onReloading(bool)));
    // UnitNew is not followed: listing a unit loads it, and systemd emits
    // UnitNew for it — reacting would loop. Unit files change only through a
    // daemon-reload (Reloading), and a unit loaded again after garbage
    // collection has the state it had.
    // One match rule for every unit's PropertiesChanged, filtered by path.
    const QString properties = QString::fromLatin1(SystemdPropertiesProxy::staticInterfaceName());
    if (!m_signalOwner.isEmpty())
        m_bus.disconnect(m_signalOwner, QString(), properties, u"PropertiesChanged"_s, this,
                         SLOT(onPropertiesChanged(QDBusMessage)));
    m_signalOwner = owner;
    m_bus.connect(owner, QString(), properties, u"PropertiesChanged"_s, this,
                  SLOT(onPropertiesChanged(QDBusMessage)));
    // Without a subscription the manager sends no signals.
    auto *subscribe = new QDBusPendingCallWatcher(m_manager->Subscribe(), this);
    connect(subscribe, &QDBusPendingCallWatcher::finished, this, [](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        QDBusPendingReply<> reply = *w;
        // Already subscribed is fine (systemd answers so after a reconnect).
        if (reply.isError())
            qCDebug(lcSystemd) << "Subscribe:" << reply.error().message();
    });
    Q_EMIT availabilityChanged(true);
    relist();
}

void SystemdClient::detach(const Error &why)
{
    ++m_epoch;
    m_owner.clear();
    delete m_manager;
    m_manager = nullptr;
    m_synced = false;
    m_listing = false;
    m_relistAgain = false;
    m_fetchesPending = 0;
    m_jobs.clear();
    m_unclaimedJobs.clear();
    const QStringList known = m_states.keys();
    m_states.clear();
    m_pathToUnit.clear();
    for (const QString &name : known)
        Q_EMIT unitChanged(name);
    Q_EMIT availabilityChanged(false);
    fail(why);
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
                    fail(errorFromDBus(reply.error(), u"list the units"_s));
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

void SystemdClient::onJobRemoved(uint, const QDBusObjectPath &job, const QString &,
                                 const QString &result)
{
    if (m_jobs.contains(job.path())) {
        finishJob(job.path(), result);
        return;
    }
    // The job may end before its method reply is handled; keep a few results.
    if (m_unclaimedJobs.size() > 64)
        m_unclaimedJobs.clear();
    m_unclaimedJobs.insert(job.path(), result);
}

void SystemdClient::onReloading(bool active)
{
    if (!active) // a daemon-reload finished: units may have come or gone
        relist();
}

void SystemdClient::finishJob(const QString &jobPath, const QString &result)
{
    const PendingJob job = m_jobs.take(jobPath);
    if (result == u"done") {
        Q_EMIT actionFinished(job.unit, job.action, Result<void>());
        return;
    }
    QString why;
    if (result == u"failed")
        why = u"it failed"_s;
    else if (result == u"timeout")
        why = u"it timed out"_s;
    else if (result == u"dependency")
        why = u"a unit it depends on failed"_s;
    else if (result == u"canceled")
        why = u"the job was cancelled"_s;
    else if (result == u"skipped")
        why = u"a condition was not met"_s;
    else
        why = u"the job ended with \""_s % result % u'"';
    Q_EMIT actionFinished(
        job.unit, job.action,
        Error::make(ErrorCode::JobFailed,
                    u"could not "_s % actionVerb(job.action) % u' ' % job.unit % u": "_s % why,
                    u"See its log: journalctl "_s
                        % (m_kind == Kind::System ? QString() : u"--user "_s) % u"-u "_s
                        % job.unit));
}

void SystemdClient::runAction(Action action, const QString &name)
{
    if (m_owner.isEmpty()) {
        const Error e =
            m_busUp ? managerMissing()
                    : Error::make(ErrorCode::BusUnreachable, u"cannot reach "_s % busDescription());
        QMetaObject::invokeMethod(
            this, [this, action, name, e] { Q_EMIT actionFinished(name, action, e); },
            Qt::QueuedConnection);
        return;
    }
    const QString method = action == Action::Start  ? kStartUnit
                           : action == Action::Stop ? kStopUnit
                                                    : kRestartUnit;
    QDBusMessage message = QDBusMessage::createMethodCall(
        m_owner, kManagerPath, QString::fromLatin1(SystemdManagerProxy::staticInterfaceName()),
        method);
    message << name << u"replace"_s;
    message.setInteractiveAuthorizationAllowed(true);
    auto *watcher =
        new QDBusPendingCallWatcher(m_bus.asyncCall(message, kInteractiveTimeoutMs), this);
    const int epoch = m_epoch;
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, epoch, action, name](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                QDBusPendingReply<QDBusObjectPath> reply = *w;
                if (reply.isError()) {
                    Q_EMIT actionFinished(
                        name, action,
                        errorFromDBus(reply.error(), actionVerb(action) % u' ' % name, name));
                    return;
                }
                if (epoch != m_epoch) {
                    Q_EMIT actionFinished(name, action, managerMissing());
                    return;
                }
                const QString job = reply.value().path();
                qCDebug(lcSystemd) << "queued" << job << "for" << name;
                m_jobs.insert(job, {name, action});
                const auto early = m_unclaimedJobs.constFind(job);
                if (early != m_unclaimedJobs.cend()) {
                    const QString result = *early;
                    m_unclaimedJobs.remove(job);
                    finishJob(job, result);
                }
            });
}

Error SystemdClient::errorFromDBus(const QDBusError &error, const QString &doing,
                                   const QString &unit)
{
    const QString name = error.name();
    const QString what = u"could not "_s % doing % u": "_s;
    if (name == u"org.freedesktop.DBus.Error.AccessDenied"
        || name == u"org.freedesktop.DBus.Error.InteractiveAuthorizationRequired"
        || name == u"org.freedesktop.DBus.Error.AuthFailed") {
        // Who said no: the bus daemon's policy (its message starts "Rejected
        // send message", and is a page of match details), or systemd after
        // asking polkit (a short sentence, worth showing).
        qCDebug(lcSystemd) << "denied:" << name << error.message();
        QString why;
        if (error.message().startsWith(u"Rejected send message"_s))
            why = u"the D-Bus policy does not let this user ask systemd to do that"_s;
        else if (name == u"org.freedesktop.DBus.Error.InteractiveAuthorizationRequired")
            why = u"polkit wants you to authenticate, and no authentication agent is running"_s;
        else
            why = u"polkit did not authorize it ("_s % error.message() % u')';
        return Error::make(
            ErrorCode::AccessDenied, what % u"permission denied: "_s % why,
            u"Run khepri as root (sudo), or allow your user to manage these units "
            u"with a polkit rule for org.freedesktop.systemd1.manage-units (README: "
            u"\"systemd access\"); on a desktop, a polkit agent lets you authenticate "
            u"instead."_s);
    }
    if (name == u"org.freedesktop.systemd1.NoSuchUnit"
        || name == u"org.freedesktop.systemd1.LoadFailed")
        return Error::make(
            ErrorCode::NoSuchUnit,
            what % u"there is no unit "_s % (unit.isEmpty() ? error.message() : unit)
                % u" on this host"_s,
            u"Is the composition deployed? Rebuild the system with it (khepri rebuild)."_s);
    if (name == u"org.freedesktop.systemd1.OnlyByDependency"
        || name == u"org.freedesktop.systemd1.UnitMasked"
        || name == u"org.freedesktop.systemd1.JobTypeNotApplicable"
        || name == u"org.freedesktop.systemd1.TransactionIsDestructive"
        || name == u"org.freedesktop.systemd1.TransactionJobsConflicting"
        || name == u"org.freedesktop.systemd1.UnitInactive")
        return Error::make(ErrorCode::Refused, what % u"systemd refused: "_s % error.message());
    if (name == u"org.freedesktop.DBus.Error.ServiceUnknown"
        || name == u"org.freedesktop.DBus.Error.NameHasNoOwner"
        || name == u"org.freedesktop.DBus.Error.UnknownObject")
        return Error::make(ErrorCode::ManagerMissing,
                           what % u"the systemd manager is not on the bus ("_s % error.message()
                               % u')');
    if (name == u"org.freedesktop.DBus.Error.Disconnected"
        || name == u"org.freedesktop.DBus.Error.NoReply"
        || name == u"org.freedesktop.DBus.Error.NoServer")
        return Error::make(ErrorCode::BusGone,
                           what % u"the D-Bus connection is gone ("_s % error.message() % u')',
                           u"khepri reconnects when the bus is back."_s);
    return Error::make(ErrorCode::Systemd, what % error.message() % u" ("_s % name % u')');
}

void SystemdClient::fail(const Error &error)
{
    if (m_lastError && m_lastError->code == error.code && m_lastError->message == error.message)
        return;
    m_lastError = error;
    qCDebug(lcSystemd) << error.message;
    Q_EMIT errorOccurred(error);
}

void SystemdClient::onBusDisconnected()
{
    if (!m_busUp)
        return;
    m_busUp = false;
    qCDebug(lcSystemd) << "lost the connection to" << busDescription();
    delete m_serviceWatcher;
    m_serviceWatcher = nullptr;
    const Error e = Error::make(ErrorCode::BusGone, u"lost the connection to "_s % busDescription(),
                                u"khepri reconnects when the bus is back."_s);
    if (!m_owner.isEmpty())
        detach(e);
    else
        fail(e);
    scheduleBusReconnect();
}

QString SystemdClient::busSocketPath() const
{
    QString address;
    switch (m_kind) {
    case Kind::System:
        address = qEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS",
                                       u"unix:path=/run/dbus/system_bus_socket"_s);
        break;
    case Kind::Session:
        address = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
        break;
    case Kind::Address:
        address = m_address;
        break;
    }
    const qsizetype at = address.indexOf(u"unix:path=");
    if (at < 0)
        return {};
    QString path = address.mid(at + 10);
    const qsizetype end = path.indexOf(QRegularExpression(u"[,;]"_s));
    if (end >= 0)
        path.truncate(end);
    return path;
}

void SystemdClient::scheduleBusReconnect()
{
    const QString socket = busSocketPath();
    if (!socket.isEmpty()) {
        if (!m_socketWatcher) {
            m_socketWatcher = new QFileSystemWatcher(this);
            connect(m_socketWatcher, &QFileSystemWatcher::directoryChanged, this, [this] {
                if (!m_busUp && QFileInfo::exists(busSocketPath()))
                    connectBus();
            });
        }
        const QString dir = QFileInfo(socket).absolutePath();
        if (QFileInfo(dir).isDir() && !m_socketWatcher->directories().contains(dir))
            m_socketWatcher->addPath(dir);
    }
    if (!m_retry) {
        m_retry = new QTimer(this);
        m_retry->setSingleShot(true);
        connect(m_retry, &QTimer::timeout, this, [this] {
            if (!m_busUp)
                connectBus();
        });
    }
    m_backoffMs = m_backoffMs == 0 ? kFirstBackoffMs : std::min(m_backoffMs * 2, kMaxBackoffMs);
    m_retry->start(m_backoffMs);
}

} // namespace khepri
