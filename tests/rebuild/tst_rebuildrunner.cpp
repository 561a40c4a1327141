// RebuildRunner end to end with a stand-in for nixos-rebuild: nixos-rebuild
// cannot run on the test machine (it is not NixOS), so fake-nixos-rebuild.sh
// replays output recorded from the real one and exits with the code the test
// chooses. Asserted: phases and progress as signals, the log model, the one
// typed result (success, failure with exit code and the error's file and
// line, cancelled), streaming while it runs, cancel taking down the whole
// process group (the stand-in spawns a `sleep`; afterwards neither exists),
// SIGKILL after the grace period when SIGTERM is ignored, the preflight
// running first and blocking, and the askpass environment sudo -A gets.

#include <csignal>

#include <signal.h>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "rebuildlogmodel.h"
#include "rebuildrunner.h"
#include "rebuildtestdata.h"

using namespace khepri;
using namespace Qt::StringLiterals;
using khepri::test::fakeRebuild;
using khepri::test::rebuildData;

namespace {

// A zombie (exited, not yet reaped by whoever inherited it) no longer runs.
bool processRuns(qint64 pid)
{
    if (::kill(pid_t(pid), 0) != 0)
        return false;
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close < 0 || text.mid(close + 2, 1) != "Z";
}

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

const char *const kScenarioVariables[] = {"FAKE_REBUILD_OUTPUT", "FAKE_REBUILD_JSON_OUTPUT",
                                          "FAKE_REBUILD_EXIT",   "FAKE_REBUILD_HELP",
                                          "FAKE_REBUILD_ARGS",   "FAKE_REBUILD_ENV",
                                          "FAKE_REBUILD_PIDS",   "FAKE_REBUILD_IGNORE_TERM"};

} // namespace

class TestRebuildRunner : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    RebuildPlan plan(Privilege privilege = Privilege::Root) const
    {
        RebuildPlan p;
        p.action = RebuildAction::Switch;
        p.source = Source::flake(u"path:/x#web"_s).value();
        p.privilege = privilege;
        p.nixosRebuild = fakeRebuild();
        p.khepriProgram = u"/usr/bin/khepri"_s;
        p.localHostName = u"desk"_s;
        return p;
    }

    static void scenario(const QString &output, int exitCode = 0)
    {
        qputenv("FAKE_REBUILD_OUTPUT", rebuildData(output).toUtf8());
        qputenv("FAKE_REBUILD_EXIT", QByteArray::number(exitCode));
    }

    static RebuildResult waitForResult(RebuildRunner &, QSignalSpy &finished)
    {
        if (finished.isEmpty() && !finished.wait(60000))
            return {};
        return finished.first().first().value<RebuildResult>();
    }

