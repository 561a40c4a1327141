// Model -> written file -> real nix -> model: equal. For the demo, for a
// composition using every option, and for a corpus of random compositions
// (1,000 per run, a new seed each run, printed so a failure can be replayed
// with KHEPRI_ROUNDTRIP_SEED) whose strings and names are hostile.

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "compositiongenerator.h"
#include "compositionjson.h"
#include "compositionloader.h"
#include "nixwriter.h"
#include "testsupport.h"

using namespace khepri;

namespace {

LoadResult loadFile(const QString &path)
{
    return test::loadCompositionsFile(path);
}

// Writes `compositions`, evaluates the file with nix, and compares.
void roundTrip(const QList<Composition> &compositions)
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("khepri-compositions.nix"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(writeCompositionsFile(compositions).toUtf8());
    file.close();
    const auto back = loadFile(path);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
    QCOMPARE(back.value().size(), compositions.size());
    for (qsizetype i = 0; i < compositions.size(); ++i) {
        if (back.value().at(i) == compositions.at(i))
            continue;
        const QByteArray before = QJsonDocument(compositionToJson(compositions.at(i))).toJson();
        const QByteArray after = QJsonDocument(compositionToJson(back.value().at(i))).toJson();
        QFAIL(qPrintable(
            QStringLiteral("composition %1 differs after the round trip\nbefore: %2\nafter: %3")
                .arg(compositions.at(i).name, QString::fromUtf8(before),
                     QString::fromUtf8(after))));
    }
}

} // namespace

class TestRoundTrip : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void demo()
    {
        const auto demo =
            loadFile(test::sourcePath(QStringLiteral("examples/demo/compositions.nix")));
        QVERIFY(demo.ok());
        roundTrip(demo.value());
    }

    void everyOption()
    {
        const auto every = loadFile(test::dataPath(QStringLiteral("every-option.nix")));
        QVERIFY2(every.ok(), qPrintable(every.ok() ? QString() : every.error().toString()));
        QVERIFY(every.value().first().unrepresentable.isEmpty());
        roundTrip(every.value());
    }

    void hostileCorpus()
    {
        bool fixed = false;
        const quint32 seed = qEnvironmentVariableIntValue("KHEPRI_ROUNDTRIP_SEED", &fixed);
        const quint32 used = fixed ? seed : QRandomGenerator::system()->generate();
        qInfo("round-trip corpus seed %u (replay with KHEPRI_ROUNDTRIP_SEED=%u)", used, used);
        test::CompositionGenerator generator(used);
        const QJsonObject corpus = generator.compositions(1000, 3);
        const auto model = compositionsFromJson(corpus);
        QVERIFY(model.ok());
        QCOMPARE(model.value().size(), corpus.size());
        QVERIFY(corpus.size() >= 990); // names may rarely collide
        // The generator writes canonical values: the model holds them unchanged.
        QCOMPARE(compositionsToJson(model.value()), corpus);
        roundTrip(model.value());
    }
};

QTEST_GUILESS_MAIN(TestRoundTrip)
#include "tst_roundtrip.moc"
