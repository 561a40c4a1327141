#include "systemdtypes.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// systemd timestamps: µs since the epoch, 0 for never.
QDateTime fromMicroseconds(const QVariant &v)
{
    const qulonglong us = v.toULongLong();
    if (us == 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(qint64(us / 1000), Qt::UTC);
}

} // namespace

LoadState parseLoadState(QStringView text)
{
    if (text == u"loaded")
        return LoadState::Loaded;
    if (text == u"not-found")
        return LoadState::NotFound;
    if (text == u"bad-setting")
        return LoadState::BadSetting;
    if (text == u"error")
        return LoadState::Error;
    if (text == u"masked")
        return LoadState::Masked;
    if (text == u"stub")
        return LoadState::Stub;
    if (text == u"merged")
        return LoadState::Merged;
    return LoadState::Unknown;
}

ActiveState parseActiveState(QStringView text)
{
    if (text == u"active")
        return ActiveState::Active;
    if (text == u"reloading")
        return ActiveState::Reloading;
    if (text == u"inactive")
        return ActiveState::Inactive;
    if (text == u"failed")
        return ActiveState::Failed;
    if (text == u"activating")
        return ActiveState::Activating;
    if (text == u"deactivating")
        return ActiveState::Deactivating;
    if (text == u"maintenance")
        return ActiveState::Maintenance;
    if (text == u"refreshing")
        return ActiveState::Refreshing;
    return ActiveState::Unknown;
}

QString loadStateName(LoadState state)
{
    switch (state) {
    case LoadState::Loaded:
        return u"loaded"_s;
    case LoadState::NotFound:
        return u"not-found"_s;
    case LoadState::BadSetting:
        return u"bad-setting"_s;
    case LoadState::Error:
        return u"error"_s;
    case LoadState::Masked:
        return u"masked"_s;
    case LoadState::Stub:
        return u"stub"_s;
    case LoadState::Merged:
        return u"merged"_s;
    case LoadState::Unknown:
        break;
    }
    return u"unknown"_s;
}

QString activeStateName(ActiveState state)
{
    switch (state) {
    case ActiveState::Active:
        return u"active"_s;
    case ActiveState::Reloading:
        return u"reloading"_s;
    case ActiveState::Inactive:
        return u"inactive"_s;
    case ActiveState::Failed:
        return u"failed"_s;
    case ActiveState::Activating:
        return u"activating"_s;
    case ActiveState::Deactivating:
        return u"deactivating"_s;
    case ActiveState::Maintenance:
        return u"maintenance"_s;
    case ActiveState::Refreshing:
        return u"refreshing"_s;
    case ActiveState::Unknown:
        break;
    }
    return u"unknown"_s;
}

QDBusArgument &operator<<(QDBusArgument &argument, const SystemdUnitEntry &e)
{
    argument.beginStructure();
    argument << e.name << e.description << e.loadState << e.activeState << e.subState << e.following
             << e.path << e.jobId << e.jobType << e.jobPath;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, SystemdUnitEntry &e)
{
    argument.beginStructure();
    argument >> e.name >> e.description >> e.loadState >> e.activeState >> e.subState >> e.following
        >> e.path >> e.jobId >> e.jobType >> e.jobPath;
    argument.endStructure();
    return argument;
}

bool UnitState::apply(const QVariantMap &p)
{
    const UnitState before = *this;
    for (auto it = p.cbegin(); it != p.cend(); ++it) {
        const QString &key = it.key();
        const QVariant &v = it.value();
        if (key == u"LoadState")
            load = parseLoadState(v.toString());
        else if (key == u"ActiveState")
            active = parseActiveState(v.toString());
        else if (key == u"SubState")
            subState = v.toString();
        else if (key == u"Result")
            result = v.toString();
        else if (key == u"NRestarts")
            nRestarts = v.toUInt();
        else if (key == u"MainPID")
            mainPid = v.toUInt();
        else if (key == u"ExecMainStatus")
            execMainStatus = v.toInt();
        else if (key == u"StateChangeTimestamp")
            stateChangedAt = fromMicroseconds(v);
        else if (key == u"ActiveEnterTimestamp")
            activeEnteredAt = fromMicroseconds(v);
        else if (key == u"ActiveExitTimestamp")
            activeExitedAt = fromMicroseconds(v);
        else if (key == u"InactiveEnterTimestamp")
            inactiveEnteredAt = fromMicroseconds(v);
    }
    return !(before == *this);
}

} // namespace khepri
