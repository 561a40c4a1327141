// khepri: chooses the command from the command line and runs it. Wiring
// only; each command lives in its cmd_*.cpp, the table in commands.cpp.

#include <csignal>
#include <memory>

#include <QApplication>

#include "childprocesses.h"
#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "display.h"
#include "unixsignalnotifier.h"

using namespace khepri;

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const auto parsed = parseCommandLine(arguments);
    if (!parsed) {
        printErr(u"khepri: " + parsed.error().toString() + u'\n');
        return kExitUsage;
    }
    Command cmd = parsed.value();
    if (cmd.name == u"help") {
        printOut(usageText());
        return kExitOk;
    }
    if (cmd.name == u"version") {
        printOut(QStringLiteral("khepri " KHEPRI_VERSION "\n"));
        return kExitOk;
    }
    if (cmd.name.isEmpty())
        cmd.name = canShowWidgets() ? QStringLiteral("gui") : QStringLiteral("tui");
    const CommandSpec *spec = findCommand(cmd.name);

    // A QApplication aborts without a display: commands that merely prefer
    // one (askpass asks in a dialog, else on the terminal) run without it.
    if (cmd.name == u"gui" && !canShowWidgets()) {
        printErr(QStringLiteral(
            "khepri: the desktop console needs a display (DISPLAY or WAYLAND_DISPLAY is not set)\n"
            "Use `khepri tui` in a terminal, or `khepri show` for plain output.\n"));
        return kExitUsage;
    }
    std::unique_ptr<QCoreApplication> app;
    if (spec->needsGui && canShowWidgets())
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("khepri"));
    QCoreApplication::setApplicationName(QStringLiteral("khepri"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KHEPRI_VERSION));

    // SIGINT, SIGTERM and SIGHUP end khepri as they always did, but first end
    // the children it runs (nix, git: each in its own process group) and
    // remove its temporary files. Commands with their own handling (the TUI,
    // rebuild, status --watch, askpass) install a notifier of their own,
    // which takes precedence while it lives.
    UnixSignalNotifier quit(UnixSignalNotifier::quitSignals());
    QObject::connect(&quit, &UnixSignalNotifier::received, [](int signalNumber) {
        childprocesses::signalAllGroups(SIGKILL);
        childprocesses::removePrivateTempDirectory();
        UnixSignalNotifier::dieOf(signalNumber);
    });
    const int status = spec->run(cmd);
    childprocesses::removePrivateTempDirectory();
    return status;
}
