// The Docker client against an engine that misbehaves on purpose
// (fake_docker_engine.py on a unix socket): the real `khepri status` must end
// with a clear error in each case instead of hanging or eating memory, and
// DockerClient must notice a hung engine while its event stream is open.
// The peak RSS of each khepri run comes from wait4(); the number of
// container listings from the fake engine's request log.

#include <csignal>
#include <vector>

#include <fcntl.h>
#include <spawn.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "dockerclient.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;

extern char **environ;

namespace {

// Peak RSS bounds for one `khepri status` run, in KiB. A run reads at most
// DockerLimits::maxBodyBytes (64 MiB) of one answer; the whole process stays
// far below what an unbounded read reaches in seconds (gigabytes).
constexpr long kRssBoundKb = 256 * 1024;
// Under a million-event flood: nothing is kept per unknown container.
constexpr long kFloodRssBoundKb = 128 * 1024;

class FakeEngine {
public:
    FakeEngine(const QString &mode, const QStringList &extra = {})
    {
        m_socket = m_dir.path() + u"/sock"_s;
        m_log = m_dir.path() + u"/requests.log"_s;
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(u"python3"_s, QStringList{QStringLiteral(KHEPRI_FAKE_DOCKER), m_socket,
                                                  mode, u"--log"_s, m_log}
                                          + extra);
        m_ready = m_process.waitForStarted(30000) && m_process.waitForReadyRead(30000)
                  && m_process.readLine().startsWith("listening");
    }
    ~FakeEngine()
    {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
    bool ready() const { return m_ready; }
    QString socket() const { return m_socket; }
    QString dir() const { return m_dir.path(); }
    QStringList requests() const
    {
        QFile f(m_log);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
    }
    int count(const QString &part) const
    {
        int n = 0;
        for (const QString &line : requests())
            n += line.contains(part) ? 1 : 0;
        return n;
    }

private:
    QTemporaryDir m_dir{u"/tmp/kfd.XXXXXX"_s};
    QString m_socket;
    QString m_log;
    QProcess m_process;
    bool m_ready = false;
};

struct Run {
    pid_t pid = -1;
    int exitCode = -1;
    long maxRssKb = 0;
    QString output;
};

// khepri with `args`, DOCKER_HOST at `socket`, no systemd (a session bus
// that does not exist), and the given extra environment; stdout and stderr
// into `outPath`.
pid_t spawnKhepri(const QStringList &args, const QString &socket, const QStringList &extraEnv,
                  const QString &outPath)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"DOCKER_HOST"_s, u"unix://"_s + socket);
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/khepri-test-bus"_s);
    for (const QString &kv : extraEnv)
        env.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
    QList<QByteArray> envBytes;
    for (const QString &kv : env.toStringList())
        envBytes.append(kv.toLocal8Bit());
    QList<QByteArray> argBytes{test::khepriBinary().toLocal8Bit()};
    for (const QString &a : args)
        argBytes.append(a.toLocal8Bit());
    std::vector<char *> argv, envp;
    for (QByteArray &a : argBytes)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (QByteArray &e : envBytes)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const QByteArray out = outPath.toLocal8Bit();
    posix_spawn_file_actions_addopen(&actions, 1, out.constData(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid = -1;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0)
        pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

// Waits for `pid` (the event loop runs meanwhile); false after `ms`.
bool reap(Run *run, int ms)
{
    QElapsedTimer t;
    t.start();
    for (;;) {
        int status = 0;
        rusage usage{};
        const pid_t r = ::wait4(run->pid, &status, WNOHANG, &usage);
        if (r == run->pid) {
            run->exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -2;
            run->maxRssKb = usage.ru_maxrss;
            return true;
        }
        if (t.elapsed() > ms)
            return false;
        QTest::qWait(50);
    }
}

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Short limits so a run takes seconds; the defaults are what production
// uses and are only longer.
const QStringList kShortLimits{
    u"KHEPRI_DOCKER_CONNECT_TIMEOUT_MS=3000"_s, u"KHEPRI_DOCKER_HEAD_TIMEOUT_MS=3000"_s,
    u"KHEPRI_DOCKER_IDLE_TIMEOUT_MS=3000"_s, u"KHEPRI_DOCKER_TOTAL_TIMEOUT_MS=8000"_s};

} // namespace

class TestDockerFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!QStandardPaths::findExecutable(u"python3"_s).isEmpty(),
                 "python3 runs the fake Docker engine: install it (scripts/lib.sh lists it)");
    }

    void statusEndsWithClearError_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("stall") << u"stall"_s << kShortLimits
                               << QStringList{u"did not answer GET /_ping within 3 s"_s,
                                              u"systemctl status docker"_s};
        QTest::newRow("partial") << u"partial"_s << kShortLimits
                                 << QStringList{u"did not answer GET /_ping within 3 s"_s};
        QTest::newRow("drip") << u"drip"_s << kShortLimits
                              << QStringList{u"did not answer GET /_ping within 3 s"_s};
        // Size limits at their defaults: the point is that 64 MiB is the end.
        QTest::newRow("endless") << u"endless"_s << QStringList{}
                                 << QStringList{u"answered GET /_ping with more than 64 MiB"_s,
                                                u"KHEPRI_DOCKER_MAX_BODY"_s};
        QTest::newRow("huge") << u"huge"_s << QStringList{}
                              << QStringList{u"answered GET /_ping with more than 64 MiB"_s};
        QTest::newRow("badjson") << u"badjson"_s << QStringList{}
                                 << QStringList{u"answered something that is not the Docker API"_s,
                                                u"its /version is not JSON"_s, u"DOCKER_HOST"_s};
    }

    // Each mode ends, in a clear docker error naming the socket, with exit
    // status 2 and a bounded peak RSS.
    void statusEndsWithClearError()
    {
        QFETCH(QString, mode);
        QFETCH(QStringList, env);
        QFETCH(QStringList, expected);
        FakeEngine engine(mode);
        QVERIFY2(engine.ready(), "the fake Docker engine did not start");
        Run run;
        const QString out = engine.dir() + u"/out.txt"_s;
        run.pid = spawnKhepri({u"status"_s, u"--user"_s, u"--deployed"_s, u"/nonexistent.json"_s},
                              engine.socket(), env, out);
        QVERIFY(run.pid > 0);
        if (!reap(&run, 120000)) {
            ::kill(run.pid, SIGKILL);
            reap(&run, 10000);
            QFAIL(qPrintable(u"khepri status still runs after 120 s against the "_s % mode
                             % u" engine:\n"_s % readAll(out)));
        }
        run.output = readAll(out);
        QVERIFY2(run.exitCode == 2, qPrintable(run.output));
        QVERIFY2(run.output.contains(engine.socket()), qPrintable(run.output));
        for (const QString &text : expected)
            QVERIFY2(run.output.contains(text),
                     qPrintable(u"expected \""_s % text % u"\" in:\n"_s % run.output));
        QVERIFY2(
            run.maxRssKb < kRssBoundKb,
            qPrintable(u"peak RSS %1 KiB (bound %2 KiB)"_s.arg(run.maxRssKb).arg(kRssBoundKb)));
        qInfo("%s: peak RSS %ld KiB", qPrintable(mode), run.maxRssKb);
    }

    // Half a million events about containers nobody knows: memory stays bounded
    // and the client lists containers once for the burst, plus at most one
    // trailing relist (held back here by a long relist delay, so the count
    // does not depend on the machine's speed).
    void floodRelistsOnceAndStaysSmall()
    {
        FakeEngine engine(u"flood"_s, {u"--flood-events"_s, u"500000"_s});
        QVERIFY2(engine.ready(), "the fake Docker engine did not start");
        Run run;
        const QString out = engine.dir() + u"/out.txt"_s;
        run.pid = spawnKhepri({u"status"_s, u"--user"_s, u"--watch"_s, u"--json"_s, u"--deployed"_s,
                               u"/nonexistent.json"_s},
                              engine.socket(), {u"KHEPRI_DOCKER_RELIST_DELAY_MS=3600000"_s}, out);
        QVERIFY(run.pid > 0);
        const bool flooded =
            QTest::qWaitFor([&] { return engine.requests().contains(u"flood-done"_s); }, 240000);
        ::kill(run.pid, SIGTERM);
        QVERIFY(reap(&run, 60000));
        run.output = readAll(out);
        QVERIFY2(flooded, qPrintable(run.output));
        // One listing at the resync, one for the flood's unknown ids.
        const int lists = engine.count(u"/containers/json"_s);
        QVERIFY2(lists >= 2 && lists <= 3, qPrintable(u"%1 container listings"_s.arg(lists)));
        QVERIFY2(run.maxRssKb < kFloodRssBoundKb,
                 qPrintable(
                     u"peak RSS %1 KiB (bound %2 KiB)"_s.arg(run.maxRssKb).arg(kFloodRssBoundKb)));
        qInfo("flood: %d listings, peak RSS %ld KiB", lists, run.maxRssKb);
    }

    // The engine hangs while the event stream is open: the keep-alive
    // /_ping times out and the client reports the engine lost.
    void hungEngineIsLostWhileStreaming()
    {
        FakeEngine engine(u"hang"_s);
        QVERIFY2(engine.ready(), "the fake Docker engine did not start");
        DockerClient client(u"unix://"_s + engine.socket(), nullptr);
        DockerLimits limits;
        limits.keepAliveMs = 500;
        limits.headTimeoutMs = 1000;
        client.setLimits(limits);
        QSignalSpy errors(&client, &DockerClient::errorOccurred);
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(client.isSynced(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 60000);
        const Error e = errors.first().first().value<Error>();
        QCOMPARE(e.code, ErrorCode::DockerTimeout);
        QVERIFY2(e.message.contains(engine.socket()), qPrintable(e.message));
        QVERIFY2(e.message.contains(u"/_ping"_s), qPrintable(e.message));
        QVERIFY(client.connection() != DockerClient::Connection::Connected);
    }

    // One event larger than the frame limit ends the connection with a
    // clear error instead of growing a buffer.
    void oversizedEventIsAnError()
    {
        FakeEngine engine(u"bigevent"_s);
        QVERIFY2(engine.ready(), "the fake Docker engine did not start");
        DockerClient client(u"unix://"_s + engine.socket(), nullptr);
        QSignalSpy errors(&client, &DockerClient::errorOccurred);
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 60000);
        const Error e = errors.first().first().value<Error>();
        QCOMPARE(e.code, ErrorCode::DockerTooLarge);
        QVERIFY2(e.message.contains(u"an event larger than 4 MiB"_s), qPrintable(e.message));
    }
};

QTEST_GUILESS_MAIN(TestDockerFaults)
#include "tst_docker_faults.moc"
