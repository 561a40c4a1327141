#pragma once

// Logging categories of the runtime layer, one per subsystem (STYLE.md).

#include <QLoggingCategory>

namespace khepri {
Q_DECLARE_LOGGING_CATEGORY(lcSystemd)
Q_DECLARE_LOGGING_CATEGORY(lcDocker)
Q_DECLARE_LOGGING_CATEGORY(lcRebuild)
Q_DECLARE_LOGGING_CATEGORY(lcCredentials)
} // namespace khepri
