#pragma once

// Values systemd reports over D-Bus, parsed once where they enter
// (SystemdClient): unit states as enums, timestamps as QDateTime, and the
// a(ssssssouso) rows of ListUnitsByNames with their QtDBus marshalling.

#include <QDateTime>
#include <QDBusArgument>
#include <QDBusObjectPath>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariantMap>

namespace khepri {

enum class LoadState { Unknown, Loaded, NotFound, BadSetting, Error, Masked, Stub, Merged };
enum class ActiveState {
    Unknown,
    Active,
    Reloading,
    Inactive,
    Failed,
    Activating,
    Deactivating,
    Maintenance,
    Refreshing
};

LoadState parseLoadState(QStringView text);
ActiveState parseActiveState(QStringView text);
QString loadStateName(LoadState state);
QString activeStateName(ActiveState state);

// One row of ListUnits/ListUnitsByNames/ListUnitsByPatterns.
struct SystemdUnitEntry {
    QString name;
    QString description;
    QString loadState;
    QString activeState;
    QString subState;
    QString following;
    QDBusObjectPath path;
    quint32 jobId = 0;
    QString jobType;
    QDBusObjectPath jobPath;
};
using SystemdUnitList = QList<SystemdUnitEntry>;

QDBusArgument &operator<<(QDBusArgument &argument, const SystemdUnitEntry &entry);
const QDBusArgument &operator>>(const QDBusArgument &argument, SystemdUnitEntry &entry);

// What khepri knows of a unit.
struct UnitState {
    QString name;
    QString objectPath;
    LoadState load = LoadState::Unknown;
    ActiveState active = ActiveState::Unknown;
    QString subState; // running, exited, auto-restart, dead, failed, …
    QString result;   // services: success, exit-code, signal, timeout, …
    quint32 nRestarts = 0;
    quint32 mainPid = 0;
    int execMainStatus = 0;
    QDateTime stateChangedAt;
    QDateTime activeEnteredAt;
    QDateTime activeExitedAt;
    QDateTime inactiveEnteredAt;
    friend bool operator==(const UnitState &, const UnitState &) = default;

    // Applies properties of the Unit or Service interface (GetAll or
    // PropertiesChanged). Returns whether anything changed.
    bool apply(const QVariantMap &properties);
};

} // namespace khepri

Q_DECLARE_METATYPE(khepri::SystemdUnitEntry)
Q_DECLARE_METATYPE(khepri::SystemdUnitList)
