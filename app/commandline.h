#pragma once

// Parses khepri's command line (ARCHITECTURE.md, "The command line") into a
// Command: which front end or command to run and with which source. Pure:
// no I/O, so every case is unit-testable.

#include <QString>
#include <QStringList>

#include "result.h"
#include "source.h"

namespace khepri {

struct Command {
    enum class Kind { Gui, Tui, Show, Help, Version };
    Kind kind = Kind::Gui;
    bool explicitKind = false; // false: choose GUI or TUI by the display
    std::optional<Source> source;
    bool json = false;
};

Result<Command> parseCommandLine(const QStringList &arguments);
QString usageText();

} // namespace khepri
