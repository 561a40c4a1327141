// Losing and regaining the outside systems: dockerd restarted (through
// `harness.sh restart docker`) — the client says it lost the engine,
// reconnects by itself, resyncs (the container the restart stopped is seen
// exited) and follows events again; a missing Docker socket and a bus
// without a systemd manager give clear errors. Runs alone (RUN_SERIAL): the
// engine restart would disturb other tests.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "dockerclient.h"
#include "livefixture.h"
#include "systemdclient.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestLiveReconnect : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void missingDockerSocket()
    {
        DockerClient client(u"unix:///tmp/khepri-no-such-dir/docker.sock"_s, nullptr);
        QSignalSpy errors(&client, &DockerClient::errorOccurred);
        client.start(); // may report at once: the socket is known missing
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 30000);
        const Error e = errors.first().first().value<Error>();
        QCOMPARE(e.code, ErrorCode::DockerUnreachable);
        QVERIFY2(e.message.contains(u"/tmp/khepri-no-such-dir/docker.sock"_s),
                 qPrintable(e.message));
        QVERIFY(e.message.contains(u"does not exist"_s));
        QVERIFY(!e.hint.isEmpty());
        QCOMPARE(client.connection(), DockerClient::Connection::Disconnected);
        client.stop();
    }

    void unsupportedDockerHost()
    {
        DockerClient client(u"tcp://127.0.0.1:2375"_s, nullptr);
        QSignalSpy errors(&client, &DockerClient::errorOccurred);
        client.start();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().first().value<Error>().code, ErrorCode::DockerHostUnsupported);
    }

    void busWithoutManager()
    {
        // A private bus with no systemd on it: "no manager", said plainly.
        QTemporaryDir dir(u"/tmp/kb.XXXXXX"_s);
        QVERIFY(dir.isValid());
        const QString address = u"unix:path="_s % dir.path() % u"/bus"_s;
        QProcess daemon;
        daemon.start(u"dbus-daemon"_s, {u"--session"_s, u"--nofork"_s, u"--nopidfile"_s,
                                        u"--address="_s % address, u"--print-address"_s});
        QVERIFY(daemon.waitForReadyRead(30000));
        SystemdClient client(address, nullptr);
        QSignalSpy errors(&client, &SystemdClient::errorOccurred);
        client.start();
        QVERIFY(errors.wait(30000));
        Error e = errors.first().first().value<Error>();
        QCOMPARE(e.code, ErrorCode::ManagerMissing);
        QVERIFY2(e.message.contains(u"no systemd manager"_s), qPrintable(e.message));
        QVERIFY(!client.isAvailable());

        // An action now fails at once with the same reason.
        QSignalSpy actions(&client, &SystemdClient::actionFinished);
        client.startUnit(u"x.service"_s);
        QVERIFY(actions.wait(30000));
        QCOMPARE(actions.first().at(2).value<Result<void>>().error().code,
                 ErrorCode::ManagerMissing);

        // The bus goes away: the client notices without being asked.
        errors.clear();
        daemon.terminate();
        QVERIFY(daemon.waitForFinished(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 30000);
        QCOMPARE(errors.last().first().value<Error>().code, ErrorCode::BusGone);

        // The bus comes back at the same address: the client reconnects by
        // itself (SocketReconnector: the socket appearing, or the back-off)
        // and finds, again, no manager on it.
        errors.clear();
        QFile::remove(dir.path() + u"/bus"_s);
        QProcess again;
        again.start(u"dbus-daemon"_s, {u"--session"_s, u"--nofork"_s, u"--nopidfile"_s,
                                       u"--address="_s % address, u"--print-address"_s});
        QVERIFY(again.waitForReadyRead(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 30000);
        QCOMPARE(errors.last().first().value<Error>().code, ErrorCode::ManagerMissing);
        again.terminate();
        QVERIFY(again.waitForFinished(30000));
    }

    void dockerdRestart()
    {
        const QString name = u"rc%1"_s.arg(QCoreApplication::applicationPid());
        test::docker({u"rm"_s, u"-f"_s, name});
        QCOMPARE(test::docker({u"run"_s, u"-d"_s, u"--name"_s, name, u"khepri-test/busybox:1"_s,
                               u"sleep"_s, u"1000"_s}),
                 0);
        QObject root;
        auto *client = new DockerClient(&root);
        client->setWatchedContainers({name});
        QSignalSpy synced(client, &DockerClient::synced);
        QSignalSpy connection(client, &DockerClient::connectionChanged);
        client->start();
        QVERIFY(synced.wait(30000));
        QCOMPARE(client->container(name)->status, ContainerStatus::Running);
        QTRY_COMPARE_WITH_TIMEOUT(test::activeTimers(&root), 0, 10000);

        QProcess harness;
        harness.start(test::sourcePath(u"tests/harness/harness.sh"_s), {u"restart"_s, u"docker"_s});
        // Meanwhile the client sees the engine go (the event loop runs in
        // QTRY below while the harness works).
        QTRY_VERIFY_WITH_TIMEOUT(connection.contains(QVariantList{
                                     QVariant::fromValue(DockerClient::Connection::Disconnected)}),
                                 60000);
        QVERIFY(harness.waitForFinished(120000));
        QVERIFY2(harness.exitCode() == 0, harness.readAllStandardError().constData());

        // Back by itself, resynced: the engine's shutdown stopped the container.
        synced.clear();
        QTRY_VERIFY_WITH_TIMEOUT(client->connection() == DockerClient::Connection::Connected
                                     && client->isSynced(),
                                 30000);
        QTRY_VERIFY_WITH_TIMEOUT(client->container(name)
                                     && client->container(name)->status == ContainerStatus::Exited,
                                 30000);
        // Events are followed again.
        QCOMPARE(test::docker({u"start"_s, name}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(client->container(name)
                                     && client->container(name)->status == ContainerStatus::Running,
                                 30000);
        QTRY_COMPARE_WITH_TIMEOUT(test::activeTimers(&root), 0, 10000);
        test::docker({u"rm"_s, u"-f"_s, name});
        QTRY_VERIFY_WITH_TIMEOUT(!client->container(name), 30000);
    }
};

QTEST_GUILESS_MAIN(TestLiveReconnect)
#include "tst_live_reconnect.moc"
