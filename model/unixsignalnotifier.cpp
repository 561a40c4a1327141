#include "unixsignalnotifier.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <unistd.h>

#include <QSocketNotifier>

#include "modellogging.h"

namespace khepri {
namespace {

constexpr int kMaxSignal = 65;

// Per signal: the write end of the pipe of the instance receiving it, plus
// one (zero: none).
std::array<std::atomic<int>, kMaxSignal> g_target{};

void forward(int signalNumber)
{
    const int saved = errno;
    const int fd = signalNumber > 0 && signalNumber < kMaxSignal
                       ? g_target[size_t(signalNumber)].load() - 1
                       : -1;
    if (fd >= 0) {
        const auto byte = static_cast<unsigned char>(signalNumber);
        [[maybe_unused]] const auto n = ::write(fd, &byte, 1);
    }
    errno = saved;
}

} // namespace

UnixSignalNotifier::UnixSignalNotifier(const QList<int> &signalNumbers, QObject *parent, int flags)
    : QObject(parent)
{
    if (::pipe2(m_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        qCWarning(lcModel) << "cannot create a signal pipe; signals" << signalNumbers
                           << "keep their default action";
        m_pipe[0] = m_pipe[1] = -1;
        return;
    }
    m_notifier = new QSocketNotifier(m_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignalNotifier::onReadable);
    for (const int s : signalNumbers) {
        if (s <= 0 || s >= kMaxSignal)
            continue;
        m_signals.append(s);
        m_previousTargets.append(g_target[size_t(s)].exchange(m_pipe[1] + 1));
        struct sigaction sa = {};
        sa.sa_handler = forward;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = flags < 0 ? SA_RESTART : flags;
        auto *old = new struct sigaction;
        ::sigaction(s, &sa, old);
        m_previousActions.append(old);
    }
}

UnixSignalNotifier::~UnixSignalNotifier()
{
    for (qsizetype i = m_signals.size() - 1; i >= 0; --i) {
        auto *old = static_cast<struct sigaction *>(m_previousActions.at(i));
        g_target[size_t(m_signals.at(i))].store(m_previousTargets.at(i));
        ::sigaction(m_signals.at(i), old, nullptr);
        delete old;
    }
    delete m_notifier;
    if (m_pipe[0] >= 0) {
        ::close(m_pipe[0]);
        ::close(m_pipe[1]);
    }
}

QList<int> UnixSignalNotifier::quitSignals()
{
    return {SIGINT, SIGTERM, SIGHUP};
}

void UnixSignalNotifier::dieOf(int signalNumber)
{
    ::signal(signalNumber, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signalNumber);
    ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
    ::raise(signalNumber);
    ::_exit(128 + signalNumber); // a signal whose default is not to end the process
}

void UnixSignalNotifier::onReadable()
{
    unsigned char buffer[64];
    ssize_t n;
    QList<int> got;
    while ((n = ::read(m_pipe[0], buffer, sizeof buffer)) > 0)
        for (ssize_t i = 0; i < n; ++i)
            got.append(int(buffer[i]));
    for (const int s : got)
        Q_EMIT received(s);
}

} // namespace khepri
