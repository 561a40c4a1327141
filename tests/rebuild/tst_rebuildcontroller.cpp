// RebuildController, what the GUI, the TUI and `khepri rebuild` share: the
// plan from the settings and the environment, the privilege choice, the
// remembered target host, the preflight (save the Document's edits, then
// validate; validation errors refuse the rebuild before nixos-rebuild starts)
// and the result. nixos-rebuild cannot run here: fake-nixos-rebuild.sh stands
// in for it and records its arguments, so a test can tell whether it ran.
// Validation and saving use the real nix.

#include <memory>
#include <optional>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "compositionjson.h"
#include "document.h"
#include "nixwriter.h"
#include "rebuildcontroller.h"
#include "rebuildtestdata.h"
#include "saver.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;
using khepri::test::fakeRebuild;
using khepri::test::rebuildData;

namespace {

// One composition whose service joins `network`; "back" is defined, any
// other name is a validation error.
QList<Composition> compositionsJoining(const QString &network)
{
    const auto compositions = compositionsFromJson(QJsonObject{
        {u"app"_s, QJsonObject{{u"networks"_s, QJsonObject{{u"back"_s, QJsonObject()}}},
                               {u"services"_s,
                                QJsonObject{{u"web"_s, QJsonObject{{u"image"_s, u"nginx"_s},
                                                                   {u"networks"_s,
                                                                    QJsonArray{network}}}}}}}}});
    return compositions ? compositions.value() : QList<Composition>{};
}

RebuildEnvironment environmentWith(bool isRoot, bool hasDisplay, bool pkexec, bool sudo)
{
    RebuildEnvironment environment;
    environment.variables = QProcessEnvironment::systemEnvironment();
    environment.variables.insert(u"KHEPRI_NIXOS_REBUILD"_s, fakeRebuild());
    environment.isRoot = isRoot;
    environment.hasDisplay = hasDisplay;
    environment.pkexecInstalled = pkexec;
    environment.sudoInstalled = sudo;
    return environment;
}

Source flake(const QString &dir, const QString &host = u"demo"_s)
{
    return Source::flake(u"path:"_s + dir + u'#' + host).value();
}

// A flake nix cannot load: the preflight without a Document goes on.
Source unloadableFlake()
{
    return Source::flake(u"path:/x#host"_s).value();
}

// A controller as root (no pkexec or sudo in the way) over the stand-in.
std::unique_ptr<RebuildController> controllerFor(const Source &source)
{
    auto controller = std::make_unique<RebuildController>();
    controller->setEnvironment(environmentWith(true, false, false, false));
    controller->setSource(source);
    return controller;
}

// Starts `request` and waits for its one result.
std::optional<RebuildResult> runToEnd(RebuildController &controller,
                                      const RebuildRequest &request = {})
{
    QSignalSpy finished(&controller, &RebuildController::finished);
    if (!controller.start(request) || !finished.wait(120000) || finished.count() != 1)
        return std::nullopt;
    return finished.first().first().value<RebuildResult>();
}

// An owned, editable composition in `file`, as the GUI and TUI hold it.
void resetOwned(Document &document, const QString &file)
{
    document.reset(compositionsJoining(u"back"_s), {{u"app"_s, CompositionOrigin{file, true, {}}}},
                   file);
}

} // namespace

