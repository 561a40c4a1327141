#include "livestatus.h"

#include "enumnames.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

constexpr auto liveStatusNames = makeEnumNames<LiveStatus>({
    {LiveStatus::Unknown, u"unknown"},
    {LiveStatus::Running, u"running"},
    {LiveStatus::Healthy, u"healthy"},
    {LiveStatus::Starting, u"starting"},
    {LiveStatus::Unhealthy, u"unhealthy"},
    {LiveStatus::Restarting, u"restarting"},
    {LiveStatus::Failed, u"failed"},
    {LiveStatus::Stopped, u"stopped"},
    {LiveStatus::Missing, u"missing"},
});
static_assert(liveStatusNames.coversValuesBelow(9) && liveStatusNames.namesAreUnique());

constexpr auto itemKindNames = makeEnumNames<ItemKind>({
    {ItemKind::Composition, u"composition"},
    {ItemKind::Service, u"service"},
    {ItemKind::Network, u"network"},
    {ItemKind::Volume, u"volume"},
});
static_assert(itemKindNames.coversValuesBelow(4) && itemKindNames.namesAreUnique());

constexpr auto driftFlagNames = makeEnumNames<DriftFlag>({
    {DriftFlag::NotDeployed, u"not-deployed"},
    {DriftFlag::NoLongerDeclared, u"no-longer-declared"},
    {DriftFlag::ImageDiffers, u"image-differs"},
});

} // namespace

QString liveStatusName(LiveStatus status)
{
    return liveStatusNames.name(status);
}

QString itemKindName(ItemKind kind)
{
    return itemKindNames.name(kind);
}

QStringList driftNames(Drift drift)
{
    QStringList out;
    for (const auto &[flag, name] : driftFlagNames)
        if (drift.testFlag(flag))
            out.append(QString::fromUtf16(name.data(), qsizetype(name.size())));
    return out;
}

LiveStatus serviceStatus(const std::optional<UnitState> &unitIn,
                         const std::optional<ContainerState> &containerIn, bool systemdKnown,
                         bool dockerKnown)
{
    const std::optional<UnitState> unit = systemdKnown ? unitIn : std::nullopt;
    const std::optional<ContainerState> container = dockerKnown ? containerIn : std::nullopt;

    if (unit && (unit->load == LoadState::NotFound || unit->load == LoadState::Masked)
        && !container)
        return LiveStatus::Missing;
    if (unit && unit->active == ActiveState::Failed)
        return LiveStatus::Failed;
    // Restart=: systemd waits before starting the unit again.
    if (unit && unit->subState == u"auto-restart")
        return LiveStatus::Restarting;
    if (container) {
        switch (container->status) {
        case ContainerStatus::Restarting:
            return LiveStatus::Restarting;
        case ContainerStatus::Running:
            if (unit && unit->active == ActiveState::Deactivating)
                return LiveStatus::Stopped;
            switch (container->health) {
            case HealthStatus::Unhealthy:
                return LiveStatus::Unhealthy;
            case HealthStatus::Starting:
                return LiveStatus::Starting;
            case HealthStatus::Healthy:
                return LiveStatus::Healthy;
            case HealthStatus::None:
                break;
            }
            return LiveStatus::Running;
        case ContainerStatus::Created:
            return LiveStatus::Starting;
        default:
            break; // exited, dead, paused, removing: the unit tells more
        }
    }
    if (unit) {
        switch (unit->active) {
        case ActiveState::Activating:
            return LiveStatus::Starting;
        case ActiveState::Active:
        case ActiveState::Reloading:
        case ActiveState::Refreshing:
            // `docker run` runs but the container is not there (yet, or any
            // more): starting while Docker is reachable, else trust systemd.
            return dockerKnown ? LiveStatus::Starting : LiveStatus::Running;
        case ActiveState::Deactivating:
        case ActiveState::Inactive:
            return LiveStatus::Stopped;
        case ActiveState::Maintenance:
        case ActiveState::Failed:
        case ActiveState::Unknown:
            break;
        }
    }
    if (container)
        return LiveStatus::Stopped; // exited or dead, no unit information
    if (dockerKnown && !systemdKnown)
        return LiveStatus::Stopped; // containers run with --rm: gone when stopped
    return LiveStatus::Unknown;
}

LiveStatus resourceStatus(const std::optional<UnitState> &unitIn, bool hasUnit, bool exists,
                          bool systemdKnown, bool dockerKnown)
{
    const std::optional<UnitState> unit =
        systemdKnown && hasUnit ? unitIn : std::optional<UnitState>();
    if (!hasUnit) { // external: only Docker knows
        if (!dockerKnown)
            return LiveStatus::Unknown;
        return exists ? LiveStatus::Running : LiveStatus::Missing;
    }
    if (unit && unit->active == ActiveState::Failed)
        return LiveStatus::Failed;
    if (unit && unit->active == ActiveState::Activating)
        return LiveStatus::Starting;
    if (dockerKnown) {
        if (exists)
            return LiveStatus::Running;
        if (unit && (unit->load == LoadState::NotFound || unit->active == ActiveState::Active))
            return LiveStatus::Missing;
        if (unit)
            return LiveStatus::Stopped;
        return systemdKnown ? LiveStatus::Missing : LiveStatus::Stopped;
    }
    if (unit) {
        if (unit->load == LoadState::NotFound)
            return LiveStatus::Missing;
        if (unit->active == ActiveState::Active)
            return LiveStatus::Running;
        if (unit->active == ActiveState::Inactive || unit->active == ActiveState::Deactivating)
            return LiveStatus::Stopped;
    }
    return LiveStatus::Unknown;
}

LiveStatus compositionStatus(const std::optional<UnitState> &targetIn,
                             const QList<LiveStatus> &members, bool systemdKnown)
{
    const std::optional<UnitState> target = systemdKnown ? targetIn : std::nullopt;
    if (members.isEmpty()) {
        if (!target)
            return LiveStatus::Unknown;
        if (target->load == LoadState::NotFound)
            return LiveStatus::Missing;
        if (target->active == ActiveState::Failed)
            return LiveStatus::Failed;
        if (target->active == ActiveState::Active)
            return LiveStatus::Running;
        if (target->active == ActiveState::Activating)
            return LiveStatus::Starting;
        return LiveStatus::Stopped;
    }
    static const LiveStatus worstFirst[] = {
        LiveStatus::Failed,  LiveStatus::Unhealthy, LiveStatus::Restarting, LiveStatus::Starting,
        LiveStatus::Missing, LiveStatus::Stopped,   LiveStatus::Unknown};
    for (LiveStatus s : worstFirst)
        if (members.contains(s))
            return s;
    for (LiveStatus s : members)
        if (s != LiveStatus::Healthy)
            return LiveStatus::Running;
    return LiveStatus::Healthy;
}

} // namespace khepri
