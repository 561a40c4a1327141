#pragma once

// Logging categories of the model layer, one per subsystem (STYLE.md).

#include <QLoggingCategory>

namespace khepri {
Q_DECLARE_LOGGING_CATEGORY(lcNix)
Q_DECLARE_LOGGING_CATEGORY(lcModel)
} // namespace khepri