class TestRebuildController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // QSettings reads XDG_CONFIG_HOME once: before anything uses it.
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"config"_s).toUtf8());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"khepri-tests"_s);
        QCoreApplication::setApplicationName(u"tst_rebuildcontroller"_s);
        qputenv("KHEPRI_NIXOS_REBUILD", QFile::encodeName(fakeRebuild()));
        qputenv("FAKE_REBUILD_HELP", QFile::encodeName(rebuildData(u"help-bash.txt"_s)));
        qputenv("FAKE_REBUILD_ARGS", QFile::encodeName(argsFile()));
    }

    void init()
    {
        QSettings().clear();
        QFile::remove(argsFile());
        qputenv("FAKE_REBUILD_OUTPUT", QFile::encodeName(rebuildData(u"switch-plain.log"_s)));
        qputenv("FAKE_REBUILD_EXIT", "0");
    }

    void privilegeFromEnvironmentAndSettings_data()
    {
        QTest::addColumn<int>("action");
        QTest::addColumn<bool>("isRoot");
        QTest::addColumn<bool>("display");
        QTest::addColumn<QString>("remembered"); // empty: none
        QTest::addColumn<QString>("chosen");     // this run's; empty: none
        QTest::addColumn<int>("expected");
        const int sw = int(RebuildAction::Switch);
        QTest::newRow("root") << sw << true << true << QString() << QString()
                              << int(Privilege::Root);
        QTest::newRow("display: pkexec")
            << sw << false << true << QString() << QString() << int(Privilege::Pkexec);
        QTest::newRow("no display: sudo")
            << sw << false << false << QString() << QString() << int(Privilege::Sudo);
        QTest::newRow("build needs none") << int(RebuildAction::Build) << false << true << QString()
                                          << QString() << int(Privilege::None);
        QTest::newRow("remembered wins over the default")
            << sw << false << true << u"sudo"_s << QString() << int(Privilege::Sudo);
        QTest::newRow("this run's choice wins over the remembered")
            << sw << false << true << u"sudo"_s << u"none"_s << int(Privilege::None);
    }

    void privilegeFromEnvironmentAndSettings()
    {
        QFETCH(int, action);
        QFETCH(bool, isRoot);
        QFETCH(bool, display);
        QFETCH(QString, remembered);
        QFETCH(QString, chosen);
        QFETCH(int, expected);
        if (!remembered.isEmpty()) {
            QSettings settings;
            RebuildHostSettings choice;
            choice.privilege = parsePrivilege(remembered);
            saveRebuildHostSettings(settings, u"demo"_s, choice);
        }
        RebuildController controller;
        controller.setEnvironment(environmentWith(isRoot, display, true, true));
        controller.setSource(flake(m_dir.path()));
        RebuildRequest request;
        request.action = RebuildAction(action);
        if (!chosen.isEmpty())
            request.privilege = parsePrivilege(chosen);
        const auto plan = controller.plan(request);
        QVERIFY2(plan, qPrintable(plan ? QString() : plan.error().toString()));
        QCOMPARE(int(plan.value().privilege), expected);
        QCOMPARE(plan.value().action, RebuildAction(action));
        QCOMPARE(plan.value().source.host, u"demo"_s);
        QCOMPARE(plan.value().nixosRebuild, fakeRebuild());
        QVERIFY(plan.value().targetHost.isEmpty());
    }

    void missingNixosRebuildRefusesThePlan()
    {
        RebuildEnvironment environment = environmentWith(true, false, false, false);
        environment.variables.insert(u"KHEPRI_NIXOS_REBUILD"_s, m_dir.filePath(u"nowhere"_s));
        RebuildController controller;
        controller.setEnvironment(environment);
        controller.setSource(flake(m_dir.path()));
        const auto plan = controller.plan({});
        QVERIFY(!plan);
        QVERIFY2(plan.error().message.contains(u"KHEPRI_NIXOS_REBUILD"_s),
                 qPrintable(plan.error().toString()));
    }

    void blockers()
    {
        RebuildController controller;
        QVERIFY(controller.blocker()); // no source at all
        QVERIFY(!controller.start({}));
        controller.setSource(Source::file(m_dir.filePath(u"c.nix"_s)));
        const auto blocker = controller.blocker();
        QVERIFY(blocker);
        QVERIFY2(blocker->message.contains(u"not a NixOS configuration"_s),
                 qPrintable(blocker->message));
        QVERIFY(blocker->hint.contains(u"flake"_s));
        controller.setSource(flake(m_dir.path()));
        QVERIFY(!controller.blocker());
    }

    void targetRememberedPerHost()
    {
        {
            RebuildController controller;
            controller.setEnvironment(environmentWith(false, true, true, true));
            controller.setSource(flake(m_dir.path()));
            QCOMPARE(controller.targetNote({}, u"X to change"_s), u"deploying to this machine"_s);
            controller.rememberTargetHost(u"root@a"_s);
        }
        RebuildController controller;
        controller.setEnvironment(environmentWith(false, true, true, true));
        controller.setSource(flake(m_dir.path()));
        QCOMPARE(controller.targetHost(), u"root@a"_s);
        QCOMPARE(controller.targetNote({}, u"X to change"_s),
                 u"deploying to root@a (remembered; X to change)"_s);
        const auto plan = controller.plan({});
        QVERIFY(plan);
        QCOMPARE(plan.value().targetHost, u"root@a"_s);
        QCOMPARE(plan.value().privilege, Privilege::None); // the target elevates itself

        // Another host has its own (none).
        controller.setSource(flake(m_dir.path(), u"other"_s));
        QVERIFY(controller.targetHost().isEmpty());
        controller.setSource(flake(m_dir.path()));

        // This run's target is said as such, with what it replaces.
        RebuildRequest here;
        here.targetHost = u"local"_s;
        QCOMPARE(controller.targetNote(here, u"X"_s),
                 u"deploying to this machine instead of the remembered root@a"_s);
        QVERIFY(controller.plan(here).value().targetHost.isEmpty());

        QCOMPARE(controller.forgetTargetHost(), u"root@a"_s);
        QVERIFY(controller.targetHost().isEmpty());
        RebuildController fresh;
        fresh.setSource(flake(m_dir.path()));
        QVERIFY(fresh.targetHost().isEmpty());
    }

    // A run's explicit choices are remembered unless the run failed.
    void choicesRememberedUnlessTheRunFailed_data()
    {
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<bool>("remembered");
        QTest::newRow("succeeded") << 0 << true;
        QTest::newRow("failed") << 1 << false;
    }

    void choicesRememberedUnlessTheRunFailed()
    {
        QFETCH(int, exitCode);
        QFETCH(bool, remembered);
        qputenv("FAKE_REBUILD_EXIT", QByteArray::number(exitCode));
        const auto controller = controllerFor(unloadableFlake());
        RebuildRequest request;
        request.action = RebuildAction::Build;
        request.privilege = Privilege::None;
        QVERIFY(runToEnd(*controller, request));
        QSettings settings;
        const RebuildHostSettings choice = loadRebuildHostSettings(settings, u"host"_s);
        QCOMPARE(choice.privilege.has_value(), remembered);
    }

    void resultSucceededAndHostChanged()
    {
        const auto controller = controllerFor(unloadableFlake());
        QSignalSpy finished(controller.get(), &RebuildController::finished);
        QSignalSpy hostChanged(controller.get(), &RebuildController::hostChanged);
        QVERIFY(controller->start({}));
        QVERIFY(controller->isRunning());
        QVERIFY(controller->blocker()); // one at a time
        QVERIFY(!controller->start({}));
        QVERIFY(finished.wait(60000));
        const auto result = finished.first().first().value<RebuildResult>();
        QCOMPARE(result.status, RebuildResult::Status::Succeeded);
        QCOMPARE(result.action, RebuildAction::Switch);
        QCOMPARE(hostChanged.count(), 1);
        QVERIFY(QFile::exists(argsFile())); // nixos-rebuild ran
    }

    void resultFailedWithTheError()
    {
        qputenv("FAKE_REBUILD_OUTPUT", QFile::encodeName(rebuildData(u"eval-error-plain.log"_s)));
        qputenv("FAKE_REBUILD_EXIT", "1");
        const auto controller = controllerFor(unloadableFlake());
        QSignalSpy hostChanged(controller.get(), &RebuildController::hostChanged);
        const auto result = runToEnd(*controller);
        QVERIFY(result);
        QCOMPARE(result->status, RebuildResult::Status::Failed);
        QVERIFY(!result->error.message.isEmpty());
        QCOMPARE(hostChanged.count(), 0);
    }

    // Without a Document (the CLI) the preflight loads the flake with nix.
    void preflightLoadsAndRefusesInvalidFlake_data()
    {
        QTest::addColumn<QString>("network");
        QTest::addColumn<bool>("refused");
        QTest::newRow("valid") << u"back"_s << false;
        QTest::newRow("unknown network") << u"nope"_s << true;
    }

    void preflightLoadsAndRefusesInvalidFlake()
    {
        QFETCH(QString, network);
        QFETCH(bool, refused);
        QTemporaryDir dir;
        QVERIFY(test::copyTree(test::dataPath(u"flake"_s), dir.path()));
        QFile owned(dir.filePath(u"khepri-compositions.nix"_s));
        QVERIFY(owned.open(QIODevice::WriteOnly));
        owned.write(writeCompositionsFile(compositionsJoining(network)).toUtf8());
        owned.close();

        const auto controller = controllerFor(flake(dir.path()));
        controller->setDiagnosticsLocation(u"the list"_s);
        const auto result = runToEnd(*controller);
        QVERIFY(result);
        if (!refused) {
            QCOMPARE(result->status, RebuildResult::Status::Succeeded);
            QVERIFY(QFile::exists(argsFile()));
            return;
        }
        QCOMPARE(result->status, RebuildResult::Status::Failed);
        QCOMPARE(result->error.code, ErrorCode::Validation);
        QVERIFY2(result->error.message.startsWith(
                     u"the compositions have errors, so the rebuild would fail:\n"_s),
                 qPrintable(result->error.message));
        QVERIFY2(result->error.message.contains(u"network \"nope\" is not defined"_s),
                 qPrintable(result->error.message));
        QCOMPARE(result->error.hint, u"Fix them (the list), then rebuild."_s);
        QVERIFY(!QFile::exists(argsFile())); // nixos-rebuild never started
    }

    // With a Document (GUI, TUI): its unsaved edits are saved first, then
    // its diagnostics decide.
    void preflightSavesThenRefuses()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"compositions.nix"_s);
        Document document;
        resetOwned(document, file);
        QVERIFY(!hasErrors(document.diagnostics()));
        QVERIFY(document.editField(EntityRef::service(u"app"_s, u"web"_s), {u"networks"_s},
                                   QJsonArray{u"nosuch"_s}));
        QVERIFY(document.isModified());
        QVERIFY(hasErrors(document.diagnostics()));
        Saver saver(document);

        const auto controller = controllerFor(flake(dir.path()));
        controller->attachDocument(&document, &saver);
        QSignalSpy saving(controller.get(), &RebuildController::saving);
        QSignalSpy saved(&saver, &Saver::finished);
        const auto result = runToEnd(*controller);
        QVERIFY(result);
        QCOMPARE(saving.count(), 1);
        QCOMPARE(saved.count(), 1); // saved before it was refused
        QVERIFY(!document.isModified());
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(written.readAll().contains("nosuch"));
        QCOMPARE(result->status, RebuildResult::Status::Failed);
        QCOMPARE(result->error.code, ErrorCode::Validation);
        QVERIFY2(result->error.message.contains(u"nosuch"_s), qPrintable(result->error.message));
        QVERIFY(!QFile::exists(argsFile()));
    }

    void preflightValidDocumentRuns()
    {
        Document document;
        document.reset(compositionsJoining(u"back"_s), {}, {});
        const auto controller = controllerFor(unloadableFlake());
        controller->attachDocument(&document, nullptr);
        QSignalSpy saving(controller.get(), &RebuildController::saving);
        const auto result = runToEnd(*controller);
        QVERIFY(result);
        QCOMPARE(result->status, RebuildResult::Status::Succeeded);
        QCOMPARE(saving.count(), 0); // nothing to save
        QVERIFY(QFile::exists(argsFile()));
    }

    void failedSaveRefuses()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"compositions.nix"_s);
        Document document;
        resetOwned(document, file);
        QVERIFY(
            document.editField(EntityRef::service(u"app"_s, u"web"_s), {u"image"_s}, u"nginx:2"_s));
        // Someone else wrote the file since it was loaded: the save refuses.
        QFile other(file);
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("{ }\n");
        other.close();
        Saver saver(document);
        const auto controller = controllerFor(flake(dir.path()));
        controller->attachDocument(&document, &saver);
        const auto result = runToEnd(*controller);
        QVERIFY(result);
        QCOMPARE(result->status, RebuildResult::Status::Failed);
        QCOMPARE(result->error.code, ErrorCode::SaveFailed);
        QVERIFY(!QFile::exists(argsFile()));
    }

private:
    QString argsFile() const { return m_dir.filePath(u"args"_s); }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestRebuildController)
#include "tst_rebuildcontroller.moc"
