#pragma once

// Logging category of the document layer (STYLE.md: one per subsystem).

#include <QLoggingCategory>

namespace khepri {
Q_DECLARE_LOGGING_CATEGORY(lcDocument)
} // namespace khepri
