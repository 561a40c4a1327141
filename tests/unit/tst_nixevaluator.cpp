// NixEvaluator and CompositionLoader against the real nix: files in both
// forms, every kind of failure with its message and location, cancellation.

#include <QSignalSpy>
#include <QTest>

#include "compositionloader.h"
#include "nixevaluator.h"
#include "testsupport.h"

using namespace khepri;
using khepri::test::dataPath;
using khepri::test::sourcePath;

namespace {
LoadResult loadFile(const QString &path)
{
    return test::loadCompositionsFile(path);
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
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("syntax") << dataPath(QStringLiteral("syntax-error.nix"))
                                << QStringLiteral("syntax")
                                << QStringLiteral("syntax error, unexpected '}', expecting ';'")
                                << 5 << 3;
        QTest::newRow("evaluation")
            << dataPath(QStringLiteral("eval-error.nix")) << QStringLiteral("evaluation")
            << QStringLiteral("undefined variable 'imageFromSomewhere'") << 3 << 28;
        QTest::newRow("missing") << dataPath(QStringLiteral("does-not-exist.nix"))
                                 << QStringLiteral("file-missing")
                                 << QStringLiteral("file not found: ")
                                        + dataPath(QStringLiteral("does-not-exist.nix"))
                                 << 0 << 0;
        QTest::newRow("needs pkgs")
            << dataPath(QStringLiteral("uses-pkgs.nix")) << QStringLiteral("evaluation")
            << QStringLiteral("khepri: ") + dataPath(QStringLiteral("uses-pkgs.nix"))
                   + QStringLiteral(" uses the module argument 'pkgs', which exists only "
                                    "inside a NixOS configuration; open it through its "
                                    "flake with --flake REF#HOST")
            << 0 << 0;
        QTest::newRow("not a set")
            << dataPath(QStringLiteral("not-a-set.nix")) << QStringLiteral("evaluation")
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
        QCOMPARE(r.error().code, QStringLiteral("nix-missing"));
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
        QCOMPARE(r.error().code, QStringLiteral("cancelled"));
        QVERIFY(!nix.isRunning());
    }

    void quoteAttribute_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << QStringLiteral("host") << QStringLiteral("\"host\"");
        QTest::newRow("dots") << QStringLiteral("a.b") << QStringLiteral("\"a.b\"");
        QTest::newRow("quote") << QStringLiteral("a\"b") << QStringLiteral("\"a\\\"b\"");
        QTest::newRow("interpolation") << QStringLiteral("${x}") << QStringLiteral("\"\\${x}\"");
        QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("\"a\\\\b\"");
    }

    void quoteAttribute()
    {
        QFETCH(QString, name);
        QTEST(NixEvaluator::quoteAttribute(name), "quoted");
    }
};

QTEST_GUILESS_MAIN(TestNixEvaluator)
#include "tst_nixevaluator.moc"
