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

} // namespace khepri
