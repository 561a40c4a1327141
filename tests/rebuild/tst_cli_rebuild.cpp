// `khepri rebuild` end to end: the real binary with KHEPRI_NIXOS_REBUILD
// pointing at a stand-in, since nixos-rebuild cannot run on the test machine
// (fake-nixos-rebuild.sh replays recorded output and exits with a chosen
// code). Exit status 0 / 1 / 2, the summary with the units that changed, the
// error with file and line, the log only with -v, plain lines when stdout is
// not a terminal, the privilege remembered per host without any secret, the
// target host remembered per host and said before every run.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "rebuildtestdata.h"
#include "testsupport.h"

using namespace Qt::StringLiterals;
using khepri::test::fakeRebuild;
using khepri::test::khepriBinary;
using khepri::test::rebuildData;

using Run = khepri::test::KhepriRun;

class TestCliRebuild : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QProcessEnvironment environment(const QString &output, int exitCode = 0) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"KHEPRI_NIXOS_REBUILD"_s, fakeRebuild());
        if (!output.isEmpty())
            env.insert(u"FAKE_REBUILD_OUTPUT"_s, rebuildData(output));
        env.insert(u"FAKE_REBUILD_EXIT"_s, QString::number(exitCode));
        env.insert(u"FAKE_REBUILD_HELP"_s, rebuildData(u"help-bash.txt"_s));
        env.insert(u"FAKE_REBUILD_ARGS"_s, m_dir.filePath(u"args"_s));
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        return env;
    }

    static Run khepri(const QStringList &args, const QProcessEnvironment &env)
    {
        return khepri::test::runKhepri(args, env, 120000);
    }

