#pragma once

// Logging category of the terminal console (STYLE.md: one per subsystem).

#include <QLoggingCategory>

namespace khepri {
Q_DECLARE_LOGGING_CATEGORY(lcUiTui)
} // namespace khepri
