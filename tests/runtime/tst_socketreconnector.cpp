// SocketReconnector: the back-off doubles from its first delay to its cap and
// starts over after a success; the socket appearing in its (real, inotify-
// watched) directory brings the attempt forward; stop() and succeeded() end
// the waiting, so nothing fires after them.

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "socketreconnector.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {
// Long enough that only the socket's appearance can cause an attempt.
constexpr int kNever = 24 * 3600 * 1000;
constexpr int kWaitMs = 10000;
} // namespace

class TestSocketReconnector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scheduleDoublesUpToTheCap_data()
    {
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("max");
        QTest::addColumn<QList<int>>("delays");
        QTest::newRow("default") << 250 << 10000
                                 << QList<int>{250, 500, 1000, 2000, 4000, 8000, 10000, 10000};
        QTest::newRow("cap below double") << 100 << 150 << QList<int>{100, 150, 150};
        QTest::newRow("cap equals first") << 300 << 300 << QList<int>{300, 300};
    }
    void scheduleDoublesUpToTheCap()
    {
        QFETCH(int, first);
        QFETCH(int, max);
        QFETCH(QList<int>, delays);
        SocketReconnector r({first, max}, nullptr);
        QCOMPARE(r.currentDelayMs(), 0);
        QList<int> seen;
        for (qsizetype i = 0; i < delays.size(); ++i) {
            r.schedule();
            QVERIFY(r.isWaiting());
            seen.append(r.currentDelayMs());
        }
        QCOMPARE(seen, delays);
    }

    void defaultScheduleIsTheClientsOne()
    {
        SocketReconnector r(nullptr);
        r.schedule();
        QCOMPARE(r.currentDelayMs(), 250);
        for (int i = 0; i < 10; ++i)
            r.schedule();
        QCOMPARE(r.currentDelayMs(), 10000);
    }

    void successStartsTheBackOffOver()
    {
        SocketReconnector r({kNever / 8, kNever}, nullptr);
        r.schedule();
        r.schedule();
        r.schedule();
        QCOMPARE(r.currentDelayMs(), kNever / 2);
        r.succeeded();
        QVERIFY(!r.isWaiting());
        QCOMPARE(r.currentDelayMs(), 0);
        r.schedule();
        QCOMPARE(r.currentDelayMs(), kNever / 8);
    }

    void stopKeepsTheBackOff()
    {
        SocketReconnector r({kNever / 8, kNever}, nullptr);
        r.schedule();
        r.schedule();
        r.stop();
        QVERIFY(!r.isWaiting());
        QCOMPARE(r.currentDelayMs(), kNever / 4);
        r.schedule();
        QCOMPARE(r.currentDelayMs(), kNever / 2);
    }

    void timerAttempts()
    {
        SocketReconnector r({5, 5}, nullptr);
        QSignalSpy spy(&r, &SocketReconnector::attempt);
        r.schedule();
        QVERIFY(spy.wait(kWaitMs));
        QCOMPARE(spy.size(), 1);
        QVERIFY(!r.isWaiting());
        // One attempt per schedule(): the client reports before the next.
        r.schedule();
        QVERIFY(spy.wait(kWaitMs));
        QCOMPARE(spy.size(), 2);
    }

    void nothingFiresAfterStopOrSuccess()
    {
        SocketReconnector r({5, 5}, nullptr);
        QSignalSpy spy(&r, &SocketReconnector::attempt);
        r.schedule();
        r.stop();
        r.schedule();
        r.succeeded();
        // A later attempt, scheduled after both, is the first to arrive.
        SocketReconnector marker({50, 50}, nullptr);
        QSignalSpy markerSpy(&marker, &SocketReconnector::attempt);
        marker.schedule();
        QVERIFY(markerSpy.wait(kWaitMs));
        QCOMPARE(spy.size(), 0);
    }

    void socketAppearingAttemptsAtOnce()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString socket = dir.filePath(u"sock"_s);
        SocketReconnector r({kNever / 4, kNever}, nullptr);
        r.setSocketPath(socket);
        QSignalSpy spy(&r, &SocketReconnector::attempt);
        r.schedule();
        r.schedule();
        QCOMPARE(r.currentDelayMs(), kNever / 2);

        // Another file in the directory is not the socket.
        QFile other(dir.filePath(u"other"_s));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.close();
        QVERIFY(!spy.wait(300));
        QVERIFY(r.isWaiting());

        QFile created(socket);
        QVERIFY(created.open(QIODevice::WriteOnly));
        created.close();
        QVERIFY(spy.wait(kWaitMs));
        QCOMPARE(spy.size(), 1);
        QVERIFY(!r.isWaiting());
        // The server is back: a failure now retries after the first delay,
        // not after the one the outage had reached.
        r.schedule();
        QCOMPARE(r.currentDelayMs(), kNever / 4);
    }

    void socketChangesWhileNotWaitingAreIgnored()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString socket = dir.filePath(u"sock"_s);
        SocketReconnector r({kNever, kNever}, nullptr);
        r.setSocketPath(socket);
        QSignalSpy spy(&r, &SocketReconnector::attempt);
        r.schedule();
        r.succeeded(); // connected: the directory is no longer watched
        QFile created(socket);
        QVERIFY(created.open(QIODevice::WriteOnly));
        created.close();
        QVERIFY(!spy.wait(300));
        QCOMPARE(spy.size(), 0);
        // Waiting again, with the socket already there: a change in the
        // directory brings the attempt.
        r.schedule();
        QVERIFY(QFile::remove(dir.filePath(u"sock"_s)));
        QVERIFY(!spy.wait(300)); // gone: nothing to connect to
        QVERIFY(created.open(QIODevice::WriteOnly));
        created.close();
        QVERIFY(spy.wait(kWaitMs));
        QCOMPARE(spy.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSocketReconnector)
#include "tst_socketreconnector.moc"
