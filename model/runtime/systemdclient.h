#pragma once

// SystemdClient is the console's one door to systemd's manager over D-Bus:
// the system bus by default, the session bus for the user manager (--user),
// or any bus address (tests). It follows the units it is told to watch —
// ListUnitsByNames, then PropertiesChanged for their ActiveState, SubState,
// Result, NRestarts and timestamps — relists after a daemon-reload, and
// starts, stops or restarts units with interactive (polkit) authorization
// allowed, reporting each job's outcome.
//
// Event-driven: no polling. The manager is tracked with a
// QDBusServiceWatcher; when it leaves the bus the client says so and attaches
// again when it returns; when the bus itself goes, the client reconnects once
// its socket reappears (inotify), with a back-off as a fallback.
//
// Calls go to the manager's unique bus name, so QtDBus never has to look the
// owner up synchronously. Error codes: see systemderrors.h. Owned by its
// parent. One class, three files: the connection (systemdclient.cpp), the
// units it follows (systemdunits.cpp), the jobs it runs (systemdjobs.cpp).

#include <optional>

#include <QDBusConnection>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QStringList>

#include "result.h"
#include "systemdtypes.h"

class QDBusMessage;
class QDBusPendingCallWatcher;
class QDBusServiceWatcher;
class SystemdManagerProxy;

namespace khepri {

class SocketReconnector;

class SystemdClient : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemdClient)
public:
    enum class Bus { System, Session };
    enum class Action { Start, Stop, Restart };
    Q_ENUM(Action)

    explicit SystemdClient(Bus bus = Bus::System, QObject *parent = nullptr);
    // Any D-Bus address, e.g. "unix:path=/run/user/1000/bus".
    SystemdClient(const QString &address, QObject *parent);
    ~SystemdClient() override;

    // Which bus, for messages: "the system bus", "the session bus", "unix:path=…".
    QString busDescription() const;

    void setUnits(const QStringList &names);
    QStringList units() const;

    void start();

    bool isAvailable() const { return !m_owner.isEmpty(); } // the manager is on the bus
    bool isSynced() const { return m_synced; }
    std::optional<Error> lastError() const { return m_lastError; }
    // nullopt: unknown (not listed yet, or the manager is unreachable).
    std::optional<UnitState> unit(const QString &name) const;

    // Queues a job (mode "replace"); actionFinished() follows when the job is
    // done or the call fails. polkit may ask the user to authenticate.
    void startUnit(const QString &name) { runAction(Action::Start, name); }
    void stopUnit(const QString &name) { runAction(Action::Stop, name); }
    void restartUnit(const QString &name) { runAction(Action::Restart, name); }
    void runAction(Action action, const QString &name);

Q_SIGNALS:
    void availabilityChanged(bool available);
    // After the units were listed (first time, after a daemon-reload, after
    // the manager or the bus came back).
    void synced();
    void unitChanged(const QString &name);
    void actionFinished(const QString &unit, khepri::SystemdClient::Action action,
                        const khepri::Result<void> &result);
    void errorOccurred(const khepri::Error &error);

private Q_SLOTS:
    // QtDBus delivers bus.connect() signals to slots only.
    void onPropertiesChanged(const QDBusMessage &message);
    void onBusDisconnected();
    void onJobRemoved(uint id, const QDBusObjectPath &job, const QString &unit,
                      const QString &result);
    void onReloading(bool active);

private:
    // The manager's object, for the connection and the jobs.
    static inline const QString kManagerPath = QStringLiteral("/org/freedesktop/systemd1");

    // The connection (systemdclient.cpp).
    void connectBus();
    void lookUpOwner();
    void onOwnerChanged(const QString &service, const QString &oldOwner, const QString &newOwner);
    void attach(const QString &owner);
    void detach(const Error &why);
    void fail(const Error &error);
    QString busSocketPath() const;
    bool isSystemBus() const { return m_kind == Kind::System; }
    Error managerMissing() const;
    // The units (systemdunits.cpp).
    void relist();
    void fetchProperties(const QString &unit, const QString &interface);
    void fetchDone();
    void setUnitState(const QString &name, const UnitState &state);
    // The jobs (systemdjobs.cpp).
    void finishJob(const QString &jobPath, const QString &result);

    // The connection.
    enum class Kind { System, Session, Address };
    Kind m_kind;
    QString m_address;
    QString m_connectionName;
    QDBusConnection m_bus;
    bool m_started = false;
    bool m_busUp = false;
    QString m_owner;       // the manager's unique name; empty when absent
    QString m_signalOwner; // whose PropertiesChanged we receive
    int m_epoch = 0;       // bumped at each attach and detach; stale replies are dropped
    std::optional<Error> m_lastError;
    SystemdManagerProxy *m_manager = nullptr;
    QDBusServiceWatcher *m_serviceWatcher = nullptr;
    SocketReconnector *m_reconnector; // while the bus is down
    // The units.
    bool m_synced = false;
    int m_fetchesPending = 0;
    bool m_relistAgain = false;
    bool m_listing = false;
    QStringList m_units;
    QMap<QString, UnitState> m_states;
    QHash<QString, QString> m_pathToUnit;
    // The jobs.
    struct PendingJob {
        QString unit;
        Action action;
    };
    QHash<QString, PendingJob> m_jobs;       // job object path -> what it is for
    QHash<QString, QString> m_unclaimedJobs; // JobRemoved before the reply: path -> result
};

} // namespace khepri
