// LiveFollower against the harness's systemd user manager and dockerd (no
// fakes): it follows a service's output and stats, and when a unit restart
// replaces the container (same name, new id) it follows the new one by
// itself, keeping the old output above (continued).

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "../runtime/livefixture.h"
#include "dockerclient.h"
#include "dockerlogdecoder.h"
#include "livefollower.h"
#include "liveid.h"
#include "liveitem.h"
#include "manifest.h"
#include "runtimestate.h"
#include "systemdclient.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

constexpr int kTimeout = 60000;

int systemctl(const QString &verb, const QString &unit)
{
    QProcess p;
    p.start(u"systemctl"_s, {u"--user"_s, verb, unit});
    return p.waitForFinished(120000) ? p.exitCode() : -1;
}

// What the module would declare for `comp` with one service `app`.
Manifest manifestFor(const QString &comp)
{
    ManifestService s;
    s.container = comp + u"-app"_s;
    s.unit = u"docker-"_s + s.container + u".service"_s;
    s.image = u"khepri-test/busybox:1"_s;
    ManifestComposition c;
    c.target = u"khepri-"_s + comp + u".target"_s;
    c.services.insert(u"app"_s, s);
    Manifest m;
    m.compositions.insert(comp, c);
    return m;
}

// The live state of `comp`, watched through the harness's manager and engine.
struct Live {
    explicit Live(const QString &comp)
    {
        runtime.setDeclared(manifestFor(comp));
        runtime.start();
    }
    SystemdClient systemd{SystemdClient::Bus::Session};
    DockerClient docker;
    RuntimeState runtime{systemd, docker};
};

} // namespace

