#pragma once

// LiveItem: the joined live state of one composition, service, network or
// volume, as RuntimeState publishes it — what the flake declares, what the
// host deployed, and what systemd and Docker report. A plain value; `id` is
// stable for the item's lifetime (a LiveId as text: "service/<comp>/<svc>",
// "network/<comp>/<key>", "volume/<comp>/<key>", "composition/<comp>"), so
// views can key rows by it.

#include <optional>

#include <QString>
#include <QStringList>

#include "dockertypes.h"
#include "livestatus.h"
#include "systemdtypes.h"

namespace khepri {

struct LiveItem {
    QString id;
    ItemKind kind = ItemKind::Service;
    QString composition;
    QString name; // the key the user wrote (service, network, volume); the composition's name
    bool declared = false;
    bool deployed = false;

    QString unit;       // systemd unit (target for compositions); empty: none (external)
    QString dockerName; // container, network or volume name; empty for compositions
    QString declaredImage;
    QString deployedImage;

    LiveStatus status = LiveStatus::Unknown;
    Drift drift;
    std::optional<UnitState> unitState;
    std::optional<ContainerState> container; // services only
    bool exists = false;                     // networks, volumes: the Docker object exists
    QString detail;                          // one line for humans

    // Whether a user would see a difference (ignores eventTimeNs).
    bool sameAs(const LiveItem &other) const;
};

} // namespace khepri
