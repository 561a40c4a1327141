#include "processjob.h"

#include <cerrno>
#include <csignal>
#include <utility>

#include <signal.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QTimer>

#include "childprocesses.h"
#include "modellogging.h"

namespace khepri {

ProcessJob::ProcessJob(QObject *parent)
    : QObject(parent)
    , m_graceTimer(new QTimer(this))
{
    m_graceTimer->setSingleShot(true);
    m_graceTimer->setInterval(5000);
    connect(m_graceTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcModel) << m_program << "ignored SIGTERM; sending SIGKILL to its process group";
        signalGroup(SIGKILL);
    });
}

ProcessJob::~ProcessJob()
{
    m_graceTimer->stop();
    if (m_process) {
        m_process->disconnect(this);
        signalGroup(SIGKILL);
        if (m_process->state() != QProcess::NotRunning)
            m_process->waitForFinished(1000); // reaps a child just killed; teardown only
    }
    // m_process (a child) and the temporary directories go with the members.
}

void ProcessJob::setProgram(const QString &program, const QStringList &arguments)
{
    m_program = program;
    m_arguments = arguments;
}

void ProcessJob::setProcessEnvironment(const QProcessEnvironment &environment)
{
    m_environment = environment;
    m_hasEnvironment = true;
}

void ProcessJob::setCancelGracePeriod(int milliseconds)
{
    m_graceTimer->setInterval(milliseconds);
}

void ProcessJob::ownTemporaryDirectory(std::unique_ptr<QTemporaryDir> directory)
{
    m_temporaryDirectories.push_back(std::move(directory));
}

bool ProcessJob::start()
{
    if (m_process) {
        qCWarning(lcModel) << "not starting" << m_program << ": it is still running";
        return false;
    }
    m_cancelling = false;
    m_pid = 0;
    m_stdout.clear();
    m_stderr.clear();

    m_process = new QProcess(this);
    m_process->setProgram(m_program);
    m_process->setArguments(m_arguments);
    if (m_hasEnvironment)
        m_process->setProcessEnvironment(m_environment);
    m_process->setStandardInputFile(QProcess::nullDevice());
    if (m_merged)
        m_process->setProcessChannelMode(QProcess::MergedChannels);
    switch (m_isolation) {
    case Isolation::ProcessGroup:
        childprocesses::runInOwnProcessGroup(*m_process);
        break;
    case Isolation::Session:
        m_process->setChildProcessModifier([] { ::setsid(); });
        break;
    }

    QProcess *process = m_process;
    connect(process, &QProcess::started, this, [this, process] {
        m_pid = process->processId();
        qCDebug(lcModel) << m_program << "runs as process group" << m_pid;
        if (m_cancelling) // cancelled while it started
            signalGroup(m_graceTimer->interval() > 0 ? SIGTERM : SIGKILL);
        Q_EMIT started();
    });
    connect(process, &QProcess::readyReadStandardOutput, this,
            &ProcessJob::readyReadStandardOutput);
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return; // a crash or an I/O error: finished() follows
        const QString why = process->errorString();
        // Never from within start(): the caller gets its answer as for any run.
        QTimer::singleShot(0, this, [this, process, why] {
            if (m_process != process)
                return;
            end(ProcessExit{ProcessExit::Status::FailedToStart, -1, why});
        });
    });
    connect(process, &QProcess::finished, this,
            [this, process](int exitCode, QProcess::ExitStatus status) {
                if (m_process != process)
                    return;
                m_stdout += process->readAllStandardOutput();
                if (!m_merged)
                    m_stderr += process->readAllStandardError();
                const bool crashed = status == QProcess::CrashExit;
                ProcessExit exit{ProcessExit::Status::Exited, crashed ? -1 : exitCode, {}};
                if (m_cancelling)
                    exit.status = ProcessExit::Status::Cancelled;
                else if (crashed)
                    exit.status = ProcessExit::Status::Crashed;
                if (crashed)
                    exit.errorString = process->errorString();
                end(exit);
            });
    qCDebug(lcModel) << "running" << m_program << m_arguments;
    m_process->start();
    return true;
}

void ProcessJob::cancel()
{
    if (!m_process || m_cancelling)
        return;
    m_cancelling = true;
    if (m_graceTimer->interval() <= 0) {
        signalGroup(SIGKILL);
        return;
    }
    signalGroup(SIGTERM);
    m_graceTimer->start();
}

void ProcessJob::abandon()
{
    disconnect(this, nullptr, nullptr, nullptr);
    if (!m_process) {
        deleteLater();
        return;
    }
    connect(this, &ProcessJob::finished, this, &QObject::deleteLater);
    m_graceTimer->setInterval(0);
    m_cancelling = false; // cancel() again, now at once
    cancel();
}

QByteArray ProcessJob::readAllStandardOutput()
{
    return m_process ? std::exchange(m_stdout, {}) + m_process->readAllStandardOutput()
                     : std::exchange(m_stdout, {});
}

QByteArray ProcessJob::readAllStandardError()
{
    return m_process && !m_merged ? std::exchange(m_stderr, {}) + m_process->readAllStandardError()
                                  : std::exchange(m_stderr, {});
}

void ProcessJob::signalGroup(int signalNumber)
{
    // Forked but not yet reported started: its pid is known already (and
    // started() sends the signal again, to the group it has made by then).
    const qint64 pid = m_pid > 0 ? m_pid : m_process ? m_process->processId() : 0;
    if (pid <= 0)
        return;
    const auto group = pid_t(pid);
    if (::kill(-group, signalNumber) != 0 && errno == ESRCH)
        ::kill(group, signalNumber); // the child has not made its group yet
}

void ProcessJob::killLeftovers()
{
    // The leader is gone (and reaped), but its group id stays reserved while
    // any member lives: whatever of it ignored SIGTERM goes now.
    if (m_pid > 0 && ::kill(-pid_t(m_pid), 0) == 0)
        ::kill(-pid_t(m_pid), SIGKILL);
}

void ProcessJob::end(const ProcessExit &exit)
{
    m_graceTimer->stop();
    if (m_cancelling)
        killLeftovers();
    QProcess *process = std::exchange(m_process, nullptr);
    process->disconnect(this);
    if (process->state() == QProcess::NotRunning)
        process->deleteLater();
    else // failed to start half-way: reaped when it finishes, deleted then
        connect(process, &QProcess::finished, process, &QObject::deleteLater);
    m_pid = 0;
    m_temporaryDirectories.clear();
    Q_EMIT finished(exit);
}

} // namespace khepri
