#pragma once

// The rules that turn what systemd and Docker report into one status per
// service, network, volume and composition (RuntimeState applies them).
// Pure functions over values, so every rule is unit-tested.
//
// A service is judged by its unit and its container together: the unit says
// whether systemd wants it running (and is restarting it), the container
// whether it runs and how its healthcheck fares. `systemdKnown` /
// `dockerKnown` say whether the source is reachable and synced; an absent
// unit or container from an unknown source says nothing.

#include <optional>

#include <QFlags>
#include <QList>
#include <QString>
#include <QStringList>

#include "dockertypes.h"
#include "systemdtypes.h"

namespace khepri {

enum class LiveStatus {
    Unknown,
    Running,
    Healthy,
    Starting,
    Unhealthy,
    Restarting,
    Failed,
    Stopped,
    Missing,
};

QString liveStatusName(LiveStatus status); // "running", "healthy", …

enum class ItemKind { Composition, Service, Network, Volume };
QString itemKindName(ItemKind kind);

enum class DriftFlag {
    NotDeployed = 0x1,      // declared in the flake, absent from the host's manifest
    NoLongerDeclared = 0x2, // deployed on the host, no longer in the flake
    ImageDiffers = 0x4,     // declared, deployed or running image differ
};
Q_DECLARE_FLAGS(Drift, DriftFlag)
Q_DECLARE_OPERATORS_FOR_FLAGS(Drift)
QStringList driftNames(Drift drift); // "not-deployed", "no-longer-declared", "image-differs"

LiveStatus serviceStatus(const std::optional<UnitState> &unit,
                         const std::optional<ContainerState> &container, bool systemdKnown,
                         bool dockerKnown);

// Networks and volumes: a oneshot unit (none when external) and whether the
// Docker object exists.
LiveStatus resourceStatus(const std::optional<UnitState> &unit, bool hasUnit, bool exists,
                          bool systemdKnown, bool dockerKnown);

// The composition: its target and the statuses of its services, networks
// and volumes. The worst wins (failed > unhealthy > restarting > starting >
// missing > stopped); all healthy is healthy; else running.
LiveStatus compositionStatus(const std::optional<UnitState> &target,
                             const QList<LiveStatus> &members, bool systemdKnown);

} // namespace khepri
