#pragma once

// UnixSignalNotifier brings Unix signals into the Qt event loop through a
// self-pipe: the handler only writes the signal's number to a pipe (which is
// async-signal-safe); a QSocketNotifier on the other end emits received() in
// the owner's thread, where anything may be done. The one place khepri turns
// signals into events (the TUI, `status --watch`, `rebuild`, the CLI's
// cleanup all use it).
//
// Instances nest like sigaction(2): constructing one makes it the receiver
// of its signals, and destroying it puts back whatever handled them before
// (the previous instance or the previous disposition). Destroy them in the
// reverse order of construction.

#include <QList>
#include <QObject>

class QSocketNotifier;

namespace khepri {

class UnixSignalNotifier : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixSignalNotifier)
public:
    // `flags` for sigaction(2); SA_RESTART by default, so that no system call
    // elsewhere fails with EINTR.
    explicit UnixSignalNotifier(const QList<int> &signalNumbers, QObject *parent = nullptr,
                                int flags = -1);
    ~UnixSignalNotifier() override;

    // false when the pipe could not be made: no signal is handled.
    bool isValid() const { return m_notifier != nullptr; }

    // SIGINT, SIGTERM and SIGHUP: the signals that ask a program to end.
    static QList<int> quitSignals();

    // Restores the default disposition of `signalNumber` and raises it, so
    // the process ends as that signal ends it (its parent sees the signal).
    [[noreturn]] static void dieOf(int signalNumber);

Q_SIGNALS:
    void received(int signalNumber);

private:
    void onReadable();

    QList<int> m_signals;
    int m_pipe[2] = {-1, -1};
    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_previousTargets;    // per signal: the pipe that received it before
    QList<void *> m_previousActions; // per signal: struct sigaction, when this installed it
};

} // namespace khepri
