// `khepri validate` end to end with the real nix: the demo is clean (exit 0),
// a broken variant reports each problem with file:line (exit 1), nix errors
// exit 2.

#include <QProcess>
#include <QTest>

#include "testsupport.h"

using khepri::test::dataPath;
using khepri::test::khepriBinary;
using khepri::test::sourcePath;

using khepri::test::runKhepri;

class TestCliValidate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void demoIsValid()
    {
        const khepri::test::KhepriRun r =
            runKhepri({QStringLiteral("validate"), QStringLiteral("--file"),
                       sourcePath(QStringLiteral("examples/demo/compositions.nix"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral(": 0 error(s), 2 warning(s)\n")), qPrintable(r.out));
        // The README example keeps its passwords in the environment: warned, with the line.
        QVERIFY2(r.out.contains(
                     sourcePath(QStringLiteral("examples/demo/compositions.nix"))
                     + QStringLiteral(
                         ":53: warning: khepri.compositions.paperless.services.db: environment "
                         "variable POSTGRES_PASSWORD looks like a secret")),
                 qPrintable(r.out));
    }

    void brokenVariant()
    {
        const QString file = dataPath(QStringLiteral("broken-demo.nix"));
        const khepri::test::KhepriRun r =
            runKhepri({QStringLiteral("validate"), QStringLiteral("--file"), file});
        QCOMPARE(r.exitCode, 1);
        const QStringList expected{
            file
                + QStringLiteral(":12: error: khepri.compositions.caddy.services.caddy: network "
                                 "\"proxy_nett\" is not "
                                 "defined in khepri.compositions.caddy.networks"),
            file
                + QStringLiteral(":26: error: khepri.compositions.paperless.services.webserver: "
                                 "dependsOn.db.condition is "
                                 "\"service_healthy\", but service \"db\" has no healthcheck"),
            file
                + QStringLiteral(":27: error: khepri.compositions.paperless.services.webserver: "
                                 "volume \"documents\""),
            QStringLiteral("error: host address *:80/tcp is published more than once"),
            file
                + QStringLiteral(
                    ":21: warning: khepri.compositions.paperless.services.db: environment variable "
                    "POSTGRES_PASSWORD looks like a secret"),
            file
                + QStringLiteral(":6: warning: khepri.compositions.caddy.networks.proxy_net: "
                                 "external network \"proxy_net\" is created by no composition"),
        };
        for (const QString &line : expected)
            QVERIFY2(r.out.contains(line),
                     qPrintable(QStringLiteral("missing: ") + line + u'\n' + r.out));
        QVERIFY2(r.out.contains(QStringLiteral(": 4 error(s), 2 warning(s)\n")), qPrintable(r.out));
    }

    void json()
    {
        const khepri::test::KhepriRun r =
            runKhepri({QStringLiteral("validate"), QStringLiteral("--json"),
                       QStringLiteral("--file"), dataPath(QStringLiteral("broken-demo.nix"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains(QStringLiteral("\"code\": \"unknown-network\"")));
        QVERIFY(r.out.contains(QStringLiteral("\"line\": 12")));
    }

    // Diagnostics quote names from the file: escapes in them are shown
    // escaped, never sent to the terminal.
    void controlCharactersEscaped()
    {
        const khepri::test::KhepriRun r =
            runKhepri({QStringLiteral("validate"), QStringLiteral("--file"),
                       dataPath(QStringLiteral("hostile-escapes.nix"))});
        const QString all = r.out + r.err;
        QVERIFY2(!all.contains(QChar(0x1b)) && !all.contains(QChar(0x07)), qPrintable(all));
        QVERIFY2(all.contains(u"web\\x1b]0;pwned\\x07\\x1b[2J"), qPrintable(all));
    }

    void nixError()
    {
        const khepri::test::KhepriRun r =
            runKhepri({QStringLiteral("validate"), QStringLiteral("--file"),
                       dataPath(QStringLiteral("syntax-error.nix"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("syntax-error.nix:5:3: syntax error")));
    }
};

QTEST_GUILESS_MAIN(TestCliValidate)
#include "tst_cli_validate.moc"
