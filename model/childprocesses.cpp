#include "childprocesses.h"

#include <csignal>
#include <memory>

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QProcess>
#include <QSet>
#include <QStringBuilder>
#include <QTemporaryDir>

#include "modellogging.h"

using namespace Qt::StringLiterals;

namespace khepri::childprocesses {
namespace {

QMutex g_mutex;
QSet<qint64> g_groups;
std::unique_ptr<QTemporaryDir> g_tempDir;

void untrack(qint64 pid)
{
    const QMutexLocker lock(&g_mutex);
    g_groups.remove(pid);
}

} // namespace

void runInOwnProcessGroup(QProcess &process)
{
    const pid_t parent = ::getpid();
    process.setChildProcessModifier([parent] {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) // khepri died before prctl took effect
            ::_exit(127);
    });
    QObject::connect(&process, &QProcess::started, &process, [p = &process] {
        const qint64 pid = p->processId();
        if (pid <= 0)
            return;
        {
            const QMutexLocker lock(&g_mutex);
            g_groups.insert(pid);
        }
        QObject::connect(p, &QProcess::finished, p, [pid] { untrack(pid); });
        QObject::connect(p, &QObject::destroyed, [pid] { untrack(pid); });
    });
}

void signalAllGroups(int signalNumber)
{
    const QMutexLocker lock(&g_mutex);
    for (const qint64 pid : std::as_const(g_groups)) {
        qCDebug(lcModel) << "sending signal" << signalNumber << "to process group" << pid;
        ::kill(-pid_t(pid), signalNumber);
        ::kill(pid_t(pid), signalNumber);
    }
}

Result<QString> privateTempDirectory()
{
    const QMutexLocker lock(&g_mutex);
    if (g_tempDir && g_tempDir->isValid())
        return g_tempDir->path();
    QString base = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (base.isEmpty() || !QFileInfo(base).isDir() || !QFileInfo(base).isWritable())
        base = QDir::tempPath();
    // mkdtemp: a new directory, 0700, never one that was there.
    auto dir = std::make_unique<QTemporaryDir>(base % u"/khepri-XXXXXX"_s);
    if (!dir->isValid())
        return Error::make(ErrorCode::Io,
                           u"cannot create a private temporary directory in "_s % base % u": "_s
                               % dir->errorString(),
                           u"Check that $XDG_RUNTIME_DIR (or $TMPDIR) is writable."_s);
    g_tempDir = std::move(dir);
    return g_tempDir->path();
}

void removePrivateTempDirectory()
{
    const QMutexLocker lock(&g_mutex);
    g_tempDir.reset(); // QTemporaryDir removes it recursively
}

} // namespace khepri::childprocesses