private Q_SLOTS:
    void init()
    {
        for (const char *name : kScenarioVariables)
            qunsetenv(name);
        qputenv("FAKE_REBUILD_ARGS", path(u"args"_s).toUtf8());
        qputenv("FAKE_REBUILD_ENV", path(u"env"_s).toUtf8());
        QFile::remove(path(u"args"_s));
        QFile::remove(path(u"env"_s));
        QFile::remove(path(u"pids"_s));
    }

    void switchSucceeds()
    {
        scenario(u"switch-plain.log"_s);
        RebuildRunner runner;
        QSignalSpy phases(&runner, &RebuildRunner::phaseChanged);
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        RebuildPlan p = plan();
        p.structuredLog = false;
        QVERIFY(runner.start(p));
        QVERIFY(runner.isRunning());
        QTest::ignoreMessage(QtWarningMsg, "a rebuild is already running");
        QVERIFY(!runner.start(p)); // one at a time
        const RebuildResult result = waitForResult(runner, finished);

        QCOMPARE(result.status, RebuildResult::Status::Succeeded);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.action, RebuildAction::Switch);
        QCOMPARE(result.units.restarted, (QStringList{u"docker-paperless_db.service"_s,
                                                      u"docker-paperless_broker.service"_s}));
        QCOMPARE(result.units.stopped, QStringList{u"docker-paperless_web.service"_s});
        QVERIFY(result.diagnostics.isEmpty());
        QCOMPARE(finished.size(), 1);
        QVERIFY(!runner.isRunning());

        QList<RebuildPhase> seen;
        for (const auto &args : std::as_const(phases))
            seen.append(args.first().value<RebuildPhase>());
        using P = RebuildPhase;
        QCOMPARE(seen, (QList<P>{P::Preparing, P::Evaluating, P::Building, P::Downloading,
                                 P::Building, P::Activating, P::Done}));
        QCOMPARE(runner.progress(), (RebuildProgress{4, 4, 0, 0}));

        // The exact argument vector reached the process.
        QCOMPARE(readAll(path(u"args"_s)), u"switch\n--flake\npath:/x#web\n"_s);
        // It leads its own process group (cancel signals all of it).
        const QString env = readAll(path(u"env"_s));
        const QString pgid = env.section(u"PGID="_s, 1, 1).section(u'\n', 0, 0);
        const QString pid = env.section(u"\nPID="_s, 1, 1).section(u'\n', 0, 0);
        QVERIFY(!pid.isEmpty());
        QCOMPARE(pgid, pid);

        const RebuildLogModel *log = runner.logModel();
        QCOMPARE(log->entry(0).text, u"$ "_s + fakeRebuild() + u" switch --flake path:/x#web"_s);
        QCOMPARE(log->rowCount(), 1 + 25);
        QCOMPARE(log->entry(log->rowCount() - 1).text,
                 u"the following new units were started: docker-paperless_tika.service"_s);
    }

    void structuredLogWhenSupported()
    {
        // nixos-rebuild-ng's --help lists --log-format: the runner asks for
        // nix's structured log and reads its progress results.
        scenario(u"switch-plain.log"_s);
        qputenv("FAKE_REBUILD_JSON_OUTPUT", rebuildData(u"switch-json.log"_s).toUtf8());
        qputenv("FAKE_REBUILD_HELP", rebuildData(u"help-ng.txt"_s).toUtf8());
        RebuildRunner runner;
        QSignalSpy progress(&runner, &RebuildRunner::progressChanged);
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        runner.start(plan()); // structuredLog unset: probe
        QCOMPARE(waitForResult(runner, finished).status, RebuildResult::Status::Succeeded);
        QCOMPARE(readAll(path(u"args"_s)),
                 u"switch\n--flake\npath:/x#web\n--log-format\ninternal-json\n"_s);
        QList<RebuildProgress> seen;
        for (const auto &args : std::as_const(progress))
            seen.append(args.first().value<RebuildProgress>());
        QVERIFY(seen.contains(RebuildProgress{2, 4, 0, 0}));
        QVERIFY(seen.contains(RebuildProgress{4, 4, 0, 0}));
        QCOMPARE(runner.progress(), (RebuildProgress{4, 4, 0, 0}));
    }

    void plainWhenNotSupported()
    {
        scenario(u"switch-plain.log"_s);
        qputenv("FAKE_REBUILD_HELP", rebuildData(u"help-bash.txt"_s).toUtf8());
        RebuildRunner runner;
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        RebuildPlan p = plan();
        p.targetHost = u"alice@web.lan"_s;
        p.remoteSudo = true;
        runner.start(p);
        QCOMPARE(waitForResult(runner, finished).status, RebuildResult::Status::Succeeded);
        QCOMPARE(readAll(path(u"args"_s)),
                 u"switch\n--flake\npath:/x#web\n--target-host\nalice@web.lan\n"
                 u"--use-remote-sudo\n"_s);
        const QString env = readAll(path(u"env"_s));
        QVERIFY(env.contains(u"SSH_ASKPASS_REQUIRE=force\n"_s));
        QVERIFY(env.contains(u"KHEPRI_ASKPASS_KEY=ssh@alice@web.lan\n"_s));
        const QString helper = env.section(u"SSH_ASKPASS="_s, 1, 1).section(u'\n', 0, 0);
        QVERIFY(helper.endsWith(u"/askpass"_s));
        QVERIFY2(!QFile::exists(helper), "the askpass helper is removed after the rebuild");
    }

    void evaluationErrorFails_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("structured");
        QTest::newRow("plain") << u"eval-error-plain.log"_s << false;
        QTest::newRow("internal-json") << u"eval-error-json.log"_s << true;
    }

    void evaluationErrorFails()
    {
        QFETCH(QString, file);
        QFETCH(bool, structured);
        scenario(file, 1);
        RebuildRunner runner;
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        QSignalSpy diagnostics(&runner, &RebuildRunner::diagnostic);
        RebuildPlan p = plan();
        p.structuredLog = structured;
        runner.start(p);
        const RebuildResult result = waitForResult(runner, finished);
        QCOMPARE(result.status, RebuildResult::Status::Failed);
        QCOMPARE(result.exitCode, 1);
        QCOMPARE(result.error.message, u"undefined variable 'pkgs'"_s);
        QCOMPARE(result.error.file,
                 u"/nix/store/scnl5p1mxw1qmj47f65hi2bi8vhr9zl5-source/khepri-compositions.nix"_s);
        QCOMPARE(result.error.line, 14);
        QCOMPARE(result.error.column, 19);
        QVERIFY(result.error.hint.contains(u"exited with code 1"_s));
        QCOMPARE(diagnostics.size(), 1);
        QCOMPARE(runner.phase(), RebuildPhase::Failed);

        const RebuildLogModel *log = runner.logModel();
        bool located = false;
        for (int row = 0; row < log->rowCount(); ++row)
            located |= log->index(row).data(RebuildLogModel::LineRole).toInt() == 14;
        QVERIFY(located);
    }

    void exitStatus_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("status");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("build failure") << u"build-failure-plain.log"_s << 1
                                       << int(RebuildResult::Status::Failed) << ErrorCode::Build;
        QTest::newRow("silent failure, code 4")
            << QString() << 4 << int(RebuildResult::Status::Failed) << ErrorCode::RebuildFailed;
        QTest::newRow("success despite errors printed")
            << u"dry-activate-plain.log"_s << 0 << int(RebuildResult::Status::Succeeded)
            << ErrorCode::None;
    }

    void exitStatus()
    {
        QFETCH(QString, file);
        QFETCH(int, exitCode);
        QFETCH(int, status);
        QFETCH(ErrorCode, code);
        if (!file.isEmpty())
            scenario(file, exitCode);
        else
            qputenv("FAKE_REBUILD_EXIT", QByteArray::number(exitCode));
        RebuildRunner runner;
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        RebuildPlan p = plan();
        p.structuredLog = false;
        runner.start(p);
        const RebuildResult result = waitForResult(runner, finished);
        QCOMPARE(int(result.status), status);
        QCOMPARE(result.exitCode, exitCode);
        QCOMPARE(result.error.code, code);
        if (code == ErrorCode::RebuildFailed)
            QCOMPARE(result.error.message, u"nixos-rebuild exited with code 4"_s);
    }

    void missingProgram()
    {
        RebuildRunner runner;
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        RebuildPlan p = plan();
        p.nixosRebuild = path(u"no-such-nixos-rebuild"_s);
        p.structuredLog = false;
        runner.start(p);
        const RebuildResult result = waitForResult(runner, finished);
        QCOMPARE(result.status, RebuildResult::Status::Failed);
        QCOMPARE(result.error.code, ErrorCode::NixosRebuildMissing);
        QCOMPARE(result.exitCode, -1);
    }

    void streamsWhileRunning()
    {
        scenario(u"slow-plain.log"_s);
        RebuildRunner runner;
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        RebuildPlan p = plan();
        p.structuredLog = false;
        runner.start(p);
        // Lines arrive as they are printed, long before the end.
        QTRY_VERIFY_WITH_TIMEOUT(runner.logModel()->rowCount() >= 4, 20000);
        QVERIFY(runner.isRunning());
        QCOMPARE(runner.phase(), RebuildPhase::Building);
        QVERIFY(runner.progress().expected == 4);
        QVERIFY(finished.isEmpty());
        runner.cancel();
        QCOMPARE(waitForResult(runner, finished).status, RebuildResult::Status::Cancelled);
    }

    void cancelStopsTheProcessGroup_data()
    {
        QTest::addColumn<bool>("ignoreTerm");
        QTest::newRow("SIGTERM") << false;
        QTest::newRow("SIGKILL after the grace period") << true;
    }

    void cancelStopsTheProcessGroup()
    {
        QFETCH(bool, ignoreTerm);
        scenario(u"slow-plain.log"_s);
        qputenv("FAKE_REBUILD_PIDS", path(u"pids"_s).toUtf8());
        if (ignoreTerm)
            qputenv("FAKE_REBUILD_IGNORE_TERM", "1");
        RebuildRunner runner;
        runner.setCancelGracePeriod(500);
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        RebuildPlan p = plan();
        p.structuredLog = false;
        runner.start(p);
        QTRY_VERIFY_WITH_TIMEOUT(!readAll(path(u"pids"_s)).trimmed().isEmpty(), 20000);
        const QStringList pids = readAll(path(u"pids"_s)).split(u' ', Qt::SkipEmptyParts);
        QCOMPARE(pids.size(), 2);
        const qint64 script = pids.at(0).toLongLong();
        const qint64 sleeper = pids.at(1).trimmed().toLongLong();
        QCOMPARE(runner.processId(), script);
        QVERIFY(processRuns(script));
        QVERIFY(processRuns(sleeper));

        runner.cancel();
        const RebuildResult result = waitForResult(runner, finished);
        QCOMPARE(result.status, RebuildResult::Status::Cancelled);
        QCOMPARE(result.error.code, ErrorCode::Cancelled);
        QCOMPARE(runner.phase(), RebuildPhase::Cancelled);
        QTRY_VERIFY_WITH_TIMEOUT(!processRuns(script), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!processRuns(sleeper), 10000);
        QCOMPARE(finished.size(), 1);
    }

    void preflightRunsFirst()
    {
        scenario(u"switch-plain.log"_s);
        RebuildRunner runner;
        bool ran = false;
        bool rebuildStartedBefore = true;
        runner.setPreflight([&](const RebuildPreflightDone &done) {
            ran = true;
            QCOMPARE(runner.phase(), RebuildPhase::Preparing);
            rebuildStartedBefore = QFile::exists(path(u"args"_s));
            // Answers later, from the event loop, as a save would.
            QTimer::singleShot(200, &runner, [done] { done(true); });
        });
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        RebuildPlan p = plan();
        p.structuredLog = false;
        runner.start(p);
        QVERIFY(ran);
        QVERIFY(!rebuildStartedBefore);
        QCOMPARE(waitForResult(runner, finished).status, RebuildResult::Status::Succeeded);
        QVERIFY(QFile::exists(path(u"args"_s)));
    }

    void preflightBlocks_data()
    {
        QTest::addColumn<bool>("declined");
        QTest::newRow("validation error") << false;
        QTest::newRow("user declined saving") << true;
    }

    void preflightBlocks()
    {
        QFETCH(bool, declined);
        scenario(u"switch-plain.log"_s);
        RebuildRunner runner;
        runner.setPreflight([&](const RebuildPreflightDone &done) {
            if (declined)
                done(false);
            else
                done(Error::make(ErrorCode::Validation,
                                 u"service \"web\" publishes port 80 twice"_s,
                                 u"Remove one of the two port mappings."_s)
                         .at(u"/srv/cfg/khepri-compositions.nix"_s, 12, 7));
        });
        QSignalSpy phases(&runner, &RebuildRunner::phaseChanged);
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        RebuildPlan p = plan();
        p.structuredLog = false;
        runner.start(p);
        const RebuildResult result = waitForResult(runner, finished);
        QVERIFY(!QFile::exists(path(u"args"_s))); // nixos-rebuild never ran
        for (const auto &args : std::as_const(phases))
            QVERIFY(args.first().value<RebuildPhase>() != RebuildPhase::Evaluating);
        if (declined) {
            QCOMPARE(result.status, RebuildResult::Status::Cancelled);
        } else {
            QCOMPARE(result.status, RebuildResult::Status::Failed);
            QCOMPARE(result.error.code, ErrorCode::Validation);
            QCOMPARE(result.error.line, 12);
            QVERIFY(runner.logModel()->text().contains(u"publishes port 80 twice"_s));
        }
    }

    void cancelDuringPreflight()
    {
        scenario(u"switch-plain.log"_s);
        RebuildRunner runner;
        RebuildPreflightDone pending;
        runner.setPreflight([&](const RebuildPreflightDone &done) { pending = done; });
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        RebuildPlan p = plan();
        p.structuredLog = false;
        runner.start(p);
        runner.cancel();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<RebuildResult>().status,
                 RebuildResult::Status::Cancelled);
        pending(true); // a late answer starts nothing
        QTest::qWait(300);
        QVERIFY(!QFile::exists(path(u"args"_s)));
        QCOMPARE(finished.size(), 1);
    }

    void sudoGetsTheAskpassHelper()
    {
        // sudo is not installed here; a stand-in records how it is called
        // and what the askpass helper it is given says, then runs the command.
        QTemporaryDir bin;
        QFile sudo(bin.filePath(u"sudo"_s));
        QVERIFY(sudo.open(QIODevice::WriteOnly));
        sudo.write("#!/bin/sh\n"
                   "printf '%s\\n' \"$@\" > \"$FAKE_SUDO_ARGS\"\n"
                   "cat \"$SUDO_ASKPASS\" > \"$FAKE_SUDO_HELPER\"\n"
                   "ls -ld \"$SUDO_ASKPASS\" | cut -c1-10 >> \"$FAKE_SUDO_HELPER\"\n"
                   "[ \"$1\" = -A ] && [ \"$2\" = -- ] || exit 99\n"
                   "shift 2\n"
                   "exec \"$@\"\n");
        sudo.close();
        QVERIFY(sudo.setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const QByteArray oldPath = qgetenv("PATH");
        qputenv("PATH", bin.path().toUtf8() + ':' + oldPath);
        qputenv("FAKE_SUDO_ARGS", path(u"sudo-args"_s).toUtf8());
        qputenv("FAKE_SUDO_HELPER", path(u"sudo-helper"_s).toUtf8());
        scenario(u"switch-plain.log"_s);

        RebuildRunner runner;
        QSignalSpy finished(&runner, &RebuildRunner::finished);
        RebuildPlan p = plan(Privilege::Sudo);
        p.structuredLog = false;
        runner.start(p);
        const RebuildResult result = waitForResult(runner, finished);
        qputenv("PATH", oldPath);
        QCOMPARE(result.status, RebuildResult::Status::Succeeded);
        QCOMPARE(readAll(path(u"sudo-args"_s)),
                 u"-A\n--\n"_s + fakeRebuild() + u"\nswitch\n--flake\npath:/x#web\n"_s);
        const QString env = readAll(path(u"env"_s));
        QVERIFY(env.contains(u"KHEPRI_ASKPASS_KEY=sudo@desk\n"_s));
        const QString helper = readAll(path(u"sudo-helper"_s));
        QVERIFY(helper.contains(u"exec '/usr/bin/khepri' askpass -- \"$@\"\n"_s));
        QVERIFY(helper.endsWith(u"-rwx------\n"_s));
    }
};

QTEST_GUILESS_MAIN(TestRebuildRunner)
#include "tst_rebuildrunner.moc"
