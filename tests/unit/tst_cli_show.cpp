// `khepri show` end to end: the real binary, the real nix, the bundled demo;
// the table, the JSON, and one clear message with exit status 2 for each way
// evaluation can fail; a file reading outside its directory refused unless
// --allow-path allows it; terminal escapes in values printed escaped.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
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

    // The secret stands in for /etc/shadow: a temp file outside the
    // compositions file's directory.
    void allowPath()
    {
        QTemporaryDir files;
        QTemporaryDir elsewhere;
        const QString secret = elsewhere.filePath(QStringLiteral("shadow"));
        QFile s(secret);
        QVERIFY(s.open(QIODevice::WriteOnly));
        s.write("root-secret-hash");
        s.close();
        const QString file = files.filePath(QStringLiteral("c.nix"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ app.services.web.image = builtins.readFile " + secret.toUtf8() + "; }\n");
        f.close();

        const khepri::test::KhepriRun refused =
            runKhepri({QStringLiteral("show"), QStringLiteral("--file"), file});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY(!refused.out.contains(u"root-secret-hash"));
        QVERIFY2(refused.err.contains(u" reads " + secret + u", which is outside the directories"),
                 qPrintable(refused.err));
        QVERIFY2(refused.err.contains(u"--allow-path " + elsewhere.path()),
                 qPrintable(refused.err));

        const khepri::test::KhepriRun allowed =
            runKhepri({QStringLiteral("show"), QStringLiteral("--file"), file,
                       QStringLiteral("--allow-path"), elsewhere.path()});
        QVERIFY2(allowed.exitCode == 0, qPrintable(allowed.err));
        QVERIFY2(allowed.out.contains(u"  web   root-secret-hash"), qPrintable(allowed.out));

        const khepri::test::KhepriRun flake = runKhepri(
            {QStringLiteral("show"), QStringLiteral("--flake"), QStringLiteral("path:/x#host"),
             QStringLiteral("--allow-path"), elsewhere.path()});
        QCOMPARE(flake.exitCode, 2);
        QVERIFY2(flake.err.contains(u"--allow-path applies to a --file source"),
                 qPrintable(flake.err));
    }

    void controlCharactersEscaped()
    {
        const khepri::test::KhepriRun r =
            runKhepri({QStringLiteral("show"), QStringLiteral("--file"),
                       dataPath(QStringLiteral("hostile-escapes.nix"))});
        const QString all = r.out + r.err;
        QVERIFY2(!all.contains(QChar(0x1b)) && !all.contains(QChar(0x07)), qPrintable(all));
        QVERIFY2(r.out.contains(u"web\\x1b]0;pwned\\x07\\x1b[2J"), qPrintable(all));
        QVERIFY2(r.out.contains(u"nginx\\x1b[31m:1"), qPrintable(all));
        QCOMPARE(r.exitCode, 0);
        // JSON carries the value itself, escaped by JSON.
        const khepri::test::KhepriRun json =
            runKhepri({QStringLiteral("show"), QStringLiteral("--json"), QStringLiteral("--file"),
                       dataPath(QStringLiteral("hostile-escapes.nix"))});
        QVERIFY(!json.out.contains(QChar(0x1b)));
        QVERIFY(json.out.contains(u"nginx\\u001b[31m:1"));
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
