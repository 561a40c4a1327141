// The desktop console's rebuild: the Rebuild dock streams the log of
// nixos-rebuild and ends with the outcome; the preflight blocks a rebuild of
// compositions with validation errors before nixos-rebuild runs; a --file
// source cannot be rebuilt. nixos-rebuild cannot run on the test machine (it
// is not NixOS), so tests/rebuild/fake-nixos-rebuild.sh replays recorded
// output in its place — the only fake here.

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCoreApplication>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "compositionjson.h"
#include "demofixture.h"
#include "document.h"
#include "mainwindow.h"
#include "rebuildlogmodel.h"
#include "rebuildpanel.h"
#include "rebuildrunner.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

Source flakeSource()
{
    return Source::flake(u"/tmp/khepri-gui-test#testhost"_s).value();
}

} // namespace

class TestGuiRebuild : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"khepri-tests"_s);
        QCoreApplication::setApplicationName(u"tst_gui_rebuild"_s);
        qputenv("KHEPRI_NIXOS_REBUILD", KHEPRI_FAKE_REBUILD);
        qputenv("FAKE_REBUILD_HELP", KHEPRI_REBUILD_DATA "/help-bash.txt");
        QVERIFY(m_dir.isValid());
        qputenv("FAKE_REBUILD_ARGS", m_dir.filePath(u"args"_s).toUtf8());
    }

    void init() { QFile::remove(m_dir.filePath(u"args"_s)); }

    void rebuildStreamsLogAndSucceeds()
    {
        qputenv("FAKE_REBUILD_OUTPUT", KHEPRI_REBUILD_DATA "/switch-plain.log");
        qputenv("FAKE_REBUILD_EXIT", "0");
        Document document;
        test::loadDemo(document);
        MainWindow window(document, false);
        window.setSource(flakeSource());
        QVERIFY(window.rebuildBlocker().isEmpty());
        QAction *rebuild = window.findChild<QAction *>(u"rebuild"_s);
        QVERIFY(rebuild);
        QVERIFY(rebuild->isEnabled());

        RebuildPanel *panel = window.rebuildPanel();
        QAbstractItemModelTester tester(panel->runner()->logModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&window, &MainWindow::rebuildFinished);
        QSignalSpy reload(&window, &MainWindow::reloadRequested);
        // build: no privilege needed, so neither pkexec nor sudo comes in.
        window.startRebuild(RebuildAction::Build);
        QVERIFY(!rebuild->isEnabled()); // one rebuild at a time
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        const auto result = finished.first().first().value<RebuildResult>();
        QVERIFY2(result.succeeded(), qPrintable(result.error.toString()));
        QVERIFY(QFile::exists(m_dir.filePath(u"args"_s))); // nixos-rebuild ran
        QVERIFY(panel->logView()->model()->rowCount() > 0);
        QCOMPARE(panel->progressBar()->value(), panel->progressBar()->maximum());
        QVERIFY(panel->statusLabel()->text().contains(u"finished"_s));
        QCOMPARE(reload.count(), 0); // only switch and test reload
        QVERIFY(rebuild->isEnabled());
    }

    // The target host is remembered per host: the dock says where a rebuild
    // deploys, and a new window for the same host finds it again.
    void rememberedTargetShown()
    {
        qputenv("FAKE_REBUILD_OUTPUT", KHEPRI_REBUILD_DATA "/switch-plain.log");
        qputenv("FAKE_REBUILD_EXIT", "0");
        Document document;
        test::loadDemo(document);
        const Source targetSource = Source::flake(u"/tmp/khepri-gui-test#targethost"_s).value();
        {
            MainWindow first(document, false);
            first.setSource(targetSource);
            first.setRebuildTargetHost(u"root@a"_s);
        }
        MainWindow window(document, false);
        window.setSource(targetSource);
        QCOMPARE(window.rebuildTargetHost(), u"root@a"_s);
        QSignalSpy finished(&window, &MainWindow::rebuildFinished);
        window.startRebuild(RebuildAction::Build);
        QCOMPARE(window.rebuildPanel()->targetLabel()->text(),
                 u"deploying to root@a (remembered; Rebuild › Target Host… to change)"_s);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QFile args(m_dir.filePath(u"args"_s));
        QVERIFY(args.open(QIODevice::ReadOnly));
        QVERIFY(args.readAll().contains("--target-host\nroot@a\n"));

        window.setRebuildTargetHost(u"local"_s); // this machine, remembered as such
        QCOMPARE(window.rebuildTargetHost(), QString());
        QCOMPARE(window.rebuildTargetText(), u"deploying to this machine"_s);
    }

    void failedRebuildShowsErrorRows()
    {
        qputenv("FAKE_REBUILD_OUTPUT", KHEPRI_REBUILD_DATA "/eval-error-plain.log");
        qputenv("FAKE_REBUILD_EXIT", "1");
        Document document;
        test::loadDemo(document);
        MainWindow window(document, false);
        window.setSource(flakeSource());
        QSignalSpy finished(&window, &MainWindow::rebuildFinished);
        window.startRebuild(RebuildAction::Build);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QVERIFY(!finished.first().first().value<RebuildResult>().succeeded());
        const QAbstractItemModel *log = window.rebuildPanel()->logView()->model();
        int errorRows = 0;
        for (int row = 0; row < log->rowCount(); ++row) {
            const QModelIndex i = log->index(row, 0);
            if (i.data(RebuildLogModel::SeverityRole).toInt()
                == int(RebuildLogEntry::Severity::Error)) {
                ++errorRows;
                QVERIFY(i.data(Qt::BackgroundRole).isValid()); // highlighted
            }
        }
        QVERIFY(errorRows > 0);
        QVERIFY(window.rebuildPanel()->statusLabel()->text().contains(u"failed"_s));
    }

    void preflightBlocksOnValidationErrors()
    {
        qputenv("FAKE_REBUILD_OUTPUT", KHEPRI_REBUILD_DATA "/switch-plain.log");
        qputenv("FAKE_REBUILD_EXIT", "0");
        const QJsonObject json{
            {u"app"_s,
             QJsonObject{{u"services"_s,
                          QJsonObject{{u"web"_s,
                                       QJsonObject{{u"image"_s, u"nginx:1"_s},
                                                   {u"networks"_s, QJsonArray{u"nosuch"_s}}}}}}}}};
        const auto compositions = compositionsFromJson(json);
        QVERIFY(compositions);
        Document document;
        const QString owned = m_dir.filePath(u"compositions.nix"_s);
        document.reset(compositions.value(), {{u"app"_s, CompositionOrigin{owned, true, {}}}},
                       owned);
        QVERIFY(hasErrors(document.diagnostics()));
        MainWindow window(document, false);
        window.setSource(flakeSource());
        QSignalSpy finished(&window, &MainWindow::rebuildFinished);
        window.startRebuild(RebuildAction::Build);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        const auto result = finished.first().first().value<RebuildResult>();
        QCOMPARE(result.status, RebuildResult::Status::Failed);
        QCOMPARE(result.error.code, ErrorCode::Validation);
        QVERIFY2(result.error.message.contains(u"nosuch"_s), qPrintable(result.error.message));
        QVERIFY(!QFile::exists(m_dir.filePath(u"args"_s))); // nixos-rebuild never ran
    }

    void fileSourceCannotRebuild()
    {
        Document document;
        test::loadDemo(document);
        MainWindow window(document, false);
        window.setSource(Source::file(u"/tmp/khepri-demo/compositions.nix"_s));
        QAction *rebuild = window.findChild<QAction *>(u"rebuild"_s);
        QVERIFY(!rebuild->isEnabled());
        QVERIFY(rebuild->toolTip().contains(u"flake"_s));
        QVERIFY(!window.rebuildBlocker().isEmpty());
    }

    void errorLocationSelectsEntity()
    {
        const QString owned = m_dir.filePath(u"located.nix"_s);
        QFile file(owned);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\n  app = {\n    services = {\n      web = {\n        image = \"nginx\";\n"
                   "      };\n      db = {\n        image = 42;\n      };\n    };\n  };\n}\n");
        file.close();
        const auto compositions = compositionsFromJson(QJsonObject{
            {u"app"_s, QJsonObject{{u"services"_s,
                                    QJsonObject{{u"web"_s, QJsonObject{{u"image"_s, u"nginx"_s}}},
                                                {u"db"_s, QJsonObject{{u"image"_s, u"pg"_s}}}}}}}});
        QVERIFY(compositions);
        Document document;
        document.reset(compositions.value(), {{u"app"_s, CompositionOrigin{owned, true, {}}}},
                       owned);
        MainWindow window(document, false);
        // nix reports the file in the store copy of the flake.
        Q_EMIT window.rebuildPanel()->locationActivated(u"/nix/store/abc-source/located.nix"_s, 8,
                                                        17);
        QCOMPARE(window.selectedEntity(), EntityRef::service(u"app"_s, u"db"_s));
        Q_EMIT window.rebuildPanel()->locationActivated(owned, 5, 9);
        QCOMPARE(window.selectedEntity(), EntityRef::service(u"app"_s, u"web"_s));
        Q_EMIT window.rebuildPanel()->locationActivated(u"/nix/store/abc-source/other.nix"_s, 3, 1);
        QCOMPARE(window.selectedEntity(), EntityRef::service(u"app"_s, u"web"_s)); // unchanged
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestGuiRebuild)
#include "tst_gui_rebuild.moc"
