// ProcessJob with real child processes: exit codes, crashes and programs
// that do not start are each reported once and never from within start();
// cancel() ends the whole process group, grandchildren included, also those
// that ignore SIGTERM; destroying a running job leaves no process behind; the
// temporary directories it owns are removed.

#include <csignal>
#include <memory>

#include <signal.h>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "processjob.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

// Alive: it exists and is no zombie (a reparented grandchild may wait for a
// PID 1 that does not reap).
bool alive(qint64 pid)
{
    QFile stat(u"/proc/"_s + QString::number(pid) + u"/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close >= 0 && close + 2 < text.size() && text.at(close + 2) != 'Z';
}

// A shell line of the test's own (no user data) run as the job.
void runShell(ProcessJob &job, const QString &script)
{
    job.setProgram(u"/bin/sh"_s, {u"-c"_s, script});
}

// Runs until the job printed a first line (the grandchild's pid) and returns it.
qint64 firstLinePid(ProcessJob &job, QByteArray &out)
{
    QObject::connect(&job, &ProcessJob::readyReadStandardOutput, &job,
                     [&] { out += job.readAllStandardOutput(); });
    if (!QTest::qWaitFor([&] { return out.contains('\n'); }, 20000))
        return 0;
    return out.left(out.indexOf('\n')).trimmed().toLongLong();
}

ProcessExit exitOf(const QSignalSpy &spy)
{
    return spy.first().first().value<ProcessExit>();
}

} // namespace

class TestProcessJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exits_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("success") << u"/bin/sh"_s << QStringList{u"-c"_s, u"exit 0"_s}
                                 << int(ProcessExit::Status::Exited) << 0;
        QTest::newRow("exit code") << u"/bin/sh"_s << QStringList{u"-c"_s, u"exit 3"_s}
                                   << int(ProcessExit::Status::Exited) << 3;
        QTest::newRow("killed by a signal")
            << u"/bin/sh"_s << QStringList{u"-c"_s, u"kill -SEGV $$"_s}
            << int(ProcessExit::Status::Crashed) << -1;
        QTest::newRow("no such program")
            << u"/nonexistent/khepri-no-such-program"_s << QStringList{}
            << int(ProcessExit::Status::FailedToStart) << -1;
    }

    void exits()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, arguments);
        ProcessJob job;
        job.setProgram(program, arguments);
        QSignalSpy spy(&job, &ProcessJob::finished);
        QVERIFY(job.start());
        QCOMPARE(spy.count(), 0); // never from within start()
        QVERIFY(job.isRunning());
        QVERIFY(spy.wait(20000));
        QTest::qWait(50); // nothing more follows
        QCOMPARE(spy.count(), 1);
        const ProcessExit exit = exitOf(spy);
        QTEST(int(exit.status), "status");
        QTEST(exit.exitCode, "exitCode");
        QCOMPARE(exit.succeeded(),
                 exit.status == ProcessExit::Status::Exited && exit.exitCode == 0);
        if (exit.status == ProcessExit::Status::FailedToStart)
            QVERIFY(!exit.errorString.isEmpty());
        QVERIFY(!job.isRunning());
        QCOMPARE(job.processId(), 0);
    }

    void outputs()
    {
        ProcessJob job;
        runShell(job, u"echo out; echo err >&2; exit 0"_s);
        QSignalSpy spy(&job, &ProcessJob::finished);
        QVERIFY(job.start());
        QVERIFY(spy.wait(20000));
        QCOMPARE(job.readAllStandardOutput(), QByteArray("out\n"));
        QCOMPARE(job.readAllStandardError(), QByteArray("err\n"));

        job.setMergedChannels(true);
        QVERIFY(job.start()); // again, after finished()
        QVERIFY(spy.wait(20000));
        QCOMPARE(job.readAllStandardOutput(), QByteArray("out\nerr\n"));
        QCOMPARE(job.readAllStandardError(), QByteArray());
    }

    void oneRunAtATime()
    {
        ProcessJob job;
        runShell(job, u"sleep 30"_s);
        QSignalSpy spy(&job, &ProcessJob::finished);
        QVERIFY(job.start());
        QVERIFY(!job.start());
        job.setCancelGracePeriod(0);
        job.cancel();
        QVERIFY(spy.wait(20000));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(int(exitOf(spy).status), int(ProcessExit::Status::Cancelled));
    }

    // The leader, a grandchild honouring SIGTERM, one ignoring it, and a
    // leader ignoring it: all of them end, reported as Cancelled.
    void cancelEndsTheGroup_data()
    {
        QTest::addColumn<QString>("script");
        QTest::newRow("all honour SIGTERM") << u"sleep 1000 & echo $!; wait"_s;
        QTest::newRow("grandchild ignores SIGTERM")
            << u"(trap '' TERM; exec sleep 1000) & echo $!; wait"_s;
        QTest::newRow("everyone ignores SIGTERM")
            << u"trap '' TERM; sleep 1000 & echo $!; while :; do wait; done"_s;
    }

    void cancelEndsTheGroup()
    {
        QFETCH(QString, script);
        ProcessJob job;
        job.setCancelGracePeriod(300);
        runShell(job, script);
        QSignalSpy spy(&job, &ProcessJob::finished);
        QVERIFY(job.start());
        QByteArray out;
        const qint64 grandchild = firstLinePid(job, out);
        QVERIFY2(grandchild > 0, out.constData());
        const qint64 leader = job.processId();
        QVERIFY(leader > 0);
        QVERIFY(alive(leader));
        QVERIFY(alive(grandchild));
        job.cancel();
        QVERIFY(spy.wait(20000));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(int(exitOf(spy).status), int(ProcessExit::Status::Cancelled));
        QTRY_VERIFY_WITH_TIMEOUT(!alive(grandchild), 10000);
        QVERIFY(!alive(leader));
    }

    void cancelWhileStarting()
    {
        ProcessJob job;
        runShell(job, u"sleep 1000"_s);
        QSignalSpy spy(&job, &ProcessJob::finished);
        QVERIFY(job.start());
        job.cancel(); // before started(): sent once it has
        QVERIFY(spy.wait(20000));
        QCOMPARE(int(exitOf(spy).status), int(ProcessExit::Status::Cancelled));
    }

    void destructionLeavesNoProcess()
    {
        auto job = std::make_unique<ProcessJob>();
        runShell(*job, u"trap '' TERM; sleep 1000 & echo $!; while :; do wait; done"_s);
        QSignalSpy spy(job.get(), &ProcessJob::finished);
        QVERIFY(job->start());
        QByteArray out;
        const qint64 grandchild = firstLinePid(*job, out);
        QVERIFY2(grandchild > 0, out.constData());
        const qint64 leader = job->processId();
        job.reset();
        QVERIFY(!alive(leader));
        QTRY_VERIFY_WITH_TIMEOUT(!alive(grandchild), 10000);
        QCOMPARE(spy.count(), 0); // nothing reported
    }

    void temporaryDirectoriesRemoved()
    {
        ProcessJob job;
        auto dir = std::make_unique<QTemporaryDir>();
        QVERIFY(dir->isValid());
        const QString path = dir->path();
        QVERIFY(QFile(dir->filePath(u"helper"_s)).open(QIODevice::WriteOnly));
        job.ownTemporaryDirectory(std::move(dir));
        runShell(job, u"exit 0"_s);
        QSignalSpy spy(&job, &ProcessJob::finished);
        QVERIFY(job.start());
        QVERIFY(QFile::exists(path)); // while it runs
        QVERIFY(spy.wait(20000));
        QVERIFY(!QFile::exists(path));

        // And when the job goes while it runs.
        auto running = std::make_unique<ProcessJob>();
        auto second = std::make_unique<QTemporaryDir>();
        const QString secondPath = second->path();
        running->ownTemporaryDirectory(std::move(second));
        runShell(*running, u"sleep 1000"_s);
        QVERIFY(running->start());
        QVERIFY(QFile::exists(secondPath));
        running.reset();
        QVERIFY(!QFile::exists(secondPath));
    }

    // The argument list reaches the program as it is: no shell sees it.
    void argumentsAreNotShellSyntax()
    {
        ProcessJob job;
        const QString hostile = u"$(touch /tmp/khepri-pwned); `id` 'a\"b' \\ ;|&"_s;
        job.setProgram(u"/bin/echo"_s, {hostile});
        QSignalSpy spy(&job, &ProcessJob::finished);
        QVERIFY(job.start());
        QVERIFY(spy.wait(20000));
        QCOMPARE(QString::fromUtf8(job.readAllStandardOutput()), hostile + u'\n');
    }
};

QTEST_GUILESS_MAIN(TestProcessJob)
#include "tst_processjob.moc"
