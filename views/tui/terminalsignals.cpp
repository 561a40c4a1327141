#include "terminalsignals.h"

#include <array>
#include <csignal>

#include <curses.h>

#include "tuilogging.h"
#include "unixsignalnotifier.h"

namespace khepri {
namespace {

constexpr std::array kCrashSignals{SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};

std::array<struct sigaction, kCrashSignals.size()> g_oldCrash;

void onCrash(int signal)
{
    // Not async-signal-safe, but the process is going down anyway and a
    // terminal left in raw mode on the alternate screen is worse.
    endwin();
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

} // namespace

TerminalSignals::TerminalSignals(QObject *parent)
    : QObject(parent)
    , m_notifier(
          new UnixSignalNotifier(QList<int>{SIGWINCH} + UnixSignalNotifier::quitSignals(), this))
{
    connect(m_notifier, &UnixSignalNotifier::received, this, [this](int signalNumber) {
        if (signalNumber == SIGWINCH)
            Q_EMIT resized();
        else
            Q_EMIT interrupted();
    });
    if (!m_notifier->isValid())
        qCWarning(lcUiTui) << "cannot create the signal pipe; resizing and Ctrl-C are not handled";
    for (size_t i = 0; i < kCrashSignals.size(); ++i) {
        struct sigaction sa = {};
        sa.sa_handler = onCrash;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigaction(kCrashSignals[i], &sa, &g_oldCrash[i]);
    }
}

TerminalSignals::~TerminalSignals()
{
    for (size_t i = 0; i < kCrashSignals.size(); ++i)
        sigaction(kCrashSignals[i], &g_oldCrash[i], nullptr);
}

} // namespace khepri
