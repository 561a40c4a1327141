// The one Nix string escaper against the real nix: hostile strings written
// with nixString, nixAttributeName and nixAttributePath read back from
// `nix-instantiate --eval` as exactly the characters given — as a value, as
// an attribute name bound in a set, and as a selected attribute path.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "nixstring.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

struct Evaluated {
    QJsonValue value;
    QString error; // empty when nix succeeded
};

// `expression` evaluated strictly by nix-instantiate, printed as JSON.
Evaluated evaluate(const QString &expression)
{
    QProcess nix;
    nix.start(u"nix-instantiate"_s,
              {u"--eval"_s, u"--strict"_s, u"--json"_s, u"--expr"_s, expression});
    if (!nix.waitForFinished(120000))
        return {{}, u"nix-instantiate did not finish: "_s + nix.errorString()};
    if (nix.exitStatus() != QProcess::NormalExit || nix.exitCode() != 0)
        return {{},
                u"nix-instantiate failed on "_s + expression + u":\n"_s
                    + QString::fromUtf8(nix.readAllStandardError())};
    QJsonParseError parseError;
    const QJsonDocument doc =
        QJsonDocument::fromJson("[" + nix.readAllStandardOutput() + "]", &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return {{}, u"unreadable JSON from nix: "_s + parseError.errorString()};
    return {doc.array().first(), {}};
}

} // namespace

class TestNixString : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hostile_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << u"caddy:alpine"_s;
        QTest::newRow("empty") << QString();
        QTest::newRow("space") << u" "_s;
        QTest::newRow("quote") << u"a\"b"_s;
        QTest::newRow("only quote") << u"\""_s;
        QTest::newRow("backslash") << u"a\\b"_s;
        QTest::newRow("trailing backslash") << u"a\\"_s;
        QTest::newRow("backslash n, not a newline") << u"\\n"_s;
        QTest::newRow("newline") << u"a\nb"_s;
        QTest::newRow("carriage return") << u"a\rb"_s;
        QTest::newRow("tab") << u"a\tb"_s;
        QTest::newRow("crlf") << u"line\r\n"_s;
        QTest::newRow("interpolation") << u"${x}"_s;
        QTest::newRow("dollar dollar brace") << u"$${x}"_s;
        QTest::newRow("three dollars brace") << u"$$${x}"_s;
        QTest::newRow("escaped interpolation") << u"\\${x}"_s;
        QTest::newRow("lone dollar") << u"a$ $b"_s;
        QTest::newRow("trailing dollar") << u"cost$"_s;
        QTest::newRow("dollar quote") << u"$\""_s;
        QTest::newRow("dollar backslash") << u"$\\"_s;
        QTest::newRow("indented-string quotes") << u"''x''"_s;
        QTest::newRow("indented-string interpolation escape") << u"''${x}"_s;
        QTest::newRow("comment starts") << u"# /* */"_s;
        QTest::newRow("braces and dots") << u"{a.b}"_s;
        QTest::newRow("keyword") << u"inherit"_s;
        QTest::newRow("or") << u"or"_s;
        QTest::newRow("leading digit") << u"1st"_s;
        QTest::newRow("leading dash") << u"-x"_s;
        QTest::newRow("control characters") << u"\x01\x1b[31m\x7f"_s;
        QTest::newRow("unicode") << u"Grüße 🐳 日本"_s;
        QTest::newRow("line separator") << u"a\u2028b"_s;
        QTest::newRow("everything") << u"\"\\\n\r\t${$${''${}\\${"_s;
    }

    // As a value: "<literal>".
    void hostile()
    {
        QFETCH(QString, text);
        const Evaluated read = evaluate(nixString(text));
        QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
        QVERIFY(read.value.isString());
        QCOMPARE(read.value.toString(), text);
    }

    // As a name bound in an attribute set: builtins.attrNames { <name> = null; }.
    void hostileAttributeName_data() { hostile_data(); }
    void hostileAttributeName()
    {
        QFETCH(QString, text);
        const Evaluated read =
            evaluate(u"builtins.attrNames { "_s + nixAttributeName(text) + u" = null; }"_s);
        QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
        QCOMPARE(read.value.toArray(), QJsonArray{text});
    }

    // As a selected path: { <name> = { <name> = <value>; }; }.<name>.<name>.
    void hostileAttributePath_data() { hostile_data(); }
    void hostileAttributePath()
    {
        QFETCH(QString, text);
        const QString name = nixAttributeName(text);
        const Evaluated read =
            evaluate(u"{ "_s + name + u" = { "_s + name + u" = "_s + nixString(text)
                     + u"; other = 1; }; other = 2; }."_s + nixAttributePath({text, text}));
        QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
        QCOMPARE(read.value.toString(), text);
    }

    // The literals themselves, as the writer's golden files expect them.
    void literals_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("nix");
        QTest::newRow("newline tab cr") << u"a\nb\tc\rd"_s << u"\"a\\nb\\tc\\rd\""_s;
        QTest::newRow("interpolation") << u"${x}"_s << u"\"\\${x}\""_s;
        QTest::newRow("dollar dollar brace") << u"$${x}"_s << u"\"$\\${x}\""_s;
        QTest::newRow("lone dollar") << u"a$ $b"_s << u"\"a$ $b\""_s;
        // Formerly NixEvaluator::quoteAttribute's cases.
        QTest::newRow("plain") << u"host"_s << u"\"host\""_s;
        QTest::newRow("dots") << u"a.b"_s << u"\"a.b\""_s;
        QTest::newRow("quote") << u"a\"b"_s << u"\"a\\\"b\""_s;
        QTest::newRow("backslash") << u"a\\b"_s << u"\"a\\\\b\""_s;
    }

    void literals()
    {
        QFETCH(QString, text);
        QTEST(nixString(text), "nix");
    }

    void attributePath()
    {
        QCOMPARE(nixAttributePath({u"a.b"_s, u"c"_s}), u"\"a.b\".\"c\""_s);
        QCOMPARE(nixAttributePath({}), QString());
    }
};

QTEST_GUILESS_MAIN(TestNixString)
#include "tst_nixstring.moc"
