// `khepri rebuild` validates the flake's compositions before it starts
// nixos-rebuild: errors block the rebuild and say why; valid compositions go
// on. nixos-rebuild cannot run here; tests/rebuild/fake-nixos-rebuild.sh
// stands in for it and records its arguments, so the test can tell whether
// it was started at all.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "compositionjson.h"
#include "nixwriter.h"
#include "testsupport.h"

using namespace khepri;

namespace {} // namespace

class TestCliRebuildPreflight : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validationBlocksRebuild_data()
    {
        QTest::addColumn<QString>("network");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("valid") << QStringLiteral("back") << 0;
        QTest::newRow("unknown network") << QStringLiteral("nope") << 1;
    }

    void validationBlocksRebuild()
    {
        QFETCH(QString, network);
        QFETCH(int, exitCode);
        QTemporaryDir dir;
        QVERIFY(test::copyTree(test::dataPath(QStringLiteral("flake")), dir.path()));
        const auto compositions = compositionsFromJson(QJsonObject{
            {QStringLiteral("app"),
             QJsonObject{
                 {QStringLiteral("networks"), QJsonObject{{QStringLiteral("back"), QJsonObject()}}},
                 {QStringLiteral("services"),
                  QJsonObject{
                      {QStringLiteral("web"),
                       QJsonObject{{QStringLiteral("image"), QStringLiteral("nginx")},
                                   {QStringLiteral("networks"), QJsonArray{network}}}}}}}}});
        QVERIFY(compositions.ok());
        QFile owned(dir.filePath(QStringLiteral("khepri-compositions.nix")));
        QVERIFY(owned.open(QIODevice::WriteOnly));
        owned.write(writeCompositionsFile(compositions.value()).toUtf8());
        owned.close();

        const QString argsFile = dir.filePath(QStringLiteral("args"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KHEPRI_NIXOS_REBUILD"),
                   test::sourcePath(QStringLiteral("tests/rebuild/fake-nixos-rebuild.sh")));
        env.insert(QStringLiteral("FAKE_REBUILD_ARGS"), argsFile);
        env.insert(QStringLiteral("HOME"), dir.path()); // rebuild remembers choices in QSettings
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(test::khepriBinary(),
                {QStringLiteral("rebuild"), QStringLiteral("switch"), QStringLiteral("--privilege"),
                 QStringLiteral("none"), QStringLiteral("--flake"),
                 QStringLiteral("path:") + dir.path() + QStringLiteral("#demo")});
        QVERIFY(p.waitForFinished(120000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), exitCode);
        if (exitCode == 0) {
            QVERIFY2(QFile::exists(argsFile), qPrintable(err));
        } else {
            QVERIFY(!QFile::exists(argsFile)); // nixos-rebuild never started
            QVERIFY2(err.contains(QStringLiteral(
                         "the compositions have errors, so the rebuild would fail:")),
                     qPrintable(err));
            QVERIFY2(err.contains(QStringLiteral(
                         "khepri.compositions.app.services.web: network \"nope\" is not defined")),
                     qPrintable(err));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliRebuildPreflight)
#include "tst_cli_rebuild_preflight.moc"
