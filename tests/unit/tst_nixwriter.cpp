// The Nix writer: string escaping, attribute names, numbers, short forms, and
// whole owned files compared byte for byte with golden files in
// tests/data/golden/ — the demo, a composition setting every option the schema
// knows, hostile strings — each of which the real nix evaluates back to its
// input. A string holding NUL is refused before anything is written.
//
// The golden files change only on request: KHEPRI_UPDATE_GOLDEN=1 rewrites
// them (then review `git diff tests/data/golden`).

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "compositionjson.h"
#include "nixwriter.h"
#include "schema.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

// The compositions of a golden case's input: a Nix file evaluated with the
// real nix (as the console loads it), or canonical JSON.
Result<QList<Composition>> loadInput(const QString &path)
{
    if (!path.endsWith(u".json"_s))
        return test::loadCompositionsFile(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return compositionsFromJson({}); // never reached for the listed cases
    return compositionsFromJson(QJsonDocument::fromJson(file.readAll()).object());
}

QString errorText(const Result<QList<Composition>> &r)
{
    return r.ok() ? QString() : r.error().toString();
}

// `diff -u` of the golden file and what the writer wrote, for the failure message.
QString unifiedDiff(const QString &goldenPath, const QByteArray &written)
{
    QTemporaryDir dir;
    const QString actual = dir.filePath(u"written.nix"_s);
    QFile file(actual);
    if (!dir.isValid() || !file.open(QIODevice::WriteOnly) || file.write(written) != written.size())
        return u"(could not write a temporary file for the diff)"_s;
    file.close();
    QProcess diff;
    diff.start(u"diff"_s, {u"-u"_s, u"--label"_s, u"golden "_s + goldenPath, u"--label"_s,
                           u"written by writeCompositionsFile"_s, goldenPath, actual});
    diff.waitForFinished(60000);
    return QString::fromUtf8(diff.readAllStandardOutput() + diff.readAllStandardError());
}

// Every option path of `node` below `prefix` ("services.<name>.ports[].protocol"),
// and whether `value` sets each one somewhere.
void optionPaths(const SchemaNode &node, const QString &prefix, QStringList *out)
{
    for (auto it = node.fields.cbegin(); it != node.fields.cend(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix % u'.' % it.key();
        out->append(path);
        optionPaths(*it.value(), path, out);
    }
    if (node.item && (node.item->record))
        optionPaths(*node.item, prefix % (node.map ? u".<name>"_s : u"[]"_s), out);
}

void setPaths(const QJsonValue &value, const QString &prefix, const SchemaNode &node,
              QSet<QString> *out)
{
    if (value.isObject() && node.record) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const SchemaNode *field = node.fields.value(it.key());
            if (!field)
                continue;
            const QString path = prefix.isEmpty() ? it.key() : prefix % u'.' % it.key();
            out->insert(path);
            setPaths(it.value(), path, *field, out);
        }
    } else if (value.isObject() && node.map && node.item) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            setPaths(it.value(), prefix.isEmpty() ? u"<name>"_s : prefix % u".<name>"_s, *node.item,
                     out);
    } else if (value.isArray() && node.item) {
        const QJsonArray a = value.toArray();
        for (const QJsonValue &v : a)
            setPaths(v, prefix % u"[]"_s, *node.item, out);
    }
}

} // namespace

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

    // The owned file, byte for byte; then the real nix reads the golden file
    // back as its input.
    void golden_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("golden");
        QTest::newRow("demo") << test::sourcePath(u"examples/demo/compositions.nix"_s)
                              << u"demo.nix"_s;
        QTest::newRow("every option")
            << test::dataPath(u"every-option.nix"_s) << u"every-option.nix"_s;
        QTest::newRow("hostile strings")
            << test::dataPath(u"golden/hostile-strings.json"_s) << u"hostile-strings.nix"_s;
    }
    void golden()
    {
        QFETCH(QString, input);
        QFETCH(QString, golden);
        const auto compositions = loadInput(input);
        QVERIFY2(compositions.ok(), qPrintable(input % u": "_s % errorText(compositions)));
        for (const Composition &c : compositions.value())
            QVERIFY2(c.unrepresentable.isEmpty(),
                     qPrintable(input % u": the writer cannot say everything in "_s % c.name));
        const QByteArray written = writeCompositionsFile(compositions.value()).toUtf8();

        const QString goldenPath = test::dataPath(u"golden/"_s + golden);
        QFile file(goldenPath);
        if (qEnvironmentVariableIntValue("KHEPRI_UPDATE_GOLDEN") == 1) {
            QVERIFY2(file.open(QIODevice::WriteOnly) && file.write(written) == written.size(),
                     qPrintable(u"cannot write "_s + goldenPath));
            file.close();
            qInfo("updated %s: review it with git diff", qPrintable(goldenPath));
        } else {
            QVERIFY2(file.open(QIODevice::ReadOnly),
                     qPrintable(goldenPath
                                % u" is missing: run the test with KHEPRI_UPDATE_GOLDEN=1, then "
                                  u"review the new file"_s));
            const QByteArray expected = file.readAll();
            file.close();
            if (expected != written)
                QFAIL(qPrintable(u"the writer's output differs from "_s % goldenPath
                                 % u" (if the change is intended, run with "
                                   u"KHEPRI_UPDATE_GOLDEN=1 and review git diff):\n"_s
                                 % unifiedDiff(goldenPath, written)));
        }

        // The golden file says what its input says.
        const auto back = test::loadCompositionsFile(goldenPath);
        QVERIFY2(back.ok(), qPrintable(goldenPath % u": "_s % errorText(back)));
        const QJsonObject before = compositionsToJson(compositions.value());
        const QJsonObject after = compositionsToJson(back.value());
        if (before != after)
            QFAIL(qPrintable(u"nix evaluates "_s % goldenPath % u" to other compositions than "_s
                             % input % u"\ninput:  "_s
                             % QString::fromUtf8(QJsonDocument(before).toJson()) % u"\ngolden: "_s
                             % QString::fromUtf8(QJsonDocument(after).toJson())));
        QCOMPARE(back.value(), compositions.value());
    }

    // The every-option golden case sets every option the schema knows (which
    // tst_schema holds to the module's), defaults included where written.
    void everyOptionIsSet()
    {
        const auto every = test::loadCompositionsFile(test::dataPath(u"every-option.nix"_s));
        QVERIFY2(every.ok(), qPrintable(errorText(every)));
        QSet<QString> set;
        setPaths(compositionsToJson(every.value()), {}, schema::compositions(), &set);
        QStringList all;
        optionPaths(*schema::compositions().item, u"<name>"_s, &all);
        QStringList unset;
        for (const QString &path : std::as_const(all))
            if (!set.contains(path))
                unset << path;
        QVERIFY2(unset.isEmpty(),
                 qPrintable(u"tests/data/every-option.nix sets none of: "_s % unset.join(u", "_s)));
    }

    // NUL cannot be in a Nix string: a value or a name holding one is refused,
    // saying so, before anything could be written.
    void nulIsRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("in a value")
            << QByteArray(R"({"c": {"services": {"s": {"image": "a\u0000b"}}}})");
        QTest::newRow("in a name")
            << QByteArray(R"({"c": {"services": {"s\u0000t": {"image": "x"}}}})");
        QTest::newRow("in an environment value") << QByteArray(
            R"({"c": {"services": {"s": {"image": "x", "environment": {"K": "v\u0000"}}}}})");
    }
    void nulIsRefused()
    {
        QFETCH(QByteArray, json);
        const QJsonDocument doc = QJsonDocument::fromJson(json);
        QVERIFY(doc.isObject());
        const auto r = compositionsFromJson(doc.object());
        QVERIFY(!r.ok());
        QVERIFY2(r.error().toString().contains(u"NUL"_s), qPrintable(r.error().toString()));
    }
};

QTEST_GUILESS_MAIN(TestNixWriter)
#include "tst_nixwriter.moc"
