#include "modellogging.h"

namespace khepri {
Q_LOGGING_CATEGORY(lcNix, "khepri.nix", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModel, "khepri.model", QtInfoMsg)
} // namespace khepri
