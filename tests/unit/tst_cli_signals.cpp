// SIGINT, SIGTERM and SIGHUP reaching the khepri CLI while it runs children
// or holds the terminal, with the real binary and the real nix: the process
// group of every child (nix, and whatever it started) ends with khepri,
// temporary files holding compositions live in a private 0700 directory in
// $XDG_RUNTIME_DIR with mode 0600 and are removed, and `khepri askpass`
// killed at its prompt (under a pseudo-terminal) leaves the terminal's echo
// on.

#include <csignal>
#include <optional>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "testsupport.h"

using namespace Qt::StringLiterals;
using khepri::test::khepriBinary;

namespace {

struct ProcInfo {
    qint64 pid = 0;
    qint64 ppid = 0;
    qint64 pgrp = 0;
    QString comm;
    char state = '?';
};

std::optional<ProcInfo> procInfo(qint64 pid)
{
    QFile f(u"/proc/%1/stat"_s.arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray stat = f.readAll();
    const qsizetype open = stat.indexOf('(');
    const qsizetype close = stat.lastIndexOf(')');
    if (open < 0 || close < 0)
        return std::nullopt;
    const QList<QByteArray> rest = stat.mid(close + 2).split(' ');
    if (rest.size() < 3)
        return std::nullopt;
    return ProcInfo{pid, rest.at(1).toLongLong(), rest.at(2).toLongLong(),
                    QString::fromUtf8(stat.mid(open + 1, close - open - 1)), rest.at(0).at(0)};
}

QList<ProcInfo> allProcesses()
{
    QList<ProcInfo> list;
    for (const QString &name : QDir(u"/proc"_s).entryList(QDir::Dirs)) {
        bool isPid = false;
        const qint64 pid = name.toLongLong(&isPid);
        if (!isPid)
            continue;
        if (const auto info = procInfo(pid); info && info->state != 'Z')
            list.append(*info);
    }
    return list;
}

// Every live descendant of `root`.
QList<ProcInfo> descendants(qint64 root)
{
    const QList<ProcInfo> all = allProcesses();
    QList<qint64> parents{root};
    QList<ProcInfo> found;
    for (qsizetype i = 0; i < parents.size(); ++i)
        for (const ProcInfo &p : all)
            if (p.ppid == parents.at(i)) {
                found.append(p);
                parents.append(p.pid);
            }
    return found;
}

// Live processes in any of `groups`.
QList<ProcInfo> inGroups(const QList<qint64> &groups)
{
    QList<ProcInfo> found;
    for (const ProcInfo &p : allProcesses())
        if (groups.contains(p.pgrp))
            found.append(p);
    return found;
}

QString describe(const QList<ProcInfo> &list)
{
    QStringList parts;
    for (const ProcInfo &p : list)
        parts.append(u"%1 %2 (group %3)"_s.arg(p.pid).arg(p.comm).arg(p.pgrp));
    return parts.join(u", "_s);
}

QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}

int modeOf(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

// A compositions file that takes nix minutes to evaluate, in constant memory.
const QByteArray kSlowFile =
    "let\n"
    "  inner = i: builtins.foldl' builtins.add i (builtins.genList (x: x) 10000);\n"
    "  n = builtins.foldl' (acc: i: acc + inner i) 0 (builtins.genList (x: x) 100000000);\n"
    "in { app.services.web.image = \"nginx:${toString n}\"; }\n";

const QList<int> kQuitSignals{SIGINT, SIGTERM, SIGHUP};

QString signalName(int s)
{
    return s == SIGINT ? u"SIGINT"_s : s == SIGTERM ? u"SIGTERM"_s : u"SIGHUP"_s;
}

} // namespace

class TestCliSignals : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void evaluationEndsWithKhepri_data()
    {
        QTest::addColumn<int>("signalNumber");
        for (const int s : kQuitSignals)
            QTest::newRow(qPrintable(signalName(s))) << s;
    }

