#pragma once

// TerminalSignals brings the signals a full-screen terminal program must
// handle into the Qt event loop (through UnixSignalNotifier's self-pipe):
// SIGWINCH (the terminal was resized) and SIGINT/SIGTERM/SIGHUP (leave
// cleanly) become Qt signals. Crash signals (SIGSEGV, SIGABRT, SIGBUS,
// SIGFPE, SIGILL) run a last-resort handler that restores the terminal
// (endwin) and re-raises the signal with its default action, so a crash
// still dumps core but never leaves the user's terminal in raw mode.
//
// One instance at a time (the handlers are process-wide); the destructor
// puts the previous handlers back. Owned by TerminalScreen.

#include <QObject>

namespace khepri {

class UnixSignalNotifier;

class TerminalSignals : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalSignals)
public:
    explicit TerminalSignals(QObject *parent = nullptr);
    ~TerminalSignals() override;

Q_SIGNALS:
    void resized();
    void interrupted();

private:
    UnixSignalNotifier *m_notifier;
};

} // namespace khepri
