// The Engine's data formats as DockerClient reads them: log frames
// (multiplexed and TTY, split anywhere), JSON lines, both event shapes,
// inspect output and the stats arithmetic of `docker stats`.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "dockerlogdecoder.h"
#include "dockertypes.h"
#include "httpresponsereader.h"
#include "jsonlinesplitter.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {
QByteArray frame(char stream, const QByteArray &payload)
{
    QByteArray h(8, '\0');
    h[0] = stream;
    const quint32 n = quint32(payload.size());
    h[4] = char((n >> 24) & 0xff);
    h[5] = char((n >> 16) & 0xff);
    h[6] = char((n >> 8) & 0xff);
    h[7] = char(n & 0xff);
    return h + payload;
}

QList<LogLine> decodeAll(bool tty, const QList<QByteArrayView> &pieces)
{
    DockerLogDecoder d(tty);
    QList<LogLine> out;
    for (QByteArrayView p : pieces)
        if (!d.feed(p, &out))
            return {{LogStream::Stdin, u"FAILED"_s}};
    out += d.flush();
    return out;
}
} // namespace

class TestDockerFormats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void multiplexedLogsAtEverySplit()
    {
        const QByteArray data =
            frame(1, "hello\nwor") + frame(2, "oops\n") + frame(1, "ld\r\n") + frame(1, "tail");
        const QList<LogLine> expected{{LogStream::Stdout, u"hello"_s},
                                      {LogStream::Stderr, u"oops"_s},
                                      {LogStream::Stdout, u"world"_s},
                                      {LogStream::Stdout, u"tail"_s}};
        QCOMPARE(decodeAll(false, {data}), expected);
        for (qsizetype at = 0; at <= data.size(); ++at) {
            const QByteArrayView v(data);
            if (decodeAll(false, {v.first(at), v.sliced(at)}) != expected)
                QFAIL(qPrintable(u"differs when split at %1"_s.arg(at)));
        }
    }

    void ttyLogs()
    {
        QCOMPARE(decodeAll(true, {"a\r\nb", "c\n", "d"}),
                 (QList<LogLine>{{LogStream::Stdout, u"a"_s},
                                 {LogStream::Stdout, u"bc"_s},
                                 {LogStream::Stdout, u"d"_s}}));
    }

    void recordedLogs()
    {
        QFile f(test::sourcePath(u"tests/runtime/data/http/logs-multiplexed.http"_s));
        QVERIFY(f.open(QIODevice::ReadOnly));
        HttpResponseReader reader;
        QVERIFY(reader.feed(f.readAll()));
        reader.finishInput();
        QVERIFY(reader.complete());
        DockerLogDecoder d(false);
        QList<LogLine> lines;
        QVERIFY(d.feed(reader.takeBody(), &lines));
        QVERIFY(!d.failed());
    }

    void notAFrame()
    {
        DockerLogDecoder d(false);
        QList<LogLine> lines;
        QVERIFY(!d.feed("HTTP/1.1 200 OK\r\n", &lines));
        QVERIFY(d.failed());
    }

    void jsonLines()
    {
        JsonLineSplitter s;
        QVERIFY(s.feed("{\"a\":1}\n{\"b\"").isEmpty() == false);
        const QList<QJsonObject> rest = s.feed(":2}\nnot json\n");
        QCOMPARE(rest.size(), 1);
        QCOMPARE(rest.first().value(u"b").toInt(), 2);
        QCOMPARE(s.invalid, 1);
    }

    // Past the limit a line is dropped and flagged, with or without its
    // newline: the client then reports it instead of buffering on.
    void jsonLineTooLong()
    {
        JsonLineSplitter s(16);
        QCOMPARE(s.feed("{\"a\":1}\n").size(), 1);
        QVERIFY(!s.overflowed());
        QVERIFY(s.feed("{\"a\":\"0123456789012345\"}\n{\"b\":2}\n").size() == 1);
        QVERIFY(s.overflowed());
        JsonLineSplitter endless(16);
        QVERIFY(endless.feed(QByteArray(17, 'x')).isEmpty());
        QVERIFY(endless.overflowed());
    }

    void logFrameTooLarge()
    {
        DockerLogDecoder d(false, 16);
        QList<LogLine> lines;
        QVERIFY(!d.feed(QByteArray("\x01\0\0\0\0\0\0\x20", 8), &lines));
        QVERIFY(d.failed());
        QVERIFY(d.frameTooLarge());
        // A TTY line without an end comes out in pieces of the limit.
        DockerLogDecoder tty(true, 4);
        QVERIFY(tty.feed("abcdefghij", &lines));
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0).text, u"abcd"_s);
        QCOMPARE(lines.at(1).text, u"efgh"_s);
        QCOMPARE(tty.flush().first().text, u"ij"_s);
    }

    void eventShapes()
    {
        const DockerEvent modern = DockerEvent::fromJson(
            QJsonDocument::fromJson(
                R"({"Type":"container","Action":"health_status: unhealthy","Actor":{"ID":"abc","Attributes":{"name":"web"}},"time":1700000000,"timeNano":1700000000123456789})")
                .object());
        QCOMPARE(modern.type, u"container"_s);
        QCOMPARE(modern.action, u"health_status"_s);
        QCOMPARE(modern.detail, u"unhealthy"_s);
        QCOMPARE(modern.name, u"web"_s);
        QCOMPARE(modern.id, u"abc"_s);
        QVERIFY(modern.timeNs > 1700000000000000000LL);

        const DockerEvent old = DockerEvent::fromJson(
            QJsonDocument::fromJson(
                R"({"status":"die","id":"abc","from":"busybox","time":1700000000})")
                .object());
        QCOMPARE(old.type, u"container"_s);
        QCOMPARE(old.action, u"die"_s);
        QCOMPARE(old.id, u"abc"_s);
        QVERIFY(old.name.isEmpty());
        QCOMPARE(old.timeNs, 1700000000LL * 1000000000LL);
    }

    void inspect()
    {
        const ContainerState c = ContainerState::fromInspect(
            QJsonDocument::fromJson(R"({"Id":"abc","Name":"/web","Image":"sha256:1",
              "RestartCount":2,
              "State":{"Status":"running","ExitCode":0,"StartedAt":"2024-01-02T03:04:05.123456789Z",
                       "FinishedAt":"0001-01-01T00:00:00Z","Health":{"Status":"healthy"}},
              "Config":{"Image":"caddy:2","Tty":false,"Labels":{"io.khepri.service":"web"}},
              "NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}],"443/tcp":null}}})")
                .object());
        QCOMPARE(c.name, u"web"_s);
        QCOMPARE(c.status, ContainerStatus::Running);
        QCOMPARE(c.health, HealthStatus::Healthy);
        QCOMPARE(c.restartCount, 2);
        QCOMPARE(c.image, u"caddy:2"_s);
        QVERIFY(c.startedAt.isValid());
        QVERIFY(!c.finishedAt.isValid());
        QCOMPARE(c.ports, (QStringList{u"0.0.0.0:8080->80/tcp"_s, u"443/tcp"_s}));
        QCOMPARE(c.labels.value(u"io.khepri.service"_s), u"web"_s);
    }

    void statsLikeTheDockerCli()
    {
        // cgroup v2 sample: 0.5 s of CPU over 2 s of system time on 4 CPUs.
        const ContainerStats s =
            ContainerStats::fromJson(QJsonDocument::fromJson(R"({"read":"2024-01-02T03:04:05Z",
              "cpu_stats":{"cpu_usage":{"total_usage":1500000000},"system_cpu_usage":12000000000,"online_cpus":4},
              "precpu_stats":{"cpu_usage":{"total_usage":1000000000},"system_cpu_usage":10000000000},
              "memory_stats":{"usage":104857600,"limit":1073741824,"stats":{"inactive_file":4857600}},
              "pids_stats":{"current":3}})")
                                         .object());
        QCOMPARE(s.cpuPercent, 100.0); // 0.5/2 * 4 * 100
        QCOMPARE(s.memoryUsage, quint64(100000000));
        QCOMPARE(s.memoryLimit, quint64(1073741824));
        QVERIFY(qAbs(s.memoryPercent - 100000000.0 / 1073741824.0 * 100.0) < 1e-9);
        QCOMPARE(s.pids, quint64(3));

        // cgroup v1 names and percpu_usage instead of online_cpus; the first
        // sample of a stream has no precpu: 0 %.
        const ContainerStats v1 = ContainerStats::fromJson(
            QJsonDocument::fromJson(
                R"({"cpu_stats":{"cpu_usage":{"total_usage":100,"percpu_usage":[1,2]},"system_cpu_usage":1000},
              "precpu_stats":{"cpu_usage":{"total_usage":0},"system_cpu_usage":0},
              "memory_stats":{"usage":1000,"limit":2000,"stats":{"total_inactive_file":200}}})")
                .object());
        QCOMPARE(v1.cpuPercent, 100.0 / 1000.0 * 2 * 100);
        QCOMPARE(v1.memoryUsage, quint64(800));
    }
};

QTEST_GUILESS_MAIN(TestDockerFormats)
#include "tst_dockerformats.moc"
