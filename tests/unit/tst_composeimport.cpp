// The compose importer and exporter over the corpus in tests/data/compose:
// golden Nix and diagnostics per case (byte for byte; the source tree's path
// is written @DATA@), export ∘ import is the identity, every interpolation
// form, and the messages of unusable input. No components needed: the
// golden files' evaluation through the translator is tst_composenix.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "composecorpus.h"
#include "composeexporter.h"
#include "composeimporter.h"
#include "composeinterpolation.h"
#include "nixwriter.h"
#include "testsupport.h"

using namespace khepri;
using namespace khepri::compose;
using namespace Qt::StringLiterals;

class TestComposeImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void golden_data()
    {
        QTest::addColumn<QString>("name");
        for (const test::ComposeCase &c : test::composeCases())
            QTest::newRow(qPrintable(c.name)) << c.name;
    }
    void golden()
    {
        QFETCH(QString, name);
        const test::ComposeCase c = test::composeCase(name);
        const auto r = importCompose(test::composeOptions(c));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QVERIFY(test::compareGolden(
            name % u".nix"_s, test::portable(writeCompositionsFile({r.value().composition}))));
        QVERIFY(test::compareGolden(name % u".diagnostics"_s,
                                    test::portable(test::diagnosticsText(r.value()))));
        QCOMPARE(r.value().everythingCarried(), c.everythingCarried);
    }

    void exportThenImportIsIdentity_data() { golden_data(); }
    void exportThenImportIsIdentity()
    {
        QFETCH(QString, name);
        const test::ComposeCase c = test::composeCase(name);
        const auto first = importCompose(test::composeOptions(c));
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
        const Composition &original = first.value().composition;

        QTemporaryDir dir;
        const QByteArray yaml = exportCompose(original);
        ImportOptions options; // no environment, no .env: nothing may depend on them
        const auto again = importComposeText(yaml, dir.filePath(u"exported.yml"_s), options);
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString()
                                                   : again.error().toString() + u'\n'
                                                         + QString::fromUtf8(yaml)));
        if (again.value().composition != original) {
            qWarning().noquote() << QString::fromUtf8(yaml);
            QCOMPARE(writeCompositionsFile({again.value().composition}),
                     writeCompositionsFile({original}));
        }
        QCOMPARE(again.value().composition, original);
        // Nothing of the exported file is left behind either.
        for (const Diagnostic &d : again.value().diagnostics)
            QVERIFY2(!isNotCarried(d), qPrintable(d.message));
        QCOMPARE(exportCompose(again.value().composition), yaml);
    }

    void interpolation_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QStringList>("unset");
        const QStringList none;
        QTest::newRow("plain") << u"a b"_s << u"a b"_s << none;
        QTest::newRow("$VAR") << u"x$SET.y"_s << u"xvalue.y"_s << none;
        QTest::newRow("${VAR}") << u"${SET}s"_s << u"values"_s << none;
        QTest::newRow("unset") << u"[$NOPE]"_s << u"[]"_s << QStringList{u"NOPE"_s};
        QTest::newRow(":- unset") << u"${NOPE:-d}"_s << u"d"_s << none;
        QTest::newRow(":- empty") << u"${EMPTY:-d}"_s << u"d"_s << none;
        QTest::newRow(":- set") << u"${SET:-d}"_s << u"value"_s << none;
        QTest::newRow("- unset") << u"${NOPE-d}"_s << u"d"_s << none;
        QTest::newRow("- empty") << u"${EMPTY-d}"_s << u""_s << none;
        QTest::newRow(":+ set") << u"${SET:+alt}"_s << u"alt"_s << none;
        QTest::newRow(":+ empty") << u"${EMPTY:+alt}"_s << u""_s << none;
        QTest::newRow("+ empty") << u"${EMPTY+alt}"_s << u"alt"_s << none;
        QTest::newRow("+ unset") << u"${NOPE+alt}"_s << u""_s << none;
        QTest::newRow(":? set") << u"${SET:?msg}"_s << u"value"_s << none;
        QTest::newRow("? empty") << u"${EMPTY?msg}"_s << u""_s << none;
        QTest::newRow("$$") << u"$$SET $${SET}"_s << u"$SET ${SET}"_s << none;
        QTest::newRow("nested") << u"${NOPE:-${ALSO:-in ${SET}}}"_s << u"in value"_s << none;
        QTest::newRow("braces in default") << u"${NOPE:-{a}}"_s << u"{a}"_s << none;
    }
    void interpolation()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QFETCH(QStringList, unset);
        const auto r = interpolate(text, lookup());
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r.value().value, expected);
        QCOMPARE(r.value().unsetVariables, unset);
    }

    void interpolationErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow(":? unset") << u"${NOPE:?set it please}"_s
                                  << u"required variable NOPE is missing a value: set it please"_s;
        QTest::newRow(":? empty") << u"${EMPTY:?}"_s
                                  << u"required variable EMPTY is missing a value"_s;
        QTest::newRow("? unset") << u"${NOPE?}"_s << u"required variable NOPE is missing a value"_s;
        QTest::newRow("lone $") << u"5$"_s << u"invalid interpolation format in \"5$\""_s;
        QTest::newRow("$1") << u"$1"_s << u"invalid interpolation format"_s;
        QTest::newRow("unclosed") << u"${A"_s << u"invalid interpolation format"_s;
        QTest::newRow("empty braces") << u"${}"_s << u"invalid interpolation format"_s;
    }
    void interpolationErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const auto r = interpolate(text, lookup());
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
    }

    void envFile()
    {
        const auto r = parseEnvFile(
            u"# c\n\nA=1\nexport B = two\nC='lit $A'\nD=\"q\\n$A\"\nE=x # comment\nF=${A}${B}\nG\n"_s,
            [](const QString &n) -> std::optional<QString> {
                if (n == u"G")
                    return u"from-env"_s;
                return std::nullopt;
            },
            u".env"_s);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        const QList<std::pair<QString, QString>> expected{
            {u"A"_s, u"1"_s}, {u"B"_s, u"two"_s},  {u"C"_s, u"lit $A"_s},  {u"D"_s, u"q\n1"_s},
            {u"E"_s, u"x"_s}, {u"F"_s, u"1two"_s}, {u"G"_s, u"from-env"_s}};
        QCOMPARE(r.value(), expected);
        const auto bad = parseEnvFile(u"A=1\nnot a line\n"_s, lookup(), u"x.env"_s);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().line, 2);
    }

    void unusableInput_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad yaml") << u"bad-yaml.yml"_s << ErrorCode::Syntax
                                  << u"bad-yaml.yml:6:6: YAML syntax error: end of map not found"_s;
        QTest::newRow("bad ports") << u"bad-ports.yml"_s << ErrorCode::Type
                                   << u"bad-ports.yml:4:12: services.web.ports must be a list"_s;
        QTest::newRow("volume name like a path")
            << u"volume-name-like-a-path.yml"_s << ErrorCode::Type
            << u"volume-name-like-a-path.yml:5:9: services.app.volumes: \"~appdata\" is not a "
               u"volume name (a name cannot start with '.', '/' or '~')"_s;
        QTest::newRow("services list")
            << u"services-list.yml"_s << ErrorCode::Type
            << u"services-list.yml:2:3: services must be a mapping of names"_s;
        QTest::newRow("missing variable")
            << u"missing-var.yml"_s << ErrorCode::MissingVariable
            << u"missing-var.yml:3:12: required variable TAG is missing a value: set TAG to the "
               u"nginx version"_s;
        QTest::newRow("bad template") << u"bad-template.yml"_s << ErrorCode::InvalidTemplate
                                      << u"bad-template.yml:5:13: invalid interpolation format"_s;
        QTest::newRow("extends cycle")
            << u"extends-cycle.yml"_s << ErrorCode::ExtendsCycle << u"services.b extends itself"_s;
        QTest::newRow("no image") << u"no-image.yml"_s << ErrorCode::MissingImage
                                  << u"no-image.yml:3:5: service web has neither image nor build"_s;
        QTest::newRow("duplicate key")
            << u"duplicate-key.yml"_s << ErrorCode::DuplicateKey
            << u"duplicate-key.yml:4:12: the key \"image\" appears twice"_s;
    }
    void unusableInput()
    {
        QFETCH(QString, file);
        QFETCH(ErrorCode, code);
        QFETCH(QString, message);
        ImportOptions options;
        options.files = {test::dataPath(u"compose/errors/"_s + file)};
        const auto r = importCompose(options);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
        QVERIFY(!r.error().hint.isEmpty() || code == ErrorCode::ExtendsCycle
                || code == ErrorCode::Syntax);
    }

    void processEnvironmentWinsOverDotEnv()
    {
        ImportOptions options;
        options.files = {test::dataPath(u"compose/interpolation/docker-compose.yml"_s)};
        options.environment = {{u"OVERRIDDEN"_s, u"from-process"_s}};
        const auto r = importCompose(options);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r.value().composition.services.first().environment().value(u"OVERRIDDEN"_s),
                 u"from-process"_s);
    }

    void envFileOptionReplacesDotEnv()
    {
        QTemporaryDir dir;
        QFile env(dir.filePath(u"other.env"_s));
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write("REQUIRED_VAR=given\nTAG=2\n");
        env.close();
        ImportOptions options;
        options.files = {test::dataPath(u"compose/interpolation/docker-compose.yml"_s)};
        options.envFiles = {env.fileName()};
        const auto r = importCompose(options);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        const Service &s = r.value().composition.services.first();
        QCOMPARE(s.image(), u"docker.io/library/nginx:2"_s);
        QCOMPARE(s.environment().value(u"REQUIRED"_s), u"given"_s);
        QVERIFY(!s.environment().contains(u"PLAIN"_s)
                || s.environment().value(u"PLAIN"_s).isEmpty());
    }

    void secretsToWritesPrivateFile()
    {
        QTemporaryDir dir;
        ImportOptions options;
        options.files = {test::dataPath(u"compose/secrets-to/docker-compose.yml"_s)};
        options.secretsDir = dir.path();
        const auto r = importCompose(options);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r.value().secretFiles.size(), 1);
        const SecretFile &f = r.value().secretFiles.first();
        QCOMPARE(f.path, dir.filePath(u"secrets-to-app.env"_s));
        QCOMPARE(f.content, QByteArray("API_TOKEN=abc123\nDB_PASSWORD=hunter2\nSIGNING_KEY=k3y\n"));
        QVERIFY(writeSecretFiles(r.value().secretFiles).ok());
        const QFileDevice::Permissions p = QFile::permissions(f.path);
        QVERIFY(p.testFlag(QFileDevice::ReadOwner));
        QVERIFY(!(p
                  & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther
                     | QFileDevice::WriteOther)));
        const Service &s = r.value().composition.services.first();
        QCOMPARE(s.environment().keys(), (QStringList{u"DB_HOST"_s, u"PASSWORD_FILE"_s}));
        for (const Diagnostic &d : r.value().diagnostics)
            QVERIFY2(d.code != u"secret-in-store", qPrintable(d.message));
    }

private:
    static Lookup lookup()
    {
        return [](const QString &n) -> std::optional<QString> {
            if (n == u"SET")
                return u"value"_s;
            if (n == u"EMPTY")
                return QString();
            return std::nullopt;
        };
    }
};

QTEST_GUILESS_MAIN(TestComposeImport)
#include "tst_composeimport.moc"
