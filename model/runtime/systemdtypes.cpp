#include "systemdtypes.h"

#include "enumnames.h"

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

constexpr auto loadStateNames = makeEnumNames<LoadState>({
    {LoadState::Unknown, u"unknown"},
    {LoadState::Loaded, u"loaded"},
    {LoadState::NotFound, u"not-found"},
    {LoadState::BadSetting, u"bad-setting"},
    {LoadState::Error, u"error"},
    {LoadState::Masked, u"masked"},
    {LoadState::Stub, u"stub"},
    {LoadState::Merged, u"merged"},
});
static_assert(loadStateNames.coversValuesBelow(8) && loadStateNames.namesAreUnique());

constexpr auto activeStateNames = makeEnumNames<ActiveState>({
    {ActiveState::Unknown, u"unknown"},
    {ActiveState::Active, u"active"},
    {ActiveState::Reloading, u"reloading"},
    {ActiveState::Inactive, u"inactive"},
    {ActiveState::Failed, u"failed"},
    {ActiveState::Activating, u"activating"},
    {ActiveState::Deactivating, u"deactivating"},
    {ActiveState::Maintenance, u"maintenance"},
    {ActiveState::Refreshing, u"refreshing"},
});
static_assert(activeStateNames.coversValuesBelow(9) && activeStateNames.namesAreUnique());

} // namespace

LoadState parseLoadState(QStringView text)
{
    return loadStateNames.value(text).value_or(LoadState::Unknown);
}

ActiveState parseActiveState(QStringView text)
{
    return activeStateNames.value(text).value_or(ActiveState::Unknown);
}

QString loadStateName(LoadState state)
{
    return loadStateNames.name(state);
}

QString activeStateName(ActiveState state)
{
    return activeStateNames.name(state);
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
