#include "terminalsignals.h"

#include <array>
#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <unistd.h>

#include <QSocketNotifier>

#include <curses.h>

#include "tuilogging.h"

namespace khepri {
namespace {

int g_pipe[2] = {-1, -1};

constexpr std::array kQuitSignals{SIGINT, SIGTERM, SIGHUP};
constexpr std::array kCrashSignals{SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};

struct sigaction g_oldWinch;
std::array<struct sigaction, kQuitSignals.size()> g_oldQuit;
std::array<struct sigaction, kCrashSignals.size()> g_oldCrash;

void onForwardedSignal(int signal)
{
    const int saved = errno;
    const char c = char(signal);
    [[maybe_unused]] const auto n = ::write(g_pipe[1], &c, 1);
    errno = saved;
}

void onCrash(int signal)
{
    // Not async-signal-safe, but the process is going down anyway and a
    // terminal left in raw mode on the alternate screen is worse.
    endwin();
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

void install(int signal, void (*handler)(int), int flags, struct sigaction *old)
{
    struct sigaction sa = {};
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = flags;
    sigaction(signal, &sa, old);
}

} // namespace

TerminalSignals::TerminalSignals(QObject *parent)
    : QObject(parent)
{
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        qCWarning(lcUiTui) << "cannot create the signal pipe; resizing and Ctrl-C are not handled";
        return;
    }
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &TerminalSignals::onReadable);
    install(SIGWINCH, onForwardedSignal, SA_RESTART, &g_oldWinch);
    for (size_t i = 0; i < kQuitSignals.size(); ++i)
        install(kQuitSignals[i], onForwardedSignal, SA_RESTART, &g_oldQuit[i]);
    for (size_t i = 0; i < kCrashSignals.size(); ++i)
        install(kCrashSignals[i], onCrash, SA_RESETHAND | SA_NODEFER, &g_oldCrash[i]);
}

TerminalSignals::~TerminalSignals()
{
    if (!m_notifier)
        return;
    sigaction(SIGWINCH, &g_oldWinch, nullptr);
    for (size_t i = 0; i < kQuitSignals.size(); ++i)
        sigaction(kQuitSignals[i], &g_oldQuit[i], nullptr);
    for (size_t i = 0; i < kCrashSignals.size(); ++i)
        sigaction(kCrashSignals[i], &g_oldCrash[i], nullptr);
    delete m_notifier;
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
}

void TerminalSignals::onReadable()
{
    char buffer[64];
    bool resize = false;
    bool quit = false;
    ssize_t n;
    while ((n = ::read(g_pipe[0], buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < n; ++i) {
            if (buffer[i] == SIGWINCH)
                resize = true;
            else
                quit = true;
        }
    }
    if (resize)
        Q_EMIT resized();
    if (quit)
        Q_EMIT interrupted();
}

} // namespace khepri
