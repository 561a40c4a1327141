#include "runtimelogging.h"

namespace khepri {
Q_LOGGING_CATEGORY(lcSystemd, "khepri.runtime.systemd", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDocker, "khepri.runtime.docker", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRebuild, "khepri.runtime.rebuild", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCredentials, "khepri.runtime.credentials", QtInfoMsg)
} // namespace khepri