    // `khepri show` while nix evaluates: the signal ends nix and everything
    // in its process group too.
    void evaluationEndsWithKhepri()
    {
        QFETCH(int, signalNumber);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString slow = dir.filePath(u"slow.nix"_s);
        QVERIFY(writeFile(slow, kSlowFile));

        QProcess khepri;
        khepri.setStandardInputFile(QProcess::nullDevice());
        khepri.setChildProcessModifier([] { ::setsid(); }); // no terminal; its own group
        khepri.start(khepriBinary(), {u"show"_s, u"--file"_s, slow});
        QVERIFY2(khepri.waitForStarted(), qPrintable(khepri.errorString()));
        const qint64 pid = khepri.processId();

        // Until nix is running under it.
        QList<ProcInfo> children;
        QDeadlineTimer deadline(120000);
        while (!deadline.hasExpired() && khepri.state() == QProcess::Running) {
            children = descendants(pid);
            const bool nixRuns = std::any_of(children.cbegin(), children.cend(), [](const auto &p) {
                return p.comm.startsWith(u"nix"_s);
            });
            if (nixRuns)
                break;
            QThread::msleep(20);
        }
        QVERIFY2(khepri.state() == QProcess::Running,
                 qPrintable(u"khepri ended before nix ran: "_s
                            + QString::fromUtf8(khepri.readAllStandardError())));
        QVERIFY2(!children.isEmpty(), "nix never started under khepri");
        QList<qint64> groups;
        for (const ProcInfo &p : children)
            if (!groups.contains(p.pgrp))
                groups.append(p.pgrp);

        QThread::msleep(300); // nix well into the evaluation
        QCOMPARE(::kill(pid_t(pid), signalNumber), 0);
        QVERIFY(khepri.waitForFinished(60000));
        QCOMPARE(khepri.exitStatus(), QProcess::CrashExit); // ended by the signal, as before

        // Everything nix started is gone (SIGKILL is asynchronous: poll).
        QList<ProcInfo> left;
        QDeadlineTimer gone(30000);
        do {
            left = inGroups(groups);
            for (const ProcInfo &p : children)
                if (const auto info = procInfo(p.pid);
                    info && info->state != 'Z' && info->comm == p.comm
                    && !std::any_of(left.cbegin(), left.cend(),
                                    [&](const ProcInfo &l) { return l.pid == p.pid; }))
                    left.append(*info);
            if (left.isEmpty())
                break;
            QThread::msleep(50);
        } while (!gone.hasExpired());
        QVERIFY2(left.isEmpty(),
                 qPrintable(u"still running after khepri ended: "_s + describe(left)));
    }

    void temporaryFilesArePrivateAndRemoved_data()
    {
        QTest::addColumn<int>("signalNumber");
        for (const int s : kQuitSignals)
            QTest::newRow(qPrintable(signalName(s))) << s;
    }

