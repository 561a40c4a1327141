// bench_live: how fast a container state change reaches RuntimeState, and
// what watching costs when nothing happens.
//
//   latency   docker pause/unpause of running containers; for each change,
//             the time from the engine's event (its timeNano) to
//             RuntimeState::itemChanged for that service. Median and p99.
//   idle CPU  user+system CPU of this process while it watches N running
//             containers and nothing changes, over S seconds.
//
// Needs the harness (DOCKER_HOST, the session bus of the user manager):
//   KHEPRI_HARNESS_DIR=build/harness tests/harness/harness.sh start docker
//   KHEPRI_HARNESS_DIR=build/harness tests/harness/harness.sh start systemd
//   KHEPRI_HARNESS_DIR=build/harness tests/harness/harness.sh exec --need docker
//       --need systemd -- build/bench/runtime/bench_live [--containers 200]
//       [--idle-seconds 60] [--changes 100]
// Defaults: 200 containers, 10 s idle, 100 changes.

#include <algorithm>
#include <cstdio>
#include <ctime>

#include <sys/resource.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSet>
#include <QTimer>

#include "dockerclient.h"
#include "livebench.h"
#include "runtimestate.h"
#include "systemdclient.h"

using namespace khepri;
using namespace khepri::bench;
using namespace Qt::StringLiterals;

namespace {

qint64 nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

double cpuSeconds()
{
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec)
           + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int containers = argValue(args, u"--containers"_s, 200);
    const int idleSeconds = argValue(args, u"--idle-seconds"_s, 10);
    const int changes = argValue(args, u"--changes"_s, 100);
    const QString prefix = u"kb%1-"_s.arg(QCoreApplication::applicationPid());

    std::printf("bench_live: %d containers, %d s idle, %d changes\n", containers, idleSeconds,
                changes);
    const QStringList names = startContainers(prefix, containers);
    if (names.isEmpty())
        return 2;
    const Manifest manifest = containersManifest(u"bench"_s, names);

    SystemdClient systemd(SystemdClient::Bus::Session);
    DockerClient client;
    RuntimeState state(systemd, client);
    state.setDeclared(manifest);
    state.setDeployed(manifest);
    QElapsedTimer syncTime;
    syncTime.start();
    state.start();
    if (!waitUntil([&] { return state.isSynced(); }, 120000)) {
        std::fprintf(stderr, "RuntimeState did not sync within 120 s\n");
        return 2;
    }
    waitUntil(
        [&] {
            for (const LiveItem &i : state.items())
                if (i.kind == ItemKind::Service && i.status != LiveStatus::Running)
                    return false;
            return true;
        },
        120000);
    std::printf("initial sync: %lld ms\n", static_cast<long long>(syncTime.elapsed()));

    // Idle: nothing changes; count what the state does.
    int changedWhileIdle = 0;
    auto idleConn =
        QObject::connect(&state, &RuntimeState::itemChanged, [&] { ++changedWhileIdle; });
    const double cpu0 = cpuSeconds();
    QElapsedTimer idle;
    idle.start();
    {
        // Only the state and its clients run: one timer ends the period.
        runEventLoopFor(idleSeconds * 1000);
    }
    const double cpuIdle = cpuSeconds() - cpu0;
    const double wall = double(idle.elapsed()) / 1000.0;
    QObject::disconnect(idleConn);
    std::printf("idle: %.3f s CPU over %.1f s watching %d containers = %.3f %% of one CPU; "
                "%d item changes\n",
                cpuIdle, wall, containers, cpuIdle / wall * 100.0, changedWhileIdle);

    // Latency: pause/unpause, event time -> itemChanged.
    QList<double> latenciesMs;
    QString expectId;
    LiveStatus expectStatus = LiveStatus::Unknown;
    QObject::connect(&state, &RuntimeState::itemChanged, [&](int row, const QString &id) {
        const LiveItem &i = state.at(row);
        if (id != expectId || i.status != expectStatus || !i.container
            || i.container->eventTimeNs == 0)
            return;
        latenciesMs.append(double(nowNs() - i.container->eventTimeNs) / 1e6);
        expectId.clear();
    });
    QSet<QString> paused;
    for (int k = 0; k < changes; ++k) {
        const QString &n = names.at(k % names.size());
        const bool pause = !paused.contains(n);
        expectId = u"service/bench/"_s + n;
        expectStatus = pause ? LiveStatus::Stopped : LiveStatus::Running;
        const qsizetype before = latenciesMs.size();
        QProcess p;
        p.start(u"docker"_s, {pause ? u"pause"_s : u"unpause"_s, n});
        waitUntil([&] { return latenciesMs.size() > before; }, 30000);
        p.waitForFinished(30000);
        if (pause)
            paused.insert(n);
        else
            paused.remove(n);
    }
    if (!paused.isEmpty())
        docker(QStringList{u"unpause"_s} + QStringList(paused.begin(), paused.end()));
    std::sort(latenciesMs.begin(), latenciesMs.end());
    if (latenciesMs.isEmpty()) {
        std::printf("latency: no change observed\n");
    } else {
        const auto at = [&](double q) {
            return latenciesMs.at(
                std::min(latenciesMs.size() - 1, qsizetype(q * double(latenciesMs.size()))));
        };
        std::printf("latency (event -> RuntimeState), %lld changes: median %.2f ms, p99 %.2f ms, "
                    "max %.2f ms\n",
                    static_cast<long long>(latenciesMs.size()), at(0.5), at(0.99),
                    latenciesMs.last());
    }
    for (qsizetype at = 0; at < names.size(); at += 50)
        docker(QStringList{u"rm"_s, u"-f"_s} + names.mid(at, 50));
    return 0;
}
