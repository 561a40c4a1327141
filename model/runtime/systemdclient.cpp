// SystemdClient, the connection: the bus (and getting it back), the
// manager's name on it (and following it when it leaves or restarts), and
// the errors the client reports. The units it follows are in
// systemdunits.cpp, the jobs it runs in systemdjobs.cpp.

#include "systemdclient.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QRegularExpression>
#include <QStringBuilder>

#include "enumnames.h"
#include "runtimelogging.h"
#include "socketreconnector.h"
#include "systemderrors.h"
#include "systemdmanager_interface.h"
#include "systemdproperties_interface.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

const QString kService = u"org.freedesktop.systemd1"_s;

int g_connectionCount = 0;

} // namespace

SystemdClient::SystemdClient(Bus bus, QObject *parent)
    : QObject(parent)
    , m_kind(bus == Bus::System ? Kind::System : Kind::Session)
    , m_bus(QString())
    , m_reconnector(new SocketReconnector(this))
{
    connect(m_reconnector, &SocketReconnector::attempt, this, &SystemdClient::connectBus);
}

SystemdClient::SystemdClient(const QString &address, QObject *parent)
    : QObject(parent)
    , m_kind(Kind::Address)
    , m_address(address)
    , m_bus(QString())
    , m_reconnector(new SocketReconnector(this))
{
    connect(m_reconnector, &SocketReconnector::attempt, this, &SystemdClient::connectBus);
}

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
    m_reconnector->setSocketPath(busSocketPath());
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
        fail(systemderrors::busUnreachable(busDescription(), detail, isSystemBus()));
        m_reconnector->schedule();
        return;
    }
    m_busUp = true;
    m_signalOwner.clear();
    m_reconnector->succeeded();
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
    connect(
        watcher, &QDBusPendingCallWatcher::finished, this,
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
                    fail(systemderrors::fromDBus(reply.error(), u"look for the systemd manager"_s));
                return;
            }
            attach(reply.value());
        });
}

Error SystemdClient::managerMissing() const
{
    return systemderrors::managerMissing(busDescription(), isSystemBus());
}

void SystemdClient::onOwnerChanged(const QString &, const QString &, const QString &newOwner)
{
    if (newOwner.isEmpty()) {
        if (!m_owner.isEmpty())
            detach(systemderrors::managerLeft(busDescription()));
        return;
    }
    if (newOwner != m_owner) {
        if (!m_owner.isEmpty())
            detach(systemderrors::managerRestarted());
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
    const Error e = systemderrors::busLost(busDescription());
    if (!m_owner.isEmpty())
        detach(e);
    else
        fail(e);
    m_reconnector->schedule();
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

} // namespace khepri
