// The one display detection (display.h): what each environment means, and
// that the askpass helper's shell test, generated from the same definition,
// agrees with it when the real /bin/sh evaluates it.

#include <QProcess>
#include <QTest>

#include "display.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestDisplay : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detect_data()
    {
        QTest::addColumn<QString>("display");
        QTest::addColumn<QString>("wayland");
        QTest::addColumn<QString>("platform");
        QTest::addColumn<int>("expected");
        QTest::newRow("nothing") << QString() << QString() << QString() << int(Display::None);
        QTest::newRow("X11") << u":0"_s << QString() << QString() << int(Display::Graphical);
        QTest::newRow("Wayland") << QString() << u"wayland-0"_s << QString()
                                 << int(Display::Graphical);
        QTest::newRow("offscreen")
            << QString() << QString() << u"offscreen"_s << int(Display::Offscreen);
        QTest::newRow("offscreen wins over X11")
            << u":0"_s << QString() << u"offscreen"_s << int(Display::Offscreen);
        QTest::newRow("xcb without a display")
            << QString() << QString() << u"xcb"_s << int(Display::None);
    }

    void detect()
    {
        QFETCH(QString, display);
        QFETCH(QString, wayland);
        QFETCH(QString, platform);
        QFETCH(int, expected);
        QProcessEnvironment env;
        env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        if (!display.isEmpty())
            env.insert(u"DISPLAY"_s, display);
        if (!wayland.isEmpty())
            env.insert(u"WAYLAND_DISPLAY"_s, wayland);
        if (!platform.isEmpty())
            env.insert(u"QT_QPA_PLATFORM"_s, platform);
        QCOMPARE(int(detectDisplay(env)), expected);
        QCOMPARE(canShowWidgets(env), expected != int(Display::None));

        // The shell form says the same.
        QProcess sh;
        sh.setProcessEnvironment(env);
        sh.start(u"/bin/sh"_s, {u"-c"_s, u"if "_s + displayShellCondition()
                                             + u"; then echo yes; else echo no; fi"_s});
        QVERIFY(sh.waitForFinished(30000));
        QCOMPARE(sh.exitCode(), 0);
        QCOMPARE(sh.readAllStandardOutput().trimmed(),
                 expected != int(Display::None) ? QByteArray("yes") : QByteArray("no"));
    }
};

QTEST_GUILESS_MAIN(TestDisplay)
#include "tst_display.moc"
