// `khepri show` end to end: the real binary, the real nix, the bundled demo;
// the table, the JSON, and one clear message with exit status 2 for each way
// evaluation can fail.

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "testsupport.h"

using khepri::test::dataPath;
using khepri::test::khepriBinary;
using khepri::test::sourcePath;

using khepri::test::runKhepri;

class TestCliShow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void demoTable()
    {
        const khepri::test::KhepriRun r =
            runKhepri({QStringLiteral("show"), QStringLiteral("--file"),
                       sourcePath(QStringLiteral("examples/demo/compositions.nix"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(u"Composition caddy\n"));
        QVERIFY(r.out.contains(u"Composition paperless\n"));
        QVERIFY(r.out.contains(
            QStringLiteral("  caddy  caddy:alpine  80:80/tcp, 443:443/tcp, 443:443/udp  -\n")));
        QVERIFY(
            r.out.contains(QStringLiteral("  webserver  ghcr.io/paperless-ngx/paperless-ngx:latest "
                                          " 8000:8000/tcp  broker, db, gotenberg, tika\n")));
        QVERIFY(r.out.contains(QStringLiteral("  proxy_net  external")));
        QVERIFY(r.out.contains(QStringLiteral("  redisdata  -")));
        QVERIFY(r.err.isEmpty());
    }

    void demoJson()
    {
        const khepri::test::KhepriRun r =
            runKhepri({QStringLiteral("show"), QStringLiteral("--json"), QStringLiteral("--file"),
                       sourcePath(QStringLiteral("examples/demo/compositions.nix"))});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError e;
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8(), &e).object();
        QCOMPARE(e.error, QJsonParseError::NoError);
        const QJsonObject paperless = root[u"compositions"][u"paperless"].toObject();
        QCOMPARE(paperless[u"services"].toObject().keys(),
                 (QStringList{QStringLiteral("broker"), QStringLiteral("db"),
                              QStringLiteral("gotenberg"), QStringLiteral("tika"),
                              QStringLiteral("webserver")}));
        QCOMPARE(paperless[u"services"][u"webserver"][u"dependsOn"][u"db"].toString(),
                 QStringLiteral("service_started"));
        QCOMPARE(paperless[u"services"][u"webserver"][u"containerName"].toString(),
                 QStringLiteral("paperless_web"));
        // caddy creates proxy_net, paperless joins it.
        QVERIFY(!root[u"compositions"][u"caddy"][u"networks"][u"proxy_net"][u"external"].toBool());
        QVERIFY(paperless[u"networks"][u"proxy_net"][u"external"].toBool());
    }

    void errors_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("noNix");
        QTest::addColumn<QString>("expected");
        QTest::newRow("syntax error")
            << dataPath(QStringLiteral("syntax-error.nix")) << false
            << dataPath(QStringLiteral("syntax-error.nix"))
                   + QStringLiteral(":5:3: syntax error, unexpected '}', expecting ';'");
        QTest::newRow("evaluation error")
            << dataPath(QStringLiteral("eval-error.nix")) << false
            << dataPath(QStringLiteral("eval-error.nix"))
                   + QStringLiteral(":3:28: undefined variable 'imageFromSomewhere'");
        QTest::newRow("missing file")
            << QStringLiteral("/nonexistent/compositions.nix") << false
            << QStringLiteral("file not found: /nonexistent/compositions.nix");
        QTest::newRow("nix not installed")
            << sourcePath(QStringLiteral("examples/demo/compositions.nix")) << true
            << QStringLiteral("nix is not installed: nix-instantiate was not found on PATH");
    }

    void errors()
    {
        QFETCH(QString, file);
        QFETCH(bool, noNix);
        QFETCH(QString, expected);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (noNix)
            env.insert(QStringLiteral("PATH"), QStringLiteral("/nonexistent"));
        const khepri::test::KhepriRun r =
            runKhepri({QStringLiteral("show"), QStringLiteral("--file"), file}, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.startsWith(QStringLiteral("khepri: cannot load file ")), qPrintable(r.err));
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QVERIFY2(!r.err.contains(u"warning:"), qPrintable(r.err)); // nix's noise is not passed on
    }

    void usageError()
    {
        const khepri::test::KhepriRun r =
            runKhepri({QStringLiteral("show"), QStringLiteral("--frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(u"unknown argument \"--frobnicate\""));
    }

    void help()
    {
        const khepri::test::KhepriRun r = runKhepri({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(u"khepri show [SOURCE] [--json]"));
    }
};

QTEST_GUILESS_MAIN(TestCliShow)
#include "tst_cli_show.moc"
