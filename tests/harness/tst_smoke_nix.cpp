// Smoke test: the harness's nix really evaluates a flake, offline, with
// flakes enabled per call (no nix.conf of the machine's).

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class SmokeNix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void evaluatesFlake()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile flake(dir.filePath(QStringLiteral("flake.nix")));
        QVERIFY(flake.open(QIODevice::WriteOnly));
        flake.write(R"({
  description = "khepri smoke test";
  outputs = { self }: {
    answer = { sum = 40 + 2; text = "from " + "nix"; };
  };
}
)");
        flake.close();

        QProcess nix;
        nix.start(QStringLiteral("nix"),
                  {QStringLiteral("--extra-experimental-features"),
                   QStringLiteral("nix-command flakes"), QStringLiteral("eval"),
                   QStringLiteral("--json"),
                   QStringLiteral("path:") + dir.path() + QStringLiteral("#answer")});
        QVERIFY2(nix.waitForFinished(120000), "nix eval did not finish");
        const QByteArray err = nix.readAllStandardError();
        QVERIFY2(nix.exitCode() == 0, err.constData());
        const QJsonObject answer = QJsonDocument::fromJson(nix.readAllStandardOutput()).object();
        QCOMPARE(answer.value(u"sum").toInt(), 42);
        QCOMPARE(answer.value(u"text").toString(), QStringLiteral("from nix"));
    }
};

QTEST_GUILESS_MAIN(SmokeNix)
#include "tst_smoke_nix.moc"
