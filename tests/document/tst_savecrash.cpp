// A crash while saving never leaves a partial file: savewriter saves the
// owned file over and over as the Saver does, and is killed with SIGKILL at
// random moments, 200 times. After each kill the file (and its backup) must
// be exactly the complete old or the complete new text; a sample of them,
// and the last, are read back with the real nix and equal the model.

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "compositiongenerator.h"
#include "compositionjson.h"
#include "compositionloader.h"
#include "nixwriter.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

LoadResult loadFile(const QString &path)
{
    CompositionLoader loader;
    QSignalSpy spy(&loader, &CompositionLoader::finished);
    loader.load(Source::file(path));
    if (!spy.wait(300000))
        return Error::make(ErrorCode::Timeout, u"no answer from nix"_s);
    return spy.first().first().value<LoadResult>();
}

// Hostile compositions plus one big plain one, so that a write takes long
// enough for kills to land inside it.
QJsonObject corpus(quint32 seed)
{
    test::CompositionGenerator generator(seed);
    QJsonObject json = generator.compositions(30, 3);
    json.insert(u"big"_s, generator.plainComposition(400));
    return json;
}

} // namespace

class TestSaveCrash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedWhileSaving()
    {
        bool fixed = false;
        const quint32 seed = qEnvironmentVariableIntValue("KHEPRI_SAVECRASH_SEED", &fixed);
        const quint32 used = fixed ? seed : QRandomGenerator::system()->generate();
        qInfo("save-crash seed %u (replay with KHEPRI_SAVECRASH_SEED=%u)", used, used);
        QRandomGenerator random(used);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString target = dir.filePath(u"khepri-compositions.nix"_s);
        const QString oldJson = dir.filePath(u"old.json"_s);
        const QString newJson = dir.filePath(u"new.json"_s);
        const auto oldModel = compositionsFromJson(corpus(used));
        const auto newModel = compositionsFromJson(corpus(used + 1));
        QVERIFY(oldModel.ok() && newModel.ok());
        QVERIFY(writeFile(oldJson, QJsonDocument(compositionsToJson(oldModel.value())).toJson()));
        QVERIFY(writeFile(newJson, QJsonDocument(compositionsToJson(newModel.value())).toJson()));
        const QByteArray oldText = writeCompositionsFile(oldModel.value()).toUtf8();
        const QByteArray newText = writeCompositionsFile(newModel.value()).toUtf8();
        QVERIFY(oldText != newText);
        QVERIFY(writeFile(target, oldText));

        constexpr int kIterations = 200;
        int sawOld = 0;
        int sawNew = 0;
        for (int i = 0; i < kIterations; ++i) {
            QProcess writer;
            writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            writer.start(QStringLiteral(KHEPRI_SAVEWRITER), {oldJson, newJson, target});
            QVERIFY2(writer.waitForStarted(30000), qPrintable(writer.errorString()));
            QVERIFY2(writer.waitForReadyRead(60000), "savewriter did not start its loop");
            QCOMPARE(writer.readLine().trimmed(), QByteArray("ready"));
            QTest::qSleep(int(random.bounded(30))); // a random moment
            writer.kill();                          // SIGKILL
            QVERIFY(writer.waitForFinished(30000));
            QCOMPARE(writer.exitStatus(), QProcess::CrashExit); // killed, not failed

            const QByteArray now = readFile(target);
            if (now == oldText) {
                ++sawOld;
            } else if (now == newText) {
                ++sawNew;
            } else {
                QFAIL(qPrintable(u"iteration %1: the file is neither the old nor the new text "
                                 u"(%2 bytes; old %3, new %4)"_s.arg(i)
                                     .arg(now.size())
                                     .arg(oldText.size())
                                     .arg(newText.size())));
            }
            const QByteArray backup = readFile(target + u'~');
            QVERIFY2(!QFile::exists(target + u'~') || backup == oldText || backup == newText,
                     qPrintable(u"iteration %1: partial backup"_s.arg(i)));

            // A sample, and the last: the real nix reads exactly the model.
            if (i % 50 == 49) {
                const auto back = loadFile(target);
                QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
                QVERIFY(back.value() == (now == oldText ? oldModel.value() : newModel.value()));
            }
        }
        qInfo("old text %d times, new text %d times", sawOld, sawNew);
        // Both texts were seen: the helper really was saving when killed.
        QVERIFY(sawOld > 0);
        QVERIFY(sawNew > 0);
    }
};

QTEST_GUILESS_MAIN(TestSaveCrash)
#include "tst_savecrash.moc"
