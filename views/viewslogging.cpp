#include "viewslogging.h"

namespace khepri {
Q_LOGGING_CATEGORY(lcUi, "khepri.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUiGraph, "khepri.ui.graph", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUiEditor, "khepri.ui.editor", QtInfoMsg)
} // namespace khepri
