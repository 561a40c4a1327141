#include "documentlogging.h"

namespace khepri {
Q_LOGGING_CATEGORY(lcDocument, "khepri.document", QtInfoMsg)
} // namespace khepri