class TestLiveFollower : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(!qEnvironmentVariableIsEmpty("KHEPRI_UNIT_DIR"));
        QVERIFY(!QStandardPaths::findExecutable(u"docker"_s).isEmpty());
        // Names carry the pid: tests of several suites may share the engine.
        m_comp = u"follow"_s + QString::number(QCoreApplication::applicationPid());
        // The container prints its hostname (Docker's default: the short
        // container id), then sleeps; sleep as PID 1 ignores SIGTERM, so
        // docker stop kills it (137) after the one second --stop-timeout gives.
        const QString container = m_comp + u"-app"_s;
        m_unit = u"docker-"_s + container + u".service"_s;
        QVERIFY(test::writeUnit(
            m_unit,
            test::containerUnit(container, u"khepri-"_s + m_comp + u".target"_s,
                                u"--stop-timeout 1 khepri-test/busybox:1"
                                " sh -c 'echo host $$(cat /etc/hostname); exec sleep 1000'"_s,
                                u"SuccessExitStatus=137 143"_s)));
        QVERIFY(test::reloadManager());
    }

    void cleanupTestCase()
    {
        if (m_unit.isEmpty())
            return;
        systemctl(u"stop"_s, m_unit);
        test::removeUnit(m_unit);
        test::reloadManager();
    }

    void followsAndReattachesAfterReplacement()
    {
        Live live(m_comp);
        RuntimeState &runtime = live.runtime;
        const QString id = LiveId::service(m_comp, u"app"_s).toString();
        const QString container = m_comp + u"-app"_s;

        LiveFollower follower(runtime);
        QStringList lines;
        QList<bool> starts;  // `continued` of each logsStarted for the container
        QStringList history; // what happened, for the failure messages
        int ended = 0;
        connect(&follower, &LiveFollower::logLines, this, [&lines](const QList<LogLine> &l) {
            for (const LogLine &line : l)
                lines.append(line.text);
        });
        connect(&follower, &LiveFollower::logsStarted, this,
                [&](const QString &c, const QString &, bool continued) {
                    history.append(u"start "_s + c + (continued ? u" continued"_s : QString())
                                   + u" running "_s + runningId(runtime, id).left(12));
                    if (c == container)
                        starts.append(continued);
                });
        connect(&follower, &LiveFollower::logsEnded, this, [&] {
            history.append(u"ended running "_s + runningId(runtime, id).left(12));
            ++ended;
        });
        bool statsWentAway = false;
        connect(&follower, &LiveFollower::statsChanged, this, [&] {
            if (!follower.stats())
                statsWentAway = true;
        });

        QCOMPARE(systemctl(u"start"_s, m_unit), 0);
        QTRY_VERIFY_WITH_TIMEOUT(runningId(runtime, id).size() > 0, kTimeout);
        const QString first = runningId(runtime, id);

        follower.follow(id);
        QCOMPARE(follower.liveId(), id);
        QCOMPARE(follower.container(), container);
        QCOMPARE(follower.title(), m_comp + u"/app"_s);
        QVERIFY2(starts == QList<bool>{false}, qPrintable(history.join(u" | "_s)));
        // The container printed its hostname: the first 12 characters of its id.
        QTRY_VERIFY2_WITH_TIMEOUT(lines.contains(u"host "_s + first.left(12)),
                                  qPrintable(lines.join(u'|')), kTimeout);
        QVERIFY(follower.isFollowingLogs());
        QTRY_VERIFY_WITH_TIMEOUT(follower.stats().has_value(), kTimeout);
        QCOMPARE(follower.statsContainer(), container);
        QVERIFY(follower.stats()->memoryUsage > 0);

        // A restart runs a new container under the same name.
        statsWentAway = false;
        QCOMPARE(systemctl(u"restart"_s, m_unit), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            !runningId(runtime, id).isEmpty() && runningId(runtime, id) != first, kTimeout);
        const QString second = runningId(runtime, id);
        QTRY_VERIFY2_WITH_TIMEOUT(lines.contains(u"host "_s + second.left(12)),
                                  qPrintable(lines.join(u'|')), kTimeout);
        // The old output stays above the new: one fresh start, then continued.
        QVERIFY(lines.indexOf(u"host "_s + first.left(12))
                < lines.indexOf(u"host "_s + second.left(12)));
        QVERIFY2((starts == QList<bool>{false, true}), qPrintable(history.join(u" | "_s)));
        QVERIFY(follower.isFollowingLogs());
        QVERIFY(ended >= 1); // the old container's stream ended with it
        QVERIFY(statsWentAway);
        QTRY_VERIFY_WITH_TIMEOUT(follower.stats().has_value(), kTimeout);
        QCOMPARE(follower.statsContainer(), container);

        // Nothing selected: nothing followed.
        QSignalSpy started(&follower, &LiveFollower::logsStarted);
        follower.follow({});
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.first().first().toString(), QString());
        QVERIFY(!follower.isFollowingLogs());
        QVERIFY(!follower.stats());
        QVERIFY(follower.statsContainer().isEmpty());

        // A composition has no container of its own.
        follower.follow(LiveId::composition(m_comp).toString());
        QVERIFY(follower.container().isEmpty());
        QVERIFY(!follower.isFollowingLogs());
        QVERIFY(!follower.stats());
        QCOMPARE(systemctl(u"stop"_s, m_unit), 0);
    }

    void streamsCanBeChosen()
    {
        Live live(m_comp);
        RuntimeState &runtime = live.runtime;
        const QString id = LiveId::service(m_comp, u"app"_s).toString();
        QCOMPARE(systemctl(u"start"_s, m_unit), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!runningId(runtime, id).isEmpty(), kTimeout);

        LiveFollower statsOnly(runtime, LiveFollower::Stream::Stats);
        QSignalSpy logs(&statsOnly, &LiveFollower::logsStarted);
        statsOnly.follow(id);
        QTRY_VERIFY_WITH_TIMEOUT(statsOnly.stats().has_value(), kTimeout);
        QCOMPARE(logs.count(), 0);
        QVERIFY(!statsOnly.isFollowingLogs());

        LiveFollower logsOnly(runtime, LiveFollower::Stream::Logs);
        QSignalSpy stats(&logsOnly, &LiveFollower::statsChanged);
        logsOnly.follow(id);
        QVERIFY(logsOnly.isFollowingLogs());
        QSignalSpy lines(&logsOnly, &LiveFollower::logLines);
        QVERIFY(lines.wait(kTimeout));
        QCOMPARE(stats.count(), 0);
        QVERIFY(!logsOnly.stats());

        // restart(): afresh, from the history.
        QSignalSpy restarted(&logsOnly, &LiveFollower::logsStarted);
        logsOnly.restart();
        QCOMPARE(restarted.count(), 1);
        QCOMPARE(restarted.first().at(2).toBool(), false);
        QVERIFY(lines.wait(kTimeout));
        QCOMPARE(systemctl(u"stop"_s, m_unit), 0);
    }

private:
    static QString runningId(const RuntimeState &runtime, const QString &id)
    {
        const LiveItem *item = runtime.item(id);
        if (!item || !item->container || item->container->status != ContainerStatus::Running)
            return {};
        return item->container->id;
    }

    QString m_comp;
    QString m_unit;
};

QTEST_GUILESS_MAIN(TestLiveFollower)
#include "tst_livefollower.moc"