    // `khepri validate` while the translator reads the compositions from a
    // temporary file: the file is in a 0700 directory under
    // $XDG_RUNTIME_DIR, mode 0600, and the signal removes it.
    void temporaryFilesArePrivateAndRemoved()
    {
        QFETCH(int, signalNumber);
        const QString realNix = QStandardPaths::findExecutable(u"nix-instantiate"_s);
        QVERIFY2(!realNix.isEmpty(), "nix-instantiate is not installed");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString run = dir.filePath(u"run"_s);
        QVERIFY(QDir().mkpath(run));
        QVERIFY(QFile::setPermissions(run, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const QString marker = dir.filePath(u"translating"_s);
        // nix-instantiate as is, except that translating holds still (with a
        // child of its own) so that the test can look at the temporary file.
        const QString bin = dir.filePath(u"bin"_s);
        QVERIFY(QDir().mkpath(bin));
        const QString wrapper = bin + u"/nix-instantiate"_s;
        QVERIFY(writeFile(wrapper, "#!/bin/sh\n"
                                   "case \"$*\" in *translate-json.nix*)\n"
                                   "  sleep 600 & echo $! > \"$KHEPRI_TEST_MARKER.tmp\"\n"
                                   "  mv \"$KHEPRI_TEST_MARKER.tmp\" \"$KHEPRI_TEST_MARKER\"\n"
                                   "  wait; exit 1;;\n"
                                   "esac\n"
                                   "exec "
                                       + QFile::encodeName(realNix) + " \"$@\"\n"));
        QVERIFY(
            QFile::setPermissions(wrapper, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_RUNTIME_DIR"_s, run);
        env.insert(u"KHEPRI_TEST_MARKER"_s, marker);
        env.insert(u"PATH"_s, bin + u':' + env.value(u"PATH"_s));
        QProcess khepri;
        khepri.setProcessEnvironment(env);
        khepri.setStandardInputFile(QProcess::nullDevice());
        khepri.setChildProcessModifier([] { ::setsid(); });
        khepri.start(khepriBinary(),
                     {u"validate"_s, u"--file"_s,
                      khepri::test::sourcePath(u"examples/demo/compositions.nix"_s)});
        QVERIFY2(khepri.waitForStarted(), qPrintable(khepri.errorString()));
        QDeadlineTimer deadline(120000);
        while (!QFile::exists(marker) && !deadline.hasExpired()
               && khepri.state() == QProcess::Running)
            QThread::msleep(20);
        QVERIFY2(QFile::exists(marker),
                 qPrintable(u"the translator never ran: "_s
                            + QString::fromUtf8(khepri.readAllStandardError())));
        QFile markerFile(marker);
        QVERIFY(markerFile.open(QIODevice::ReadOnly));
        const qint64 sleeper = markerFile.readAll().trimmed().toLongLong();
        QVERIFY(sleeper > 0);

        // The compositions are in $XDG_RUNTIME_DIR, for nobody else to read.
        const QStringList files = filesUnder(run);
        QStringList jsonFiles;
        for (const QString &f : files)
            if (f.endsWith(u".json"_s))
                jsonFiles.append(f);
        QVERIFY2(jsonFiles.size() == 1,
                 qPrintable(u"files in the runtime dir: "_s + files.join(u", "_s)));
        QCOMPARE(modeOf(jsonFiles.first()), 0600);
        QCOMPARE(modeOf(QFileInfo(jsonFiles.first()).absolutePath()), 0700);
        QFile json(jsonFiles.first());
        QVERIFY(json.open(QIODevice::ReadOnly));
        QVERIFY(json.readAll().contains("caddy"));

        QCOMPARE(::kill(pid_t(khepri.processId()), signalNumber), 0);
        QVERIFY(khepri.waitForFinished(60000));
        QCOMPARE(khepri.exitStatus(), QProcess::CrashExit);
        QVERIFY2(filesUnder(run).isEmpty(),
                 qPrintable(u"left behind: "_s + filesUnder(run).join(u", "_s)));
        QDeadlineTimer gone(30000);
        while (procInfo(sleeper) && procInfo(sleeper)->state != 'Z' && !gone.hasExpired())
            QThread::msleep(50);
        const auto info = procInfo(sleeper);
        QVERIFY2(!info || info->state == 'Z' || info->comm != u"sleep"_s,
                 "the translator's child survived khepri");
    }

    void askpassRestoresEcho_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::addColumn<bool>("typed"); // Ctrl-C typed on the terminal, else kill(2)
        QTest::newRow("Ctrl-C") << SIGINT << true;
        QTest::newRow("SIGINT") << SIGINT << false;
        QTest::newRow("SIGTERM") << SIGTERM << false;
        QTest::newRow("SIGHUP") << SIGHUP << false;
    }

    void askpassRestoresEcho()
    {
        QFETCH(int, signalNumber);
        QFETCH(bool, typed);
        int master = -1;
        int slave = -1;
        QVERIFY(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
        termios before{};
        QVERIFY(::tcgetattr(slave, &before) == 0);
        QVERIFY(before.c_lflag & ECHO);

        const QByteArray binary = QFile::encodeName(khepriBinary());
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            ::setsid();
            ::ioctl(slave, TIOCSCTTY, 0);
            ::dup2(slave, 0);
            ::dup2(slave, 1);
            ::dup2(slave, 2);
            ::close(master);
            // No display, no keychain: it asks on the terminal.
            ::unsetenv("DISPLAY");
            ::unsetenv("WAYLAND_DISPLAY");
            ::unsetenv("KHEPRI_ASKPASS_KEY");
            ::setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", 1);
            ::execl(binary.constData(), binary.constData(), "askpass",
                    "Password for the test:", static_cast<char *>(nullptr));
            ::_exit(127);
        }

        // Until the prompt is on the terminal and echo is off.
        QByteArray seen;
        QDeadlineTimer deadline(60000);
        bool quiet = false;
        while (!deadline.hasExpired()) {
            pollfd p{master, POLLIN, 0};
            if (::poll(&p, 1, 50) > 0) {
                char buffer[256];
                const ssize_t n = ::read(master, buffer, sizeof buffer);
                if (n > 0)
                    seen.append(buffer, n);
            }
            termios now{};
            if (seen.contains("Password for the test:") && ::tcgetattr(slave, &now) == 0
                && !(now.c_lflag & ECHO)) {
                quiet = true;
                break;
            }
        }
        if (!quiet)
            ::kill(child, SIGKILL);
        QVERIFY2(quiet, seen.constData());

        if (typed)
            QCOMPARE(::write(master, "\x03", 1), ssize_t(1));
        else
            QCOMPARE(::kill(child, signalNumber), 0);
        int status = 0;
        QDeadlineTimer ended(60000);
        pid_t waited = 0;
        while ((waited = ::waitpid(child, &status, WNOHANG)) == 0 && !ended.hasExpired()) {
            pollfd p{master, POLLIN, 0};
            if (::poll(&p, 1, 50) > 0) { // keep the terminal drained
                char buffer[256];
                [[maybe_unused]] const auto n = ::read(master, buffer, sizeof buffer);
            }
        }
        if (waited == 0)
            ::kill(child, SIGKILL);
        QCOMPARE(waited, child);
        QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == signalNumber,
                 qPrintable(u"askpass ended with status %1"_s.arg(status)));
        termios after{};
        QVERIFY(::tcgetattr(slave, &after) == 0);
        QVERIFY2(after.c_lflag & ECHO, "the terminal was left with echo off");
        ::close(master);
        ::close(slave);
    }
};

QTEST_GUILESS_MAIN(TestCliSignals)
#include "tst_cli_signals.moc"
