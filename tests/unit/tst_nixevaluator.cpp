// NixEvaluator and CompositionLoader against the real nix: files in both
// forms, every kind of failure with its message and location, cancellation,
// and the restrictions on what a compositions file may read (restricted
// mode: its own directory and --allow-path only, no downloads, no
// environment) and on what a flake may read (pure evaluation).

#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "compositionloader.h"
#include "nixevaluator.h"
#include "nixstring.h"
#include "testsupport.h"

using namespace khepri;
using khepri::test::dataPath;
using khepri::test::sourcePath;

namespace {
LoadResult loadFile(const QString &path)
{
    return test::loadCompositionsFile(path);
}

LoadResult loadSource(const Source &source)
{
    CompositionLoader loader;
    QSignalSpy spy(&loader, &CompositionLoader::finished);
    loader.load(source);
    if (!spy.wait(120000))
        return Error::make(ErrorCode::Timeout, QStringLiteral("no answer from nix"));
    return spy.first().first().value<LoadResult>();
}

NixResult evaluateFlake(const QString &flakeRef, const QStringList &attributePath)
{
    NixEvaluator nix;
    QSignalSpy spy(&nix, &NixEvaluator::finished);
    nix.evaluateFlake(flakeRef, attributePath);
    if (!spy.wait(120000))
        return Error::make(ErrorCode::Timeout, QStringLiteral("no answer from nix"));
    return spy.first().first().value<NixResult>();
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    f.write(content);
}

// A compositions file whose web service's image is `imageExpression`.
QByteArray composition(const QByteArray &imageExpression)
{
    return "{ app.services.web.image = " + imageExpression + "; }\n";
}
} // namespace

