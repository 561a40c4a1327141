// The nixos-rebuild command line for every privilege mode, argument by
// argument and with the exact environment the child gets (no shell, no secret
// anywhere); option detection from recorded `nixos-rebuild --help` texts;
// finding nixos-rebuild; the default privilege; per-host choices in
// QSettings; the askpass request and helper script.

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "askpass.h"
#include "display.h"
#include "rebuildcommand.h"
#include "rebuildsettings.h"
#include "rebuildtestdata.h"

Q_DECLARE_METATYPE(khepri::RebuildPlan)

using namespace khepri;
using namespace Qt::StringLiterals;
using khepri::test::fakeRebuild;
using khepri::test::rebuildData;

namespace {
RebuildPlan plan(Privilege privilege, const QString &target = {}, bool remoteSudo = false)
{
    RebuildPlan p;
    p.action = RebuildAction::Switch;
    p.source = Source::flake(u"path:/srv/cfg#web"_s).value();
    p.privilege = privilege;
    p.targetHost = target;
    p.remoteSudo = remoteSudo;
    p.nixosRebuild = u"/run/current-system/sw/bin/nixos-rebuild"_s;
    p.localHostName = u"desk"_s;
    p.askpassHelper = u"/tmp/khepri-askpass-x/askpass"_s;
    p.askpassStateDir = u"/tmp/khepri-askpass-x/state"_s;
    p.structuredLog = false;
    return p;
}

QStringList environmentOf(const RebuildCommand &command)
{
    QStringList env;
    for (const auto &[name, value] : command.environment)
        env.append(name + u'=' + value);
    return env;
}

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
} // namespace

class TestRebuildCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void commandLine_data()
    {
        QTest::addColumn<RebuildPlan>("input");
        QTest::addColumn<bool>("newStyle");
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("environment");

        const QString nr = u"/run/current-system/sw/bin/nixos-rebuild"_s;
        const QStringList base{u"switch"_s, u"--flake"_s, u"path:/srv/cfg#web"_s};
        QTest::newRow("root") << plan(Privilege::Root) << false << nr << base << QStringList{};
        QTest::newRow("none") << plan(Privilege::None) << false << nr << base << QStringList{};
        QTest::newRow("pkexec") << plan(Privilege::Pkexec) << false << u"pkexec"_s
                                << (QStringList{nr} + base) << QStringList{};
        QTest::newRow("sudo") << plan(Privilege::Sudo) << false << u"sudo"_s
                              << (QStringList{u"-A"_s, u"--"_s, nr} + base)
                              << QStringList{u"SUDO_ASKPASS=/tmp/khepri-askpass-x/askpass"_s,
                                             u"KHEPRI_ASKPASS_KEY=sudo@desk"_s,
                                             u"KHEPRI_ASKPASS_STATE=/tmp/khepri-askpass-x/state"_s};
        const QStringList ssh{u"SSH_ASKPASS=/tmp/khepri-askpass-x/askpass"_s,
                              u"SSH_ASKPASS_REQUIRE=force"_s,
                              u"KHEPRI_ASKPASS_KEY=ssh@alice@web.lan"_s,
                              u"KHEPRI_ASKPASS_STATE=/tmp/khepri-askpass-x/state"_s};
        QTest::newRow("remote as root")
            << plan(Privilege::None, u"root@web.lan"_s) << false << nr
            << (base + QStringList{u"--target-host"_s, u"root@web.lan"_s})
            << QStringList{u"SSH_ASKPASS=/tmp/khepri-askpass-x/askpass"_s,
                           u"SSH_ASKPASS_REQUIRE=force"_s, u"KHEPRI_ASKPASS_KEY=ssh@root@web.lan"_s,
                           u"KHEPRI_ASKPASS_STATE=/tmp/khepri-askpass-x/state"_s};
        QTest::newRow("remote sudo, bash nixos-rebuild")
            << plan(Privilege::None, u"alice@web.lan"_s, true) << false << nr
            << (base + QStringList{u"--target-host"_s, u"alice@web.lan"_s, u"--use-remote-sudo"_s})
            << ssh;
        QTest::newRow("remote sudo, nixos-rebuild-ng")
            << plan(Privilege::None, u"alice@web.lan"_s, true) << true << nr
            << (base + QStringList{u"--target-host"_s, u"alice@web.lan"_s, u"--sudo"_s}) << ssh;
        RebuildPlan structured = plan(Privilege::Root);
        structured.structuredLog = true;
        structured.action = RebuildAction::DryActivate;
        QTest::newRow("structured log, dry-activate")
            << structured << false << nr
            << QStringList{u"dry-activate"_s, u"--flake"_s, u"path:/srv/cfg#web"_s,
                           u"--log-format"_s, u"internal-json"_s}
            << QStringList{};
        RebuildPlan build = plan(Privilege::None);
        build.action = RebuildAction::Build;
        build.source = Source::flake(u"github:me/cfg#db-1"_s).value();
        QTest::newRow("build") << build << false << nr
                               << QStringList{u"build"_s, u"--flake"_s, u"github:me/cfg#db-1"_s}
                               << QStringList{};
    }

    void commandLine()
    {
        QFETCH(RebuildPlan, input);
        QFETCH(bool, newStyle);
        QFETCH(QString, program);
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, environment);
        NixosRebuildFeatures features;
        if (newStyle)
            features.remoteSudoFlag = NixosRebuildFeatures::RemoteSudoFlag::Sudo;
        const auto command = buildRebuildCommand(input, features);
        QVERIFY2(command.ok(), qPrintable(command.ok() ? QString() : command.error().toString()));
        QCOMPARE(command.value().program, program);
        QCOMPARE(command.value().arguments, arguments);
        QCOMPARE(environmentOf(command.value()), environment);
    }

    void structuredLogFollowsFeatures()
    {
        RebuildPlan p = plan(Privilege::Root);
        p.structuredLog.reset();
        NixosRebuildFeatures features;
        QVERIFY(!buildRebuildCommand(p, features).value().arguments.contains(u"--log-format"_s));
        features.logFormat = true;
        const auto command = buildRebuildCommand(p, features).value();
        QVERIFY(command.structuredLog);
        QCOMPARE(command.arguments.mid(3), (QStringList{u"--log-format"_s, u"internal-json"_s}));
    }

    void rejectedPlans_data()
    {
        QTest::addColumn<RebuildPlan>("input");
        QTest::addColumn<ErrorCode>("code");
        RebuildPlan file = plan(Privilege::Root);
        file.source = Source::file(u"/srv/compositions.nix"_s);
        QTest::newRow("file source") << file << ErrorCode::Usage;
        QTest::newRow("option as target host")
            << plan(Privilege::None, u"-oProxyCommand=touch /tmp/x"_s) << ErrorCode::Usage;
        QTest::newRow("space in target host")
            << plan(Privilege::None, u"a b"_s) << ErrorCode::Usage;
        RebuildPlan relative = plan(Privilege::Pkexec);
        relative.nixosRebuild = u"nixos-rebuild"_s;
        QTest::newRow("pkexec, relative program") << relative << ErrorCode::Usage;
        RebuildPlan noHelper = plan(Privilege::Sudo);
        noHelper.askpassHelper.clear();
        QTest::newRow("sudo without askpass helper") << noHelper << ErrorCode::AskpassMissing;
        RebuildPlan noProgram = plan(Privilege::Root);
        noProgram.nixosRebuild.clear();
        QTest::newRow("no nixos-rebuild") << noProgram << ErrorCode::NixosRebuildMissing;
    }

    void rejectedPlans()
    {
        QFETCH(RebuildPlan, input);
        QFETCH(ErrorCode, code);
        const auto command = buildRebuildCommand(input, {});
        QVERIFY(!command.ok());
        QCOMPARE(command.error().code, code);
        QVERIFY(!command.error().message.isEmpty());
    }

    void helpDetection()
    {
        const auto bash = parseNixosRebuildHelp(readAll(rebuildData(u"help-bash.txt"_s)));
        QCOMPARE(bash.remoteSudoFlag, NixosRebuildFeatures::RemoteSudoFlag::UseRemoteSudo);
        QVERIFY(!bash.askSudoPassword);
        QVERIFY(!bash.logFormat);
        const auto ng = parseNixosRebuildHelp(readAll(rebuildData(u"help-ng.txt"_s)));
        QCOMPARE(ng.remoteSudoFlag, NixosRebuildFeatures::RemoteSudoFlag::Sudo);
        QVERIFY(ng.askSudoPassword);
        QVERIFY(ng.logFormat);
    }

    void findingNixosRebuild()
    {
        QProcessEnvironment env;
        env.insert(u"KHEPRI_NIXOS_REBUILD"_s, fakeRebuild());
        QCOMPARE(findNixosRebuild(env).value(), fakeRebuild());

        env.insert(u"KHEPRI_NIXOS_REBUILD"_s, u"/nonexistent/nixos-rebuild"_s);
        QCOMPARE(findNixosRebuild(env).error().code, ErrorCode::NixosRebuildMissing);

        QTemporaryDir bin;
        QVERIFY(QFile::copy(fakeRebuild(), bin.filePath(u"nixos-rebuild"_s)));
        QProcessEnvironment onPath;
        onPath.insert(u"PATH"_s, u"/nonexistent:"_s + bin.path());
        QCOMPARE(findNixosRebuild(onPath).value(), bin.filePath(u"nixos-rebuild"_s));

        QProcessEnvironment without;
        without.insert(u"PATH"_s, bin.path() + u"/empty"_s);
        const auto missing = findNixosRebuild(without);
        QCOMPARE(missing.error().code, ErrorCode::NixosRebuildMissing);
        QVERIFY(missing.error().hint.contains(u"KHEPRI_NIXOS_REBUILD"_s));
    }

    void defaultPrivileges()
    {
        using A = RebuildAction;
        QCOMPARE(defaultPrivilege(A::Switch, false, true, true, true, true), Privilege::Root);
        QCOMPARE(defaultPrivilege(A::Build, false, false, true, true, true), Privilege::None);
        QCOMPARE(defaultPrivilege(A::Switch, true, false, true, true, true), Privilege::None);
        QCOMPARE(defaultPrivilege(A::Switch, false, false, true, true, true), Privilege::Pkexec);
        QCOMPARE(defaultPrivilege(A::Test, false, false, false, true, true), Privilege::Sudo);
        QCOMPARE(defaultPrivilege(A::Boot, false, false, false, true, false), Privilege::Pkexec);
        QCOMPARE(defaultPrivilege(A::DryActivate, false, false, true, false, true),
                 Privilege::Sudo);
    }

    void hostSettingsHoldNoSecret()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"khepri.conf"_s);
        {
            QSettings settings(path, QSettings::IniFormat);
            QVERIFY(!loadRebuildHostSettings(settings, u"web"_s).privilege);
            saveRebuildHostSettings(settings, u"web"_s,
                                    {Privilege::Sudo, u"alice@web.lan"_s, true});
            saveRebuildHostSettings(settings, u"db"_s, {Privilege::Pkexec, {}, false});
        }
        QSettings settings(path, QSettings::IniFormat);
        const auto web = loadRebuildHostSettings(settings, u"web"_s);
        QCOMPARE(web.privilege, std::optional<Privilege>(Privilege::Sudo));
        QCOMPARE(web.targetHost, u"alice@web.lan"_s);
        QVERIFY(web.remoteSudo);
        QCOMPARE(loadRebuildHostSettings(settings, u"db"_s).privilege,
                 std::optional<Privilege>(Privilege::Pkexec));
        QStringList keys = settings.allKeys();
        keys.sort();
        QCOMPARE(keys, (QStringList{u"rebuild/db/privilege"_s, u"rebuild/db/remoteSudo"_s,
                                    u"rebuild/web/privilege"_s, u"rebuild/web/remoteSudo"_s,
                                    u"rebuild/web/targetHost"_s}));
    }

    void askpassRequests()
    {
        QTemporaryDir state;
        QProcessEnvironment env;
        env.insert(u"KHEPRI_ASKPASS_KEY"_s, u"sudo@desk"_s);
        env.insert(u"KHEPRI_ASKPASS_STATE"_s, state.path());
        const auto password = askpassRequest(u"[sudo] password for alice: "_s, env);
        QCOMPARE(password.key, u"sudo@desk"_s);
        QVERIFY(!password.confirmation);
        QVERIFY(mayAnswerFromKeychain(password));
        QVERIFY(markKeychainAnswerOffered(password).ok());
        // The stored password was offered once; a second prompt means it was
        // rejected: the user is asked.
        QVERIFY(!mayAnswerFromKeychain(password));
        QVERIFY(mayAnswerFromKeychain(askpassRequest(u"x"_s, [&] {
            QProcessEnvironment other = env;
            other.insert(u"KHEPRI_ASKPASS_KEY"_s, u"ssh@alice@web"_s);
            return other;
        }())));

        const auto hostKey = askpassRequest(
            u"The authenticity of host 'web (10.0.0.2)' can't be established.\nAre you sure you "
            u"want to continue connecting (yes/no/[fingerprint])? "_s,
            env);
        QVERIFY(hostKey.confirmation);
        QVERIFY(!mayAnswerFromKeychain(hostKey));
        QVERIFY(!mayAnswerFromKeychain(askpassRequest(u"Password: "_s, QProcessEnvironment())));
    }

    void askpassHelperScript_()
    {
        const QString script = askpassHelperScript(u"/opt/it's here/khepri"_s);
        QVERIFY(script.startsWith(u"#!/bin/sh\n"_s));
        QVERIFY(script.contains(u"exec '/opt/it'\\''s here/khepri' askpass -- \"$@\"\n"_s));
        // Without a display it starts khepri offscreen; the test is display.h's.
        QVERIFY(script.contains(u"if ! { "_s + displayShellCondition() + u"; }; then\n"_s));
    }
};

QTEST_GUILESS_MAIN(TestRebuildCommand)
#include "tst_rebuildcommand.moc"
