#pragma once

// ProcessJob owns one child process and everything it started: the only
// place khepri starts nix, git or nixos-rebuild (QProcess with a program and
// an argument list, never a shell line). The child leads a process group of
// its own, so cancel() and teardown reach its grandchildren too:
//   - cancel(): SIGTERM to the whole group, SIGKILL after the grace period
//     (and to whatever of the group outlives its leader); finished() then
//     reports Cancelled;
//   - destruction while it runs: SIGKILL to the whole group, the leader
//     reaped; nothing is reported;
//   - temporary directories handed to it (ownTemporaryDirectory) are removed
//     when the run ends and on destruction.
// Exactly one finished() per start(), always from the event loop (never from
// within start()). One run at a time; start() again after finished().
// Owned by whoever runs the program (a parent QObject). Nothing here blocks,
// except the destructor's reaping of a child it has just killed.

#include <memory>
#include <vector>

#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QTemporaryDir;
class QTimer;

namespace khepri {

struct ProcessExit {
    enum class Status {
        Exited,        // exitCode holds its exit status
        Crashed,       // ended by a signal nobody here sent
        FailedToStart, // errorString says why
        Cancelled,     // cancel() ended it
    };
    Status status = Status::Exited;
    int exitCode = 0;
    QString errorString;

    bool succeeded() const { return status == Status::Exited && exitCode == 0; }
};

class ProcessJob : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProcessJob)
public:
    enum class Isolation {
        // A process group of its own; killed when khepri dies (PDEATHSIG) and
        // by khepri's quit-signal handler (childprocesses::signalAllGroups).
        ProcessGroup,
        // A session of its own (setsid): also no controlling terminal, so sudo
        // and ssh ask through their askpass helper. Not killed with khepri.
        Session,
    };

    explicit ProcessJob(QObject *parent = nullptr);
    ~ProcessJob() override;

    void setProgram(const QString &program, const QStringList &arguments);
    QString program() const { return m_program; }
    QStringList arguments() const { return m_arguments; }
    void setProcessEnvironment(const QProcessEnvironment &environment);
    // stdout and stderr as one stream (read with readAllStandardOutput()).
    void setMergedChannels(bool merged) { m_merged = merged; }
    void setIsolation(Isolation isolation) { m_isolation = isolation; }
    // How long cancel() waits after SIGTERM before SIGKILL (default 5000 ms).
    void setCancelGracePeriod(int milliseconds);
    // Removed (recursively) when the run ends or the job is destroyed.
    void ownTemporaryDirectory(std::unique_ptr<QTemporaryDir> directory);

    // Standard input is /dev/null. false (nothing emitted) while a run is
    // under way.
    bool start();
    // SIGTERM to the group now, SIGKILL after the grace period. With a grace
    // period of 0, SIGKILL at once.
    void cancel();
    // For a run nobody waits for any more: SIGKILL to the group now, no
    // signal emitted from here on, and the job deletes itself once its
    // process is reaped (at once when none runs).
    void abandon();
    bool isRunning() const { return m_process != nullptr; }
    // The leader's pid, which is also its process group; 0 when none runs.
    qint64 processId() const { return m_pid; }

    QByteArray readAllStandardOutput();
    QByteArray readAllStandardError();

Q_SIGNALS:
    void started();
    void readyReadStandardOutput();
    void finished(const khepri::ProcessExit &exit);

private:
    void signalGroup(int signalNumber);
    void killLeftovers();
    void end(const ProcessExit &exit);

    QString m_program;
    QStringList m_arguments;
    QProcessEnvironment m_environment;
    bool m_hasEnvironment = false;
    bool m_merged = false;
    Isolation m_isolation = Isolation::ProcessGroup;
    QTimer *m_graceTimer;
    QProcess *m_process = nullptr;
    qint64 m_pid = 0;
    bool m_cancelling = false;
    QByteArray m_stdout; // what was left unread when the leader ended
    QByteArray m_stderr;
    std::vector<std::unique_ptr<QTemporaryDir>> m_temporaryDirectories;
};

} // namespace khepri

Q_DECLARE_METATYPE(khepri::ProcessExit)
