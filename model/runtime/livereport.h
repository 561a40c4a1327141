#pragma once

// Renders a RuntimeState for `khepri status`: a stable JSON document (the
// --json contract, documented in livereport.cpp) and a table for humans.
// Pure functions of the state; no I/O.

#include <QJsonObject>
#include <QString>

namespace khepri {

class RuntimeState;

QJsonObject liveStateJson(const RuntimeState &state);
QString formatLiveTable(const RuntimeState &state);

} // namespace khepri
