// `khepri status --file SOURCE` end to end: the declared manifest comes from
// the module's translator (real nix), the state from the harness's systemd
// user manager and dockerd. A unit named as the module names caddy's
// container runs the test image; status must report it running, and the
// rest of the demo missing.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include "testsupport.h"

using namespace khepri;

namespace {
int run(const QString &program, const QStringList &args, QByteArray *out = nullptr)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000))
        return -1;
    if (out)
        *out = p.readAllStandardOutput();
    return p.exitCode();
}
} // namespace

class TestCliStatus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runningServiceReported()
    {
        const QString unitDir = qEnvironmentVariable("KHEPRI_UNIT_DIR");
        QVERIFY(!unitDir.isEmpty());
        const QString docker = QStandardPaths::findExecutable(QStringLiteral("docker"));
        QVERIFY(!docker.isEmpty());
        QFile unit(unitDir + QStringLiteral("/docker-caddy-caddy.service"));
        QVERIFY(unit.open(QIODevice::WriteOnly));
        unit.write(QStringLiteral(
                       "[Service]\nEnvironment=DOCKER_HOST=%1\n"
                       "ExecStartPre=-%2 rm -f caddy-caddy\n"
                       "ExecStart=%2 run --rm --name caddy-caddy khepri-test/busybox:1 sleep 1000\n"
                       "ExecStop=%2 stop -t 1 caddy-caddy\n")
                       .arg(qEnvironmentVariable("DOCKER_HOST"), docker)
                       .toUtf8());
        unit.close();
        QCOMPARE(run(QStringLiteral("systemctl"),
                     {QStringLiteral("--user"), QStringLiteral("daemon-reload")}),
                 0);
        QCOMPARE(
            run(QStringLiteral("systemctl"), {QStringLiteral("--user"), QStringLiteral("start"),
                                              QStringLiteral("docker-caddy-caddy.service")}),
            0);

        QJsonObject caddy;
        QJsonObject db;
        // The container comes up asynchronously after the unit started.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QByteArray out;
                if (run(test::khepriBinary(),
                        {QStringLiteral("status"), QStringLiteral("--user"),
                         QStringLiteral("--json"), QStringLiteral("--deployed"),
                         QStringLiteral("/nonexistent/manifest.json"), QStringLiteral("--file"),
                         test::sourcePath(QStringLiteral("examples/demo/compositions.nix"))},
                        &out)
                    != 0)
                    return false;
                const QJsonArray items =
                    QJsonDocument::fromJson(out).object().value(u"items").toArray();
                for (const QJsonValue &v : items) {
                    const QString id = v.toObject().value(u"id").toString();
                    if (id == u"service/caddy/caddy")
                        caddy = v.toObject();
                    if (id == u"service/paperless/db")
                        db = v.toObject();
                }
                return caddy.value(u"status").toString() == u"running";
            }(),
            60000);
        QCOMPARE(caddy.value(u"unit").toString(), QStringLiteral("docker-caddy-caddy.service"));
        QCOMPARE(db.value(u"status").toString(), QStringLiteral("missing"));

        run(QStringLiteral("systemctl"), {QStringLiteral("--user"), QStringLiteral("stop"),
                                          QStringLiteral("docker-caddy-caddy.service")});
        QFile::remove(unit.fileName());
        run(QStringLiteral("systemctl"),
            {QStringLiteral("--user"), QStringLiteral("daemon-reload")});
    }

    // Names and details reach the table escaped, never as raw escapes.
    void controlCharactersEscaped()
    {
        const test::KhepriRun r = test::runKhepri(
            {QStringLiteral("status"), QStringLiteral("--user"), QStringLiteral("--deployed"),
             QStringLiteral("/nonexistent/manifest.json"), QStringLiteral("--file"),
             test::dataPath(QStringLiteral("hostile-escapes.nix"))});
        const QString all = r.out + r.err;
        QVERIFY2(r.exitCode == 0, qPrintable(all));
        QVERIFY2(!all.contains(QChar(0x1b)) && !all.contains(QChar(0x07)), qPrintable(all));
        QVERIFY2(r.out.contains(u"app/web\\x1b]0;pwned\\x07\\x1b[2J"), qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(TestCliStatus)
#include "tst_cli_status.moc"
