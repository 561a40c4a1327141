#include "tuilogging.h"

namespace khepri {
Q_LOGGING_CATEGORY(lcUiTui, "khepri.ui.tui")
} // namespace khepri
