#pragma once

// The rebuild choices a user made for a host — how to get root, the target
// host, remote sudo — remembered in QSettings under "rebuild/<host>/". Never a
// secret: passwords live in the keychain (CredentialStore) only.

#include <optional>

#include <QString>

#include "rebuildtypes.h"

class QSettings;

namespace khepri {

struct RebuildHostSettings {
    std::optional<Privilege> privilege; // unset: not chosen yet
    QString targetHost;
    bool remoteSudo = false;
};

RebuildHostSettings loadRebuildHostSettings(QSettings &settings, const QString &host);
void saveRebuildHostSettings(QSettings &settings, const QString &host,
                             const RebuildHostSettings &choice);

// The remembered target host (and remote sudo) of `host` forgotten: its
// rebuilds deploy to this machine again. Returns the target it forgot.
QString forgetRebuildTarget(QSettings &settings, const QString &host);

// What a --target-host value means: "local" (or nothing) is this machine.
QString targetHostFromArgument(const QString &value);

// Where a rebuild deploys, said before it runs, so that a remembered target
// is never a surprise: "deploying to root@a (remembered; <howToChange>)",
// "deploying to root@a", "deploying to this machine". `remembered`: the
// target comes from the settings, not from this run's choice.
QString rebuildTargetNote(const QString &targetHost, bool remembered, const QString &howToChange);

} // namespace khepri
