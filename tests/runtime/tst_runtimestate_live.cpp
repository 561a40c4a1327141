// RuntimeState against the real components: units named as the module names
// them run containers on the harness's dockerd under its systemd user
// manager. Start, stop, a crash restarted by systemd, a healthcheck going
// unhealthy and back each reach RuntimeState through events alone (no timer
// is active in the clients or the state), logs and stats of a running
// container arrive, and rejected calls give clear errors.

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include "dockerclient.h"
#include "dockerlogstream.h"
#include "dockerstatsstream.h"
#include "livefixture.h"
#include "runtimestate.h"
#include "systemdclient.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestRuntimeStateLive : public QObject {
    Q_OBJECT
public:
    TestRuntimeStateLive()
        : m_comp(u"lv%1"_s.arg(QCoreApplication::applicationPid()))
    {}

private:
    QString m_comp;
    QString target() const { return u"khepri-"_s % m_comp % u".target"_s; }
    QString web() const { return m_comp % u"-web"_s; }
    QString crash() const { return m_comp % u"-crash"_s; }
    QString net() const { return m_comp % u"_default"_s; }
    QString netUnit() const { return u"docker-network-"_s % net() % u".service"_s; }
    QString refused() const { return u"docker-"_s % m_comp % u"-refused.service"_s; }

    Manifest manifest(const QString &webImage = u"khepri-test/busybox:1"_s) const
    {
        Manifest m;
        ManifestComposition c;
        c.target = target();
        ManifestService w;
        w.container = web();
        w.unit = u"docker-"_s % web() % u".service"_s;
        w.image = webImage;
        c.services.insert(u"web"_s, w);
        ManifestService k;
        k.container = crash();
        k.unit = u"docker-"_s % crash() % u".service"_s;
        k.image = u"khepri-test/busybox:1"_s;
        c.services.insert(u"crash"_s, k);
        c.networks.insert(u"default"_s, ManifestResource{net(), netUnit(), false});
        m.compositions.insert(m_comp, c);
        return m;
    }

    SystemdClient *m_systemd = nullptr;
    DockerClient *m_docker = nullptr;
    RuntimeState *m_state = nullptr;
    QObject *m_root = nullptr;

    LiveStatus status(const QString &id) const
    {
        const LiveItem *i = m_state->item(id);
        return i ? i->status : LiveStatus::Unknown;
    }
    QString sid(const QString &svc) const { return u"service/"_s % m_comp % u'/' % svc; }

    bool runAction(SystemdClient::Action action, const QString &unit, Result<void> *out)
    {
        QSignalSpy spy(m_systemd, &SystemdClient::actionFinished);
        m_systemd->runAction(action, unit);
        if (!spy.wait(60000))
            return false;
        *out = spy.first().at(2).value<Result<void>>();
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("DOCKER_HOST").startsWith(u"unix:///tmp/"),
                 "must run on the harness's dockerd");
        QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"/tmp/ks."),
                 "must run on the harness's session bus");
        qRegisterMetaType<Result<void>>();
        using khepri::test::containerUnit;
        QVERIFY(test::writeUnit(
            u"docker-"_s % web() % u".service"_s,
            containerUnit(
                web(), target(),
                u"--health-cmd 'test -f /tmp/ok' --health-interval 1s "
                u"khepri-test/busybox:1 sh -c 'echo started; busybox mkdir -p /tmp; touch /tmp/ok; "
                u"exec sleep 1000'"_s)));
        QVERIFY(
            test::writeUnit(u"docker-"_s % crash() % u".service"_s,
                            containerUnit(crash(), target(), u"khepri-test/busybox:1 sleep 1000"_s,
                                          u"Restart=on-failure\nRestartSec=1"_s)));
        QVERIFY(test::writeUnit(
            netUnit(),
            u"[Unit]\nPartOf=%1\n[Service]\nType=oneshot\nRemainAfterExit=yes\n"
            u"Environment=DOCKER_HOST=%2\nExecStart=/usr/bin/env docker network create %3\n"
            u"ExecStop=/usr/bin/env docker network rm %3\n"_s
                .arg(target(), qEnvironmentVariable("DOCKER_HOST"), net())
                .toUtf8()));
        QVERIFY(
            test::writeUnit(target(), u"[Unit]\nWants=docker-%1.service docker-%2.service %3\n"_s
                                          .arg(web(), crash(), netUnit())
                                          .toUtf8()));
        QVERIFY(test::writeUnit(refused(),
                                "[Unit]\nRefuseManualStart=yes\n[Service]\nExecStart=/bin/true\n"));
        QVERIFY(test::reloadManager());

        m_root = new QObject(this);
        m_systemd = new SystemdClient(SystemdClient::Bus::Session, m_root);
        m_docker = new DockerClient(m_root);
        m_state = new RuntimeState(*m_systemd, *m_docker, m_root);
        m_state->setDeclared(manifest());
        m_state->setDeployed(manifest());
        QSignalSpy synced(m_state, &RuntimeState::syncChanged);
        m_state->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_state->isSynced(), 30000);
        QVERIFY2(m_state->problems().isEmpty(),
                 qPrintable(m_state->problems().value(0).toString()));
        QCOMPARE(status(sid(u"web"_s)), LiveStatus::Stopped);
        QCOMPARE(m_state->count(), 4); // composition, 2 services, 1 network
    }

    void cleanupTestCase()
    {
        if (m_systemd && m_systemd->isAvailable()) {
            Result<void> r;
            runAction(SystemdClient::Action::Stop, target(), &r);
        }
        const QStringList units{u"docker-"_s % web() % u".service"_s,
                                u"docker-"_s % crash() % u".service"_s, netUnit(), target(),
                                refused()};
        for (const QString &u : units)
            test::removeUnit(u);
        test::reloadManager();
    }

    void startReachesState()
    {
        Result<void> r;
        QVERIFY(runAction(SystemdClient::Action::Start, target(), &r));
        QVERIFY2(r.ok(), qPrintable(r ? QString() : r.error().toString()));
        QTRY_COMPARE_WITH_TIMEOUT(status(sid(u"web"_s)), LiveStatus::Healthy, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(status(sid(u"crash"_s)), LiveStatus::Running, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"network/"_s % m_comp % u"/default"_s),
                                  LiveStatus::Running, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"composition/"_s % m_comp), LiveStatus::Running, 30000);
        const LiveItem *w = m_state->item(sid(u"web"_s));
        QVERIFY(w->container);
        QCOMPARE(w->container->name, web());
        QVERIFY(w->drift == Drift());
        // Connected and idle: nothing polls.
        QTRY_COMPARE_WITH_TIMEOUT(test::activeTimers(m_root), 0, 10000);
    }

    void healthGoesUnhealthyAndBack()
    {
        QTRY_COMPARE_WITH_TIMEOUT(status(sid(u"web"_s)), LiveStatus::Healthy, 30000);
        QCOMPARE(test::docker({u"exec"_s, web(), u"rm"_s, u"/tmp/ok"_s}), 0);
        QTRY_COMPARE_WITH_TIMEOUT(status(sid(u"web"_s)), LiveStatus::Unhealthy, 30000);
        QCOMPARE(status(u"composition/"_s % m_comp), LiveStatus::Unhealthy);
        QCOMPARE(test::docker({u"exec"_s, web(), u"touch"_s, u"/tmp/ok"_s}), 0);
        QTRY_COMPARE_WITH_TIMEOUT(status(sid(u"web"_s)), LiveStatus::Healthy, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(test::activeTimers(m_root), 0, 10000);
    }

    void crashIsRestartedBySystemd()
    {
        QTRY_COMPARE_WITH_TIMEOUT(status(sid(u"crash"_s)), LiveStatus::Running, 30000);
        const QString oldId = m_state->item(sid(u"crash"_s))->container->id;
        QList<LiveStatus> seen;
        const QString id = sid(u"crash"_s);
        QObject scope; // the connection ends with this function
        connect(m_state, &RuntimeState::itemChanged, &scope, [&](int row, const QString &changed) {
            if (changed == id)
                seen.append(m_state->at(row).status);
        });
        QCOMPARE(test::docker({u"kill"_s, crash()}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_state->item(id)->unitState && m_state->item(id)->unitState->nRestarts >= 1, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(
            status(id) == LiveStatus::Running && m_state->item(id)->container->id != oldId, 30000);
        // On the way it was seen restarting (systemd's auto-restart) or
        // starting again, never only "running".
        QVERIFY2(seen.contains(LiveStatus::Restarting) || seen.contains(LiveStatus::Starting)
                     || seen.contains(LiveStatus::Failed),
                 qPrintable(u"statuses seen: %1"_s.arg(seen.size())));
        QVERIFY(m_state->item(id)->detail.contains(u"restarted"_s));
        QTRY_COMPARE_WITH_TIMEOUT(test::activeTimers(m_root), 0, 10000);
    }

    void logsAndStatsArrive()
    {
        QTRY_COMPARE_WITH_TIMEOUT(status(sid(u"web"_s)), LiveStatus::Healthy, 30000);
        QObject scope;
        DockerLogStream *logs = m_docker->logs(web(), 100, true, &scope);
        QStringList lines;
        connect(logs, &DockerLogStream::lines, &scope, [&](const QList<LogLine> &l) {
            for (const LogLine &line : l)
                lines.append(line.text);
        });
        QTRY_VERIFY_WITH_TIMEOUT(lines.contains(u"started"_s), 30000);
        delete logs;

        DockerStatsStream *stats = m_docker->stats(web(), true, &scope);
        QList<ContainerStats> samples;
        connect(stats, &DockerStatsStream::sample, &scope,
                [&](const ContainerStats &s) { samples.append(s); });
        QTRY_VERIFY_WITH_TIMEOUT(samples.size() >= 2, 30000);
        QVERIFY(samples.last().memoryUsage > 0);
        QVERIFY(samples.last().memoryLimit > 0);
        QVERIFY(samples.last().pids >= 1);
        QVERIFY(samples.last().cpuPercent >= 0);
        delete stats;

        // No such container: a clear error, not a hang.
        DockerLogStream *none = m_docker->logs(u"no-such-container-"_s % m_comp, 10, true, &scope);
        QSignalSpy ended(none, &DockerLogStream::finished);
        QVERIFY(ended.wait(30000));
        const auto r = ended.first().first().value<Result<void>>();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::NotFound);
    }

    void imageDriftIsReported()
    {
        m_state->setDeclared(manifest(u"khepri-test/busybox:2"_s));
        const LiveItem *w = m_state->item(sid(u"web"_s));
        QVERIFY(w);
        QVERIFY(w->drift.testFlag(DriftFlag::ImageDiffers));
        QVERIFY(w->detail.contains(u"khepri-test/busybox:2"_s));
        Manifest fewer = manifest();
        fewer.compositions[m_comp].services.remove(u"crash"_s);
        m_state->setDeclared(fewer);
        QVERIFY(m_state->item(sid(u"crash"_s))->drift.testFlag(DriftFlag::NoLongerDeclared));
        m_state->setDeclared(manifest());
        QVERIFY(m_state->item(sid(u"web"_s))->drift == Drift());
    }

    void rejectedCallsAreClear()
    {
        Result<void> r;
        QVERIFY(runAction(SystemdClient::Action::Start, u"no-such-unit-"_s % m_comp % u".service"_s,
                          &r));
        QVERIFY(!r.ok());
        // The user manager loads the name and finds no file.
        QVERIFY2(r.error().code == ErrorCode::NoSuchUnit || r.error().code == ErrorCode::JobFailed,
                 qPrintable(r.error().toString()));
        QVERIFY(r.error().message.contains(u"no-such-unit-"_s));

        QVERIFY(runAction(SystemdClient::Action::Start, refused(), &r));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Refused);
        QVERIFY2(r.error().message.contains(refused()), qPrintable(r.error().message));
    }

    void stopReachesState()
    {
        Result<void> r;
        QVERIFY(runAction(SystemdClient::Action::Stop, target(), &r));
        QVERIFY2(r.ok(), qPrintable(r ? QString() : r.error().toString()));
        QTRY_COMPARE_WITH_TIMEOUT(status(sid(u"web"_s)), LiveStatus::Stopped, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(status(sid(u"crash"_s)), LiveStatus::Stopped, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"network/"_s % m_comp % u"/default"_s),
                                  LiveStatus::Stopped, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"composition/"_s % m_comp), LiveStatus::Stopped, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_state->item(sid(u"web"_s))->container, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(test::activeTimers(m_root), 0, 10000);
    }
};

QTEST_GUILESS_MAIN(TestRuntimeStateLive)
#include "tst_runtimestate_live.moc"
