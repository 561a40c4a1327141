// Smoke test: the harness's private dockerd runs the test image, and the
// container's start and die events arrive on the Engine API's /events stream
// (read over the unix socket, as the console will).

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

class SmokeDocker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runSeenOnEvents()
    {
        const QString host = qEnvironmentVariable("DOCKER_HOST");
        QVERIFY2(host.startsWith(u"unix://"), "DOCKER_HOST must point at the harness's dockerd");
        QVERIFY2(!host.contains(u"/run/docker.sock") && !host.contains(u"/var/run/"),
                 "the smoke test must never talk to the machine's own engine");

        QLocalSocket socket;
        socket.connectToServer(host.mid(7));
        QVERIFY2(socket.waitForConnected(10000), qPrintable(socket.errorString()));
        socket.write("GET /events HTTP/1.1\r\nHost: docker\r\n\r\n");

        QByteArray raw;
        connect(&socket, &QLocalSocket::readyRead, this, [&] { raw += socket.readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(raw.contains("\r\n\r\n"), 10000);
        QVERIFY2(raw.startsWith("HTTP/1.1 200"), raw.left(200).constData());

        const QString name =
            QStringLiteral("khepri-smoke-%1").arg(QCoreApplication::applicationPid());
        QProcess docker;
        docker.start(QStringLiteral("docker"),
                     {QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--name"), name,
                      QStringLiteral("khepri-test/busybox:1"), QStringLiteral("sh"),
                      QStringLiteral("-c"), QStringLiteral("echo hello; exit 3")});
        QVERIFY(docker.waitForFinished(60000));
        QCOMPARE(docker.exitCode(), 3);
        QCOMPARE(docker.readAllStandardOutput(), QByteArray("hello\n"));

        // The body is chunked; each event is one JSON object per line.
        auto actions = [&] {
            QStringList seen;
            const QByteArray body = raw.mid(raw.indexOf("\r\n\r\n") + 4);
            for (const QByteArray &line : body.split('\n')) {
                const QJsonObject e = QJsonDocument::fromJson(line.trimmed()).object();
                if (e.value(u"Type").toString() == u"container"
                    && e.value(u"Actor")
                               .toObject()
                               .value(u"Attributes")
                               .toObject()
                               .value(u"name")
                               .toString()
                           == name)
                    seen.append(e.value(u"Action").toString());
            }
            return seen;
        };
        QTRY_VERIFY_WITH_TIMEOUT(actions().contains(QStringLiteral("die")), 20000);
        QVERIFY(actions().contains(QStringLiteral("start")));
        QVERIFY(actions().indexOf(QStringLiteral("start"))
                < actions().indexOf(QStringLiteral("die")));
    }
};

QTEST_GUILESS_MAIN(SmokeDocker)
#include "tst_smoke_docker.moc"