class TestNixEvaluator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void demoModule()
    {
        const auto r = loadFile(sourcePath(QStringLiteral("examples/demo/compositions.nix")));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r.value().size(), 2);
        const Composition &paperless = r.value().at(1);
        QCOMPARE(paperless.name, QStringLiteral("paperless"));
        QCOMPARE(paperless.services.size(), 5);
        const Service *web = paperless.service(QStringLiteral("webserver"));
        QVERIFY(web);
        QCOMPARE(web->containerName(), QStringLiteral("paperless_web"));
        QCOMPARE(web->dependsOn().size(), 4);
        QCOMPARE(paperless.volumes.size(), 4);
        QVERIFY(!r.value().at(0).networks.first().external()); // caddy creates proxy_net
        QVERIFY(paperless.network(QStringLiteral("proxy_net"))->external());
    }

    void plainAttrset()
    {
        const auto r = loadFile(dataPath(QStringLiteral("plain-attrset.nix")));
        QVERIFY(r.ok());
        QCOMPARE(r.value().first().services.first().ports(),
                 QStringList{QStringLiteral("8080:80")});
    }

    void failures_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("syntax") << dataPath(QStringLiteral("syntax-error.nix")) << ErrorCode::Syntax
                                << QStringLiteral("syntax error, unexpected '}', expecting ';'")
                                << 5 << 3;
        QTest::newRow("evaluation")
            << dataPath(QStringLiteral("eval-error.nix")) << ErrorCode::Evaluation
            << QStringLiteral("undefined variable 'imageFromSomewhere'") << 3 << 28;
        QTest::newRow("missing") << dataPath(QStringLiteral("does-not-exist.nix"))
                                 << ErrorCode::FileMissing
                                 << QStringLiteral("file not found: ")
                                        + dataPath(QStringLiteral("does-not-exist.nix"))
                                 << 0 << 0;
        QTest::newRow("needs pkgs")
            << dataPath(QStringLiteral("uses-pkgs.nix")) << ErrorCode::Evaluation
            << QStringLiteral("khepri: ") + dataPath(QStringLiteral("uses-pkgs.nix"))
                   + QStringLiteral(" uses the module argument 'pkgs', which exists only "
                                    "inside a NixOS configuration; open it through its "
                                    "flake with --flake REF#HOST")
            << 0 << 0;
        QTest::newRow("not a set")
            << dataPath(QStringLiteral("not-a-set.nix")) << ErrorCode::Evaluation
            << QStringLiteral("khepri: ") + dataPath(QStringLiteral("not-a-set.nix"))
                   + QStringLiteral(" does not evaluate to compositions: expected an attribute "
                                    "set of compositions or a module setting "
                                    "khepri.compositions, got a list")
            << 0 << 0;
    }

    void failures()
    {
        QFETCH(QString, file);
        const auto r = loadFile(file);
        QVERIFY(!r.ok());
        QTEST(r.error().code, "code");
        QTEST(r.error().message, "message");
        QTEST(r.error().line, "line");
        QTEST(r.error().column, "column");
        if (r.error().line > 0)
            QCOMPARE(r.error().file, file);
    }

    void nixMissing()
    {
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", "/nonexistent");
        const auto r = loadFile(dataPath(QStringLiteral("plain-attrset.nix")));
        qputenv("PATH", path);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::NixMissing);
        QVERIFY(r.error().message.contains(u"nix is not installed"));
        QVERIFY(r.error().hint.contains(u"apt install nix-bin"));
    }

    void unrepresentableMarked()
    {
        const auto r = loadFile(dataPath(QStringLiteral("unrepresentable.nix")));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        const Composition &c = r.value().first();
        QStringList kinds;
        for (const Unrepresentable &u : c.unrepresentable)
            kinds.append(u.field + u'=' + u.kind);
        kinds.sort();
        QCOMPARE(kinds, (QStringList{QStringLiteral("app.services.web.environmentFiles[0]=path"),
                                     QStringLiteral("app.services.web.healthcheck=function"),
                                     QStringLiteral("app.services.web.image=derivation")}));
        QVERIFY(c.services.first().image().isEmpty());
    }

    void cancel()
    {
        NixEvaluator nix;
        QSignalSpy spy(&nix, &NixEvaluator::finished);
        nix.evaluateFile(sourcePath(QStringLiteral("examples/demo/compositions.nix")));
        QVERIFY(nix.isRunning());
        nix.cancel();
        QVERIFY(spy.wait(30000));
        const auto r = spy.first().first().value<NixResult>();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Cancelled);
        QVERIFY(!nix.isRunning());
    }

    // A file reading outside its directory (a secret standing in for
    // /etc/shadow) is refused with the path and the option that allows it.
    void restrictedReadOutside()
    {
        QTemporaryDir files;
        QTemporaryDir elsewhere;
        const QString secret = elsewhere.filePath(QStringLiteral("shadow"));
        writeFile(secret, "root:$6$secret");
        const QString file = files.filePath(QStringLiteral("c.nix"));
        writeFile(file, composition("builtins.readFile " + secret.toUtf8()));
        const auto r = loadSource(Source::file(file));
        QVERIFY2(!r.ok(), "the secret was read");
        QCOMPARE(r.error().code, ErrorCode::RestrictedPath);
        QVERIFY2(r.error().message.contains(file + u" reads " + secret),
                 qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(files.path()), qPrintable(r.error().message));
        QVERIFY2(r.error().hint.contains(u"--allow-path " + elsewhere.path()),
                 qPrintable(r.error().hint));

        // A symlink inside the directory pointing out is refused as well.
        QVERIFY(QFile::link(secret, files.filePath(QStringLiteral("link"))));
        writeFile(file, composition("builtins.readFile ./link"));
        const auto linked = loadSource(Source::file(file));
        QVERIFY(!linked.ok());
        QCOMPARE(linked.error().code, ErrorCode::RestrictedPath);

        // Allowed, it is read.
        Source allowed = Source::file(file);
        allowed.allowedPaths = {elsewhere.path()};
        const auto ok = loadSource(allowed);
        QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().toString()));
        QCOMPARE(ok.value().first().services.first().image(), QStringLiteral("root:$6$secret"));

        // Its own directory is readable without asking.
        writeFile(files.filePath(QStringLiteral("image.txt")), "nginx:1");
        writeFile(file, composition("builtins.readFile ./image.txt"));
        const auto own = loadSource(Source::file(file));
        QVERIFY2(own.ok(), qPrintable(own.ok() ? QString() : own.error().toString()));
        QCOMPARE(own.value().first().services.first().image(), QStringLiteral("nginx:1"));
    }

    void allowPathMissing()
    {
        Source s = Source::file(dataPath(QStringLiteral("plain-attrset.nix")));
        s.allowedPaths = {QStringLiteral("/nonexistent/khepri-allow")};
        const auto r = loadSource(s);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Usage);
        QVERIFY(r.error().message.contains(u"--allow-path /nonexistent/khepri-allow"));
    }

    // No environment variable reaches the output: getEnv returns "".
    void restrictedEnvironment()
    {
        QTemporaryDir files;
        const QString file = files.filePath(QStringLiteral("c.nix"));
        writeFile(file, "{ app.services.web = { image = builtins.getEnv \"KHEPRI_TEST_TOKEN\";"
                        " environment.HOME = builtins.getEnv \"HOME\"; }; }\n");
        qputenv("KHEPRI_TEST_TOKEN", "tok-12345");
        const auto r = loadSource(Source::file(file));
        qunsetenv("KHEPRI_TEST_TOKEN");
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        const Service &web = r.value().first().services.first();
        QCOMPARE(web.image(), QString());
        QCOMPARE(web.spec.value(u"environment").toObject().value(u"HOME").toString(), QString());
    }

    void restrictedDownloadsAndBuilds_data()
    {
        QTest::addColumn<QByteArray>("expression");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("mentions");
        // 127.0.0.1:1: nothing listens there; refused before any connection.
        QTest::newRow("fetchurl") << QByteArray("builtins.fetchurl \"http://127.0.0.1:1/x\"")
                                  << ErrorCode::RestrictedUri
                                  << QStringLiteral("downloads http://127.0.0.1:1/x");
        QTest::newRow("fetchTarball")
            << QByteArray("toString (builtins.fetchTarball { url = \"http://127.0.0.1:1/x.tgz\"; "
                          "sha256 = \"0000000000000000000000000000000000000000000000000000\"; })")
            << ErrorCode::RestrictedUri << QStringLiteral("downloads http://127.0.0.1:1/x.tgz");
        QTest::newRow("fetchGit") << QByteArray(
            "toString (builtins.fetchGit \"http://127.0.0.1:1/r.git\")")
                                  << ErrorCode::RestrictedUri
                                  << QStringLiteral("downloads http://127.0.0.1:1/r.git");
        QTest::newRow("import from derivation")
            << QByteArray("import (derivation { name = \"x\"; system = \"x86_64-linux\"; "
                          "builder = \"/bin/sh\"; })")
            << ErrorCode::RestrictedBuild << QStringLiteral("without building anything");
    }

    void restrictedDownloadsAndBuilds()
    {
        QFETCH(QByteArray, expression);
        QTemporaryDir files;
        const QString file = files.filePath(QStringLiteral("c.nix"));
        writeFile(file, composition(expression));
        const auto r = loadSource(Source::file(file));
        QVERIFY(!r.ok());
        QTEST(r.error().code, "code");
        QFETCH(QString, mentions);
        QVERIFY2(r.error().message.contains(mentions), qPrintable(r.error().toString()));
        QVERIFY(!r.error().hint.isEmpty());
    }

    // A flake reads only itself (nix's pure evaluation), with no environment;
    // a read outside is explained without nix's "--impure" advice.
    void flakeIsPure()
    {
        QTemporaryDir flake;
        QTemporaryDir elsewhere;
        const QString secret = elsewhere.filePath(QStringLiteral("shadow"));
        writeFile(secret, "root:$6$secret");
        writeFile(flake.filePath(QStringLiteral("flake.nix")),
                  "{ outputs = { self }: { env = builtins.getEnv \"HOME\"; secret = "
                  "builtins.readFile "
                      + secret.toUtf8() + "; own = builtins.readFile ./flake.nix != \"\"; }; }\n");
        const QString ref = QStringLiteral("path:") + flake.path();
        const auto env = evaluateFlake(ref, {QStringLiteral("env")});
        QVERIFY2(env.ok(), qPrintable(env.ok() ? QString() : env.error().toString()));
        QCOMPARE(env.value().toString(), QString());
        const auto own = evaluateFlake(ref, {QStringLiteral("own")});
        QVERIFY2(own.ok(), qPrintable(own.ok() ? QString() : own.error().toString()));
        QCOMPARE(own.value().toBool(), true);
        const auto read = evaluateFlake(ref, {QStringLiteral("secret")});
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, ErrorCode::RestrictedPath);
        QVERIFY2(
            read.error().message.contains(u"reads " + secret + u", which is outside the flake"),
            qPrintable(read.error().message));
        QVERIFY(!read.error().hint.contains(u"--impure"));
    }

    // Text that is not UTF-8 and values nested too deeply are named by
    // where they are, with what to do — not "a bug in khepri".
    void unreadableOutput_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("latin-1 image")
            << QByteArray("{ web.services.db.image = \"caf\xe9:1\"; }\n") << ErrorCode::NotUtf8
            << QStringLiteral("composition web, service db, field image: the value is not valid "
                              "UTF-8 text; khepri can only show and edit UTF-8 text");
        QTest::newRow("latin-1 in a list")
            << QByteArray("{ web.services.db.cmd = [ \"ok\" \"\xff\" ]; }\n") << ErrorCode::NotUtf8
            << QStringLiteral("composition web, service db, field cmd[1]: the value is not valid "
                              "UTF-8 text; khepri can only show and edit UTF-8 text");
        QByteArray deep = "\"x\"";
        for (int i = 0; i < 1100; ++i)
            deep = "{ a = " + deep + "; }";
        QTest::newRow("deep")
            << QByteArray("{ web.services.db.labels = " + deep + "; }\n") << ErrorCode::TooDeep
            << QStringLiteral("composition web, service db, field labels.a.a.a.a…: the value is "
                              "nested too deeply; khepri reads values up to about 1,000 levels "
                              "deep");
    }

    void unreadableOutput()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir files;
        const QString file = files.filePath(QStringLiteral("c.nix"));
        writeFile(file, content);
        const auto r = loadSource(Source::file(file));
        QVERIFY(!r.ok());
        QTEST(r.error().code, "code");
        QTEST(r.error().message, "message");
        QVERIFY2(r.error().hint.contains(file), qPrintable(r.error().hint));
        QVERIFY(!r.error().hint.contains(u"bug"));
    }

    // Attribute names are data: a host named with Nix syntax, escapes or
    // dots selects exactly that host (the installable's fragment knows no
    // escapes, so the names after the first are selected in an expression).
    void flakeAttributeNamesAreData_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("plain") << QStringLiteral("host");
        QTest::newRow("dots") << QStringLiteral("a.b");
        QTest::newRow("quote") << QStringLiteral("a\"b");
        QTest::newRow("interpolation") << QStringLiteral("${x}");
        QTest::newRow("dollar dollar brace") << QStringLiteral("$${x}");
        QTest::newRow("backslash") << QStringLiteral("a\\b");
        QTest::newRow("newline") << QStringLiteral("a\nb");
        QTest::newRow("tab and cr") << QStringLiteral("a\tb\r");
    }

    void flakeAttributeNamesAreData()
    {
        QFETCH(QString, host);
        QTemporaryDir flake;
        // Decoys: the name with its escapes or interpolation taken literally.
        writeFile(flake.filePath(QStringLiteral("flake.nix")),
                  "{ outputs = { self }: { nixosConfigurations = { "
                      + nixAttributeName(host).toUtf8() + " = \"right\"; "
                      + "\"a\\\\nb\" = \"decoy\"; \"x\" = \"decoy\"; }; }; }\n");
        const auto r = evaluateFlake(QStringLiteral("path:") + flake.path(),
                                     {QStringLiteral("nixosConfigurations"), host});
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r.value().toString(), QStringLiteral("right"));
    }
};

QTEST_GUILESS_MAIN(TestNixEvaluator)
#include "tst_nixevaluator.moc"
