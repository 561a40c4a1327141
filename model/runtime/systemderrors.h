#pragma once

// How failures of systemd and of the bus read to the user: one function per
// situation SystemdClient meets, each saying what failed, why, and what to do.
// `bus` is SystemdClient::busDescription(); `systemBus` chooses the hints (a
// user manager is fixed differently). Error codes: bus-unreachable, bus-gone,
// manager-missing, access-denied, no-such-unit, refused, job-failed, systemd.

#include <QString>

#include "result.h"

class QDBusError;

namespace khepri::systemderrors {

// A D-Bus error reply, with what was being done ("start x.service").
Error fromDBus(const QDBusError &error, const QString &doing, const QString &unit = {});

// Connecting to the bus failed; `detail` is QtDBus's reason, if any.
Error busUnreachable(const QString &bus, const QString &detail, bool systemBus);
// A job was asked for while the bus is down.
Error busDown(const QString &bus);
// The connection to the bus broke.
Error busLost(const QString &bus);

// No manager owns org.freedesktop.systemd1 on the bus.
Error managerMissing(const QString &bus, bool systemBus);
// The manager left the bus, or came back under a new name.
Error managerLeft(const QString &bus);
Error managerRestarted();

// JobRemoved said `result` ("failed", "timeout", …) for a job that `verb`
// ("start", "stop", "restart") asked of `unit`.
Error jobFailed(const QString &unit, const QString &verb, const QString &result, bool systemBus);

} // namespace khepri::systemderrors
