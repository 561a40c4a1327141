// UnixSignalNotifier: a signal raised in the process arrives as received()
// in the event loop; instances nest like sigaction — the newest receives,
// and destroying it gives the signal back to the one before, then to the
// disposition there was before any.

#include <csignal>

#include <QSignalSpy>
#include <QTest>

#include "unixsignalnotifier.h"

using namespace khepri;

class TestUnixSignalNotifier : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void signalArrivesInTheEventLoop()
    {
        UnixSignalNotifier notifier({SIGUSR1, SIGUSR2});
        QVERIFY(notifier.isValid());
        QSignalSpy spy(&notifier, &UnixSignalNotifier::received);
        QCOMPARE(::raise(SIGUSR2), 0);
        QCOMPARE(spy.size(), 0); // the handler only wrote to the pipe
        QVERIFY(spy.wait(10000));
        QCOMPARE(spy.first().first().toInt(), SIGUSR2);
    }

    void instancesNest()
    {
        static volatile sig_atomic_t before = 0;
        struct sigaction previous = {};
        struct sigaction counting = {};
        counting.sa_handler = [](int) { before = before + 1; };
        sigemptyset(&counting.sa_mask);
        QCOMPARE(::sigaction(SIGUSR1, &counting, &previous), 0);

        {
            UnixSignalNotifier outer({SIGUSR1});
            QSignalSpy outerSpy(&outer, &UnixSignalNotifier::received);
            {
                UnixSignalNotifier inner({SIGUSR1});
                QSignalSpy innerSpy(&inner, &UnixSignalNotifier::received);
                ::raise(SIGUSR1);
                QVERIFY(innerSpy.wait(10000));
                QTest::qWait(50);
                QCOMPARE(outerSpy.size(), 0);
            }
            ::raise(SIGUSR1);
            QVERIFY(outerSpy.wait(10000));
            QCOMPARE(outerSpy.size(), 1);
        }
        // The disposition from before any notifier is back.
        QCOMPARE(int(before), 0);
        ::raise(SIGUSR1);
        QCOMPARE(int(before), 1);
        ::sigaction(SIGUSR1, &previous, nullptr);
    }
};

QTEST_GUILESS_MAIN(TestUnixSignalNotifier)
#include "tst_unixsignalnotifier.moc"
