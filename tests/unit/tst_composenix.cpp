// Every golden Nix file of the compose corpus, evaluated with the real nix:
// it reads back as exactly the composition the importer made, and the
// module's translator (nixos/lib) accepts it — no assertion fails, and the
// only warnings are the ones the compose file deserves (secrets in the
// environment, which the import reported too).

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "composecorpus.h"
#include "composeimporter.h"
#include "testsupport.h"
#include "translator.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestComposeNix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goldenEvaluates_data()
    {
        QTest::addColumn<QString>("name");
        for (const test::ComposeCase &c : test::composeCases())
            QTest::newRow(qPrintable(c.name)) << c.name;
    }
    void goldenEvaluates()
    {
        QFETCH(QString, name);
        const test::ComposeCase c = test::composeCase(name);
        const auto imported = compose::importCompose(test::composeOptions(c));
        QVERIFY2(imported.ok(),
                 qPrintable(imported.ok() ? QString() : imported.error().toString()));

        QFile golden(test::dataPath(u"compose/golden/"_s + name + u".nix"_s));
        QVERIFY2(golden.open(QIODevice::ReadOnly), qPrintable(golden.fileName()));
        QString text = QString::fromUtf8(golden.readAll());
        text.replace(u"@DATA@"_s, QDir::cleanPath(test::dataPath(u"compose"_s)));
        QTemporaryDir dir;
        const QString file = dir.filePath(u"compositions.nix"_s);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text.toUtf8());
        out.close();

        const auto loaded = test::loadCompositionsFile(file);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
        QCOMPARE(loaded.value().size(), 1);
        QCOMPARE(loaded.value().first(), imported.value().composition);

        Translator translator;
        QSignalSpy spy(&translator, &Translator::finished);
        translator.run(loaded.value());
        QVERIFY(spy.wait(300000));
        const auto translation = spy.first().first().value<Result<Translation>>();
        QVERIFY2(translation.ok(),
                 qPrintable(translation.ok() ? QString() : translation.error().toString()));
        QCOMPARE(translation.value().assertions, QStringList());
        // Warnings only where the import warned about a secret in the store, and
        // where the compose file declares a network external: imported alone, no
        // composition creates it, which the module rightly says.
        int secretWarnings = 0;
        for (const Diagnostic &d : imported.value().diagnostics)
            secretWarnings += d.code == u"secret-in-store" ? 1 : 0;
        int externalNetworks = 0;
        for (const Network &n : imported.value().composition.networks)
            externalNetworks += n.external() ? 1 : 0;
        for (const QString &w : translation.value().warnings)
            QVERIFY2(w.contains(u"looks like a secret"_s)
                         || w.contains(u"is created by no composition"_s),
                     qPrintable(w));
        QCOMPARE(translation.value().warnings.size(), secretWarnings + externalNetworks);
    }
};

QTEST_GUILESS_MAIN(TestComposeNix)
#include "tst_composenix.moc"
