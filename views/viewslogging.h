#pragma once

// Logging categories of the desktop console, one per subsystem (STYLE.md).

#include <QLoggingCategory>

namespace khepri {
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcUiGraph)
Q_DECLARE_LOGGING_CATEGORY(lcUiEditor)
} // namespace khepri
