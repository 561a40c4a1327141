// waitForSignal, waitUntil and runEventLoopFor: a signal emitted from within
// the trigger, later from the event loop, with several arguments, twice (the
// first counts), and never (the timeout answers nullopt).

#include <QTest>
#include <QTimer>

#include "eventloopwait.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class Emitter : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
Q_SIGNALS:
    void one(const QString &value);
    void two(int number, const QString &text);
};

class TestEventLoopWait : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fromWithinTheTrigger()
    {
        Emitter emitter;
        const auto value = waitForSignal(
            emitter, &Emitter::one, [&] { Q_EMIT emitter.one(u"now"_s); }, 10000);
        QVERIFY(value.has_value());
        QCOMPARE(*value, u"now"_s);
    }

    void fromTheEventLoop()
    {
        Emitter emitter;
        const auto value = waitForSignal(emitter, &Emitter::one, [&] {
            QTimer::singleShot(10, &emitter, [&] { Q_EMIT emitter.one(u"later"_s); });
        });
        QVERIFY(value.has_value());
        QCOMPARE(*value, u"later"_s);
    }

    void severalArguments()
    {
        Emitter emitter;
        const auto value = waitForSignal(
            emitter, &Emitter::two,
            [&] {
                QTimer::singleShot(0, &emitter, [&] {
                    Q_EMIT emitter.two(1, u"first"_s);
                    Q_EMIT emitter.two(2, u"second"_s);
                });
            },
            10000);
        QVERIFY(value.has_value());
        QCOMPARE(std::get<0>(*value), 1);
        QCOMPARE(std::get<1>(*value), u"first"_s);
    }

    void timeout()
    {
        Emitter emitter;
        bool triggered = false;
        const auto value = waitForSignal(
            emitter, &Emitter::one, [&] { triggered = true; }, 50);
        QVERIFY(triggered);
        QVERIFY(!value.has_value());
        // The connection is gone: a late emission changes nothing.
        Q_EMIT emitter.one(u"late"_s);
        QVERIFY(!value.has_value());
    }

    void until()
    {
        int ticks = 0;
        QTimer timer;
        QObject::connect(&timer, &QTimer::timeout, &timer, [&] { ++ticks; });
        timer.start(1);
        QVERIFY(waitUntil([&] { return ticks >= 3; }, 10000));
        QVERIFY(!waitUntil([] { return false; }, 20));
        const int before = ticks;
        runEventLoopFor(20);
        QVERIFY(ticks > before); // the loop ran
    }
};

QTEST_GUILESS_MAIN(TestEventLoopWait)
#include "tst_eventloopwait.moc"