private Q_SLOTS:
    void switchSucceeds()
    {
        const Run r = khepri({u"rebuild"_s, u"switch"_s, u"--flake"_s, u"path:/x#host"_s},
                             environment(u"switch-plain.log"_s));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(u"switch of flake path:/x#host succeeded.\n"_s));
        QVERIFY(r.out.contains(
            u"  restarted: docker-paperless_db.service, docker-paperless_broker.service\n"_s));
        QVERIFY(r.out.contains(u"  reloaded: dbus.service\n"_s));
        // Not a terminal: plain phase lines, no progress line, no log.
        QVERIFY(r.out.contains(u"khepri: building\n"_s));
        QVERIFY(r.out.contains(u"khepri: activating\n"_s));
        QVERIFY(!r.out.contains(u'\r'));
        QVERIFY(!r.out.contains(u"setting up /etc..."_s));
        QFile args(m_dir.filePath(u"args"_s));
        QVERIFY(args.open(QIODevice::ReadOnly));
        QCOMPARE(args.readAll(), QByteArray("switch\n--flake\npath:/x#host\n"));
    }

    void verbosePrintsTheLog()
    {
        const Run r = khepri({u"rebuild"_s, u"--flake"_s, u"path:/x#host"_s, u"-v"_s},
                             environment(u"switch-plain.log"_s));
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(u"$ "_s + fakeRebuild() + u" switch --flake path:/x#host\n"_s));
        QVERIFY(r.out.contains(u"building the system configuration...\n"_s));
        QVERIFY(r.out.contains(u"setting up /etc...\n"_s));
        QVERIFY(r.out.contains(u"starting the following units: docker-paperless_web.service, "
                               u"khepri-paperless.target\n"_s));
    }

    void evaluationErrorExitsOne()
    {
        const Run r = khepri({u"rebuild"_s, u"test"_s, u"--flake"_s, u"path:/x#host"_s},
                             environment(u"eval-error-plain.log"_s, 1));
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(u"khepri: test of flake path:/x#host failed:\n"
                               u"/nix/store/scnl5p1mxw1qmj47f65hi2bi8vhr9zl5-source/"
                               u"khepri-compositions.nix:14:19: undefined variable 'pkgs'\n"_s));
        QVERIFY(r.err.contains(u"nixos-rebuild exited with code 1."_s));
        QVERIFY(r.err.contains(u"command = [ pkgs.hello ];"_s)); // the error's lines
    }

    void failureCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("output");
        QTest::addColumn<int>("rebuildExit");
        QTest::addColumn<bool>("missingRebuild");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QStringList flake{u"--flake"_s, u"path:/x#host"_s};
        QTest::newRow("build failure")
            << (QStringList{u"rebuild"_s} + flake) << u"build-failure-plain.log"_s << 1 << false
            << 1 << u"failed with exit code 1"_s;
        QTest::newRow("silent exit 100") << (QStringList{u"rebuild"_s} + flake) << QString() << 100
                                         << false << 1 << u"nixos-rebuild exited with code 100"_s;
        QTest::newRow("nixos-rebuild missing") << (QStringList{u"rebuild"_s} + flake) << QString()
                                               << 0 << true << 2 << u"KHEPRI_NIXOS_REBUILD names"_s;
        QTest::newRow("--file") << QStringList{u"rebuild"_s, u"--file"_s, u"/x/c.nix"_s}
                                << QString() << 0 << false << 2
                                << u"--file names a compositions file"_s;
        QTest::newRow("unknown action")
            << (QStringList{u"rebuild"_s, u"upgrade"_s} + flake) << QString() << 0 << false << 2
            << u"unknown rebuild action \"upgrade\""_s;
        QTest::newRow("unknown privilege")
            << (QStringList{u"rebuild"_s, u"--privilege"_s, u"doas"_s} + flake) << QString() << 0
            << false << 2 << u"unknown privilege \"doas\""_s;
        QTest::newRow("bad target host")
            << (QStringList{u"rebuild"_s, u"--target-host"_s, u"-oProxyCommand=x"_s} + flake)
            << QString() << 0 << false << 2 << u"invalid target host"_s;
    }

    void failureCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, output);
        QFETCH(int, rebuildExit);
        QFETCH(bool, missingRebuild);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QProcessEnvironment env = environment(output, rebuildExit);
        if (missingRebuild)
            env.insert(u"KHEPRI_NIXOS_REBUILD"_s, m_dir.filePath(u"nowhere/nixos-rebuild"_s));
        const Run r = khepri(args, env);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    QString recordedArgs() const
    {
        QFile args(m_dir.filePath(u"args"_s));
        return args.open(QIODevice::ReadOnly) ? QString::fromUtf8(args.readAll()) : QString();
    }

    // A target given once is remembered; every later run says so before it
    // starts, and --target-host local / --forget-target bring it back here.
    void targetHostRememberedAndSaid()
    {
        const QStringList flake{u"--privilege"_s, u"none"_s, u"--flake"_s, u"path:/x#tgt"_s};
        const QProcessEnvironment env = environment(u"switch-plain.log"_s);

        Run r = khepri(QStringList{u"rebuild"_s, u"--target-host"_s, u"root@a"_s} + flake, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(u"khepri: deploying to root@a\n"_s), qPrintable(r.out));
        QVERIFY(recordedArgs().contains(u"--target-host\nroot@a\n"_s));

        // Not given: remembered, and said before the run.
        r = khepri(QStringList{u"rebuild"_s} + flake, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(
                     u"khepri: deploying to root@a (remembered; --target-host local to change)\n"
                     u"khepri: "_s),
                 qPrintable(r.out));
        QVERIFY(recordedArgs().contains(u"--target-host\nroot@a\n"_s));

        // Another host's rebuilds are not affected.
        r = khepri({u"rebuild"_s, u"--privilege"_s, u"none"_s, u"--flake"_s, u"path:/x#other"_s},
                   env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.out.contains(u"root@a"_s));
        QVERIFY(!recordedArgs().contains(u"--target-host"_s));

        // "local" deploys here and replaces the remembered target.
        r = khepri(QStringList{u"rebuild"_s, u"--target-host"_s, u"local"_s} + flake, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(
                     u"khepri: deploying to this machine instead of the remembered root@a\n"_s),
                 qPrintable(r.out));
        QVERIFY(!recordedArgs().contains(u"--target-host"_s));
        r = khepri(QStringList{u"rebuild"_s} + flake, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.out.contains(u"deploying to"_s), qPrintable(r.out));
        QVERIFY(!recordedArgs().contains(u"--target-host"_s));
    }

    void forgetTarget()
    {
        const QStringList flake{u"--flake"_s, u"path:/x#forget"_s};
        const QProcessEnvironment env = environment(u"switch-plain.log"_s);
        Run r = khepri(
            QStringList{u"rebuild"_s, u"--privilege"_s, u"none"_s, u"--target-host"_s, u"root@b"_s}
                + flake,
            env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile::remove(m_dir.filePath(u"args"_s));

        r = khepri(QStringList{u"rebuild"_s, u"--forget-target"_s} + flake, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, u"khepri: forgot the target host root@b of forget; its rebuilds deploy to "
                        u"this machine unless --target-host is given.\n"_s);
        QVERIFY2(recordedArgs().isEmpty(), "--forget-target must not rebuild");
        QFile conf(m_dir.filePath(u"config/khepri/khepri.conf"_s));
        QVERIFY(conf.open(QIODevice::ReadOnly));
        QVERIFY(!conf.readAll().contains("root@b"));

        r = khepri(QStringList{u"rebuild"_s, u"--forget-target"_s} + flake, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(u"no target host was remembered for forget"_s));

        r = khepri(QStringList{u"rebuild"_s, u"switch"_s, u"--forget-target"_s} + flake, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"--forget-target only forgets"_s), qPrintable(r.err));

        r = khepri({u"rebuild"_s, u"--help"_s}, env);
        QVERIFY(r.out.contains(u"--forget-target"_s));
        QVERIFY(r.out.contains(u"--target-host local"_s));
    }

    void privilegeRememberedWithoutSecrets()
    {
        const Run r = khepri(
            {u"rebuild"_s, u"--privilege"_s, u"none"_s, u"--flake"_s, u"path:/x#remembered"_s},
            environment(u"switch-plain.log"_s));
        QCOMPARE(r.exitCode, 0);
        QFile conf(m_dir.filePath(u"config/khepri/khepri.conf"_s));
        QVERIFY(conf.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(conf.readAll());
        QVERIFY2(text.contains(u"[rebuild]"_s) || text.contains(u"[rebuild/remembered]"_s),
                 qPrintable(text));
        QVERIFY(text.contains(u"privilege=none"_s));
        QVERIFY(!text.contains(u"pass"_s, Qt::CaseInsensitive));
    }
};

QTEST_GUILESS_MAIN(TestCliRebuild)
#include "tst_cli_rebuild.moc"
