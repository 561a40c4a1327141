// parseCommandLine: commands, sources, options checked against the command
// table, and usage errors.

#include <QTest>

#include "commandline.h"
#include "commands.h"

using namespace khepri;

namespace {
Result<Command> parse(QStringList args)
{
    args.prepend(QStringLiteral("khepri"));
    return parseCommandLine(args);
}
} // namespace

class TestCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        const auto c = parse({});
        QVERIFY(c.ok());
        QVERIFY(c.value().name.isEmpty());
        QVERIFY(!c.value().source);
    }

    void showFileJson()
    {
        const auto c = parse({QStringLiteral("show"), QStringLiteral("--file"),
                              QStringLiteral("x.nix"), QStringLiteral("--json")});
        QVERIFY(c.ok());
        QCOMPARE(c.value().name, QStringLiteral("show"));
        QVERIFY(c.value().flag(QStringLiteral("json")));
        QCOMPARE(c.value().source->kind, Source::Kind::File);
        QCOMPARE(c.value().source->path, QStringLiteral("x.nix"));
    }

    void flakeWithHost()
    {
        const auto c =
            parse({QStringLiteral("tui"), QStringLiteral("--flake=path:/srv/cfg#web-1")});
        QVERIFY(c.ok());
        QCOMPARE(c.value().name, QStringLiteral("tui"));
        QCOMPARE(c.value().source->flakeRef, QStringLiteral("path:/srv/cfg"));
        QCOMPARE(c.value().source->host, QStringLiteral("web-1"));
    }

    void allowPaths()
    {
        const auto c = parse({QStringLiteral("validate"), QStringLiteral("--allow-path"),
                              QStringLiteral("/srv/a"), QStringLiteral("--file"),
                              QStringLiteral("x.nix"), QStringLiteral("--allow-path=/srv/b")});
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
        QCOMPARE(c.value().source->allowedPaths,
                 (QStringList{QStringLiteral("/srv/a"), QStringLiteral("/srv/b")}));
        QVERIFY(usageText().contains(u"--allow-path DIR"));
    }

    void flakeDefaults()
    {
        const auto c =
            parse({QStringLiteral("show"), QStringLiteral("--flake"), QStringLiteral("#")});
        QVERIFY(c.ok());
        QCOMPARE(c.value().source->flakeRef, QStringLiteral("/etc/nixos"));
        QVERIFY(!c.value().source->host.isEmpty());
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")}
                                         << QStringLiteral("unknown command \"frobnicate\"");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("show"), QStringLiteral("--bogus")}
            << QStringLiteral("unknown argument \"--bogus\" for show");
        QTest::newRow("missing value")
            << QStringList{QStringLiteral("show"), QStringLiteral("--file")}
            << QStringLiteral("--file needs a value");
        QTest::newRow("two sources")
            << QStringList{QStringLiteral("show"), QStringLiteral("--file"), QStringLiteral("a"),
                           QStringLiteral("--flake"), QStringLiteral(".#h")}
            << QStringLiteral("give one source: --file or --flake, once");
        QTest::newRow("json outside show")
            << QStringList{QStringLiteral("gui"), QStringLiteral("--json")}
            << QStringLiteral("unknown argument \"--json\" for gui");
        QTest::newRow("bad host") << QStringList{QStringLiteral("show"), QStringLiteral("--flake"),
                                                 QStringLiteral(".#a\"b")}
                                  << QStringLiteral("invalid host name \"a\"b\" in --flake");
        QTest::newRow("stray positional")
            << QStringList{QStringLiteral("show"), QStringLiteral("extra")}
            << QStringLiteral("unexpected argument \"extra\" for show");
        QTest::newRow("allow-path with a flake")
            << QStringList{QStringLiteral("show"), QStringLiteral("--flake"), QStringLiteral(".#h"),
                           QStringLiteral("--allow-path"), QStringLiteral("/srv")}
            << QStringLiteral("--allow-path applies to a --file source");
        QTest::newRow("allow-path without a source")
            << QStringList{QStringLiteral("show"), QStringLiteral("--allow-path"),
                           QStringLiteral("/srv")}
            << QStringLiteral("--allow-path applies to a --file source");
        QTest::newRow("allow-path for askpass")
            << QStringList{QStringLiteral("askpass"), QStringLiteral("--allow-path"),
                           QStringLiteral("/srv")}
            << QStringLiteral("askpass takes no --allow-path");
        QTest::newRow("flag with value")
            << QStringList{QStringLiteral("show"), QStringLiteral("--json=yes")}
            << QStringLiteral("--json takes no value");
    }

    void errors()
    {
        QFETCH(QStringList, args);
        const auto c = parse(args);
        QVERIFY(!c.ok());
        QTEST(c.error().message, "message");
        QCOMPARE(c.error().code, ErrorCode::Usage);
    }

    void repeatedOptionsKeepEveryValue()
    {
        // khepri import takes several compose files, env files and profiles.
        const auto c =
            parse({QStringLiteral("import"), QStringLiteral("a.yml"), QStringLiteral("b.yml"),
                   QStringLiteral("--env-file"), QStringLiteral("one.env"),
                   QStringLiteral("--env-file=two.env"), QStringLiteral("--profile"),
                   QStringLiteral("ml"), QStringLiteral("--dry-run")});
        QVERIFY(c.ok());
        QCOMPARE(c.value().positional,
                 (QStringList{QStringLiteral("a.yml"), QStringLiteral("b.yml")}));
        QCOMPARE(c.value().lists.value(QStringLiteral("env-file")),
                 (QStringList{QStringLiteral("one.env"), QStringLiteral("two.env")}));
        QCOMPARE(c.value().lists.value(QStringLiteral("profile")),
                 QStringList{QStringLiteral("ml")});
        QCOMPARE(c.value().value(QStringLiteral("env-file")), QStringLiteral("two.env"));
        QVERIFY(c.value().flag(QStringLiteral("dry-run")));
        QVERIFY(!parse({QStringLiteral("export"), QStringLiteral("--profile"), QStringLiteral("x")})
                     .ok());
    }

    void help()
    {
        const auto c = parse({QStringLiteral("--help")});
        QVERIFY(c.ok());
        QCOMPARE(c.value().name, QStringLiteral("help"));
        for (const CommandSpec &spec : commandSpecs())
            QVERIFY2(usageText().contains(spec.synopsis), qPrintable(spec.synopsis));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
