#pragma once

// The one answer to "is there a display?" — for choosing the GUI or the TUI
// (app/main.cpp), for how `khepri askpass` asks (a dialog or the terminal),
// for the privilege a rebuild defaults to (pkexec needs a graphical agent),
// and for the askpass helper script, whose shell test is generated here from
// the same variables. Pure: reads the environment it is given.

#include <QProcessEnvironment>
#include <QString>

namespace khepri {

enum class Display {
    None,      // no display: a QApplication cannot start
    Offscreen, // QT_QPA_PLATFORM=offscreen: widgets work, nobody sees them
    Graphical, // DISPLAY or WAYLAND_DISPLAY: a user can see a window
};

Display
detectDisplay(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

// A QApplication can start (a graphical display or the offscreen platform).
bool canShowWidgets(
    const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

// A POSIX shell condition, true exactly when detectDisplay() of the shell's
// environment is not Display::None.
QString displayShellCondition();

} // namespace khepri
