// With the real nix: the demo file evaluates to what the GUI tests' fixture
// says, and `khepri gui --file demo --screenshot` renders a PNG and exits 0.

#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "compositionloader.h"
#include "demofixture.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestGuiDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixtureMatchesDemo()
    {
        CompositionLoader loader;
        QSignalSpy spy(&loader, &CompositionLoader::finished);
        loader.load(Source::file(test::sourcePath(u"examples/demo/compositions.nix"_s)));
        QVERIFY(spy.wait(120000));
        const auto result = spy.first().first().value<LoadResult>();
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
        QCOMPARE(result.value(), test::demoCompositions());
    }

    void screenshot()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(u"demo.png"_s);
        QProcess khepri;
        khepri.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        khepri.start(test::khepriBinary(),
                     {u"gui"_s, u"--file"_s, test::sourcePath(u"examples/demo/compositions.nix"_s),
                      u"--screenshot"_s, png});
        QVERIFY(khepri.waitForFinished(180000));
        QCOMPARE(khepri.exitCode(), 0);
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1600, 1000));
    }
};

QTEST_GUILESS_MAIN(TestGuiDemo)
#include "tst_gui_demo.moc"
