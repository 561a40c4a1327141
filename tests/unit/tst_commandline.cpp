// parseCommandLine: every command, source and usage error of the CLI.

#include <QTest>

#include "commandline.h"

using namespace khepri;

class TestCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        const auto c = parseCommandLine({QStringLiteral("khepri")});
        QVERIFY(c.ok());
        QVERIFY(!c.value().explicitKind);
        QVERIFY(!c.value().source);
    }

    void showFileJson()
    {
        const auto c = parseCommandLine({QStringLiteral("khepri"), QStringLiteral("show"),
                                         QStringLiteral("--file"), QStringLiteral("x.nix"),
                                         QStringLiteral("--json")});
        QVERIFY(c.ok());
        QCOMPARE(c.value().kind, Command::Kind::Show);
        QVERIFY(c.value().json);
        QCOMPARE(c.value().source->kind, Source::Kind::File);
        QCOMPARE(c.value().source->path, QStringLiteral("x.nix"));
    }

    void flakeWithHost()
    {
        const auto c = parseCommandLine({QStringLiteral("khepri"), QStringLiteral("tui"),
                                         QStringLiteral("--flake=path:/srv/cfg#web-1")});
        QVERIFY(c.ok());
        QCOMPARE(c.value().kind, Command::Kind::Tui);
        QCOMPARE(c.value().source->flakeRef, QStringLiteral("path:/srv/cfg"));
        QCOMPARE(c.value().source->host, QStringLiteral("web-1"));
    }

    void flakeDefaults()
    {
        const auto c = parseCommandLine({QStringLiteral("khepri"), QStringLiteral("show"),
                                         QStringLiteral("--flake"), QStringLiteral("#")});
        QVERIFY(c.ok());
        QCOMPARE(c.value().source->flakeRef, QStringLiteral("/etc/nixos"));
        QVERIFY(!c.value().source->host.isEmpty());
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("contains");
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("unknown command");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("show"), QStringLiteral("--bogus")}
            << QStringLiteral("unknown argument");
        QTest::newRow("missing value")
            << QStringList{QStringLiteral("show"), QStringLiteral("--file")}
            << QStringLiteral("--file needs a value");
        QTest::newRow("two sources")
            << QStringList{QStringLiteral("show"), QStringLiteral("--file"), QStringLiteral("a"),
                           QStringLiteral("--flake"), QStringLiteral(".#h")}
            << QStringLiteral("one source");
        QTest::newRow("json outside show")
            << QStringList{QStringLiteral("gui"), QStringLiteral("--json")}
            << QStringLiteral("--json is an option of show");
        QTest::newRow("bad host") << QStringList{QStringLiteral("show"), QStringLiteral("--flake"),
                                                 QStringLiteral(".#a\"b")}
                                  << QStringLiteral("invalid host name");
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, contains);
        args.prepend(QStringLiteral("khepri"));
        const auto c = parseCommandLine(args);
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.contains(contains), qPrintable(c.error().message));
        QCOMPARE(c.error().code, QStringLiteral("usage"));
    }

    void help()
    {
        const auto c = parseCommandLine({QStringLiteral("khepri"), QStringLiteral("--help")});
        QVERIFY(c.ok());
        QCOMPARE(c.value().kind, Command::Kind::Help);
        QVERIFY(usageText().contains(u"khepri show"));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
