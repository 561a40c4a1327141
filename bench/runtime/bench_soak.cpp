// bench_soak: N containers flapping for a long time under the real
// `khepri status --watch --json` and the real GUI (offscreen), against the
// harness's dockerd and systemd user manager. Not in CI: it runs for
// minutes and prints figures.
//
//   flapping   every period, the next batch of containers (round-robin) is
//              paused or unpaused with one docker command; each container
//              holds a state for containers/batch periods
//   memory     VmRSS of both khepri processes once they are watching, and at
//              the end, with their peak (VmHWM)
//   CPU        user+system CPU of both processes over the run
//   transitions  from the watch output: each container's state as reported
//              (running/paused) is compared with the flips the bench made;
//              a flip never reported is missed, a change reported without a
//              flip is duplicated, and the last reported state must match
//
// Needs the harness (DOCKER_HOST, the user manager's bus, nix for the GUI's
// empty source):
//   export KHEPRI_HARNESS_DIR=build/harness
//   tests/harness/harness.sh start nix; tests/harness/harness.sh start docker
//   tests/harness/harness.sh start systemd
//   tests/harness/harness.sh exec --need nix --need docker --need systemd --
//       build/bench/runtime/bench_soak [--seconds 600] [--containers 200]
//       [--batch 20] [--period-ms 1000] [--no-gui]
// Defaults: 200 containers, 600 s, batches of 20, one batch a second.

#include <cstdio>

#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include "livebench.h"
#include "manifest.h"

using namespace khepri;
using namespace khepri::bench;
using namespace Qt::StringLiterals;

namespace {

// A field of /proc/<pid>/status in KiB ("VmRSS", "VmHWM"); -1 when gone.
long procStatusKb(qint64 pid, const char *field)
{
    QFile f(u"/proc/%1/status"_s.arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').first().toLong();
    return -1;
}

// utime + stime of /proc/<pid>/stat, in seconds; -1 when gone.
double procCpuSeconds(qint64 pid)
{
    QFile f(u"/proc/%1/stat"_s.arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = f.readAll();
    // Fields after the command name, which may hold spaces: "(…) S ppid …".
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const double ticks = double(::sysconf(_SC_CLK_TCK));
    return (fields.at(11).toDouble() + fields.at(12).toDouble()) / ticks;
}

struct Probe {
    const char *name;
    qint64 pid = 0;
    long rssStart = 0;
    double cpuStart = 0;
};

void printProbe(const Probe &p, double seconds)
{
    const long rss = procStatusKb(p.pid, "VmRSS");
    const long hwm = procStatusKb(p.pid, "VmHWM");
    const double cpu = procCpuSeconds(p.pid) - p.cpuStart;
    std::printf("%-15s RSS start %.1f MiB, end %.1f MiB, peak %.1f MiB; CPU %.2f s over %.0f s "
                "(%.2f %% of one CPU)\n",
                p.name, double(p.rssStart) / 1024.0, double(rss) / 1024.0, double(hwm) / 1024.0,
                cpu, seconds, cpu / seconds * 100.0);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int containers = argValue(args, u"--containers"_s, 200);
    const int seconds = argValue(args, u"--seconds"_s, 600);
    const int batch = std::max(1, argValue(args, u"--batch"_s, 20));
    const int periodMs = argValue(args, u"--period-ms"_s, 1000);
    const bool gui = !args.contains(u"--no-gui"_s);
    const QString prefix = u"ks%1-"_s.arg(QCoreApplication::applicationPid());
    QTemporaryDir dir;

    std::printf("bench_soak: %d containers, %d s, batches of %d every %d ms%s\n", containers,
                seconds, batch, periodMs, gui ? ", status --watch and GUI" : ", status --watch");
    const QStringList names = startContainers(prefix, containers);
    if (names.isEmpty())
        return 2;
    // Declared and deployed: one composition whose services are the containers.
    const Manifest manifest = containersManifest(u"soak"_s, names);
    const QString manifestPath = dir.filePath(u"manifest.json"_s);
    {
        QFile f(manifestPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(manifest.toJson()).toJson()) < 0)
            return 2;
    }
    const QString emptySource = dir.filePath(u"empty.nix"_s);
    {
        QFile f(emptySource);
        if (!f.open(QIODevice::WriteOnly) || f.write("{ }\n") < 0)
            return 2;
    }

    // What `status --watch --json` reports: the container state per name,
    // and how often it changed.
    QHash<QString, QString> reported;
    QHash<QString, int> reportedChanges;
    bool watchSynced = false;
    int redraws = 0, redrawsUnsynced = 0, redrawsDockerDown = 0;
    // While flapping a redraw comes every period; a long gap means the watch
    // was not synced (it prints nothing then).
    QElapsedTimer sinceRedraw;
    qint64 longestGapMs = 0, gapsMs = 0;
    QProcess status;
    status.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QByteArray pending;
    QObject::connect(&status, &QProcess::readyReadStandardOutput, [&] {
        pending += status.readAllStandardOutput();
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            const QJsonObject o = QJsonDocument::fromJson(pending.left(nl)).object();
            pending.remove(0, nl + 1);
            ++redraws;
            if (sinceRedraw.isValid()) {
                const qint64 gap = sinceRedraw.restart();
                longestGapMs = std::max(longestGapMs, gap);
                if (gap > 3000)
                    gapsMs += gap;
            }
            if (!o.value(u"docker").toObject().value(u"connected").toBool())
                ++redrawsDockerDown;
            if (!o.value(u"synced").toBool()) {
                ++redrawsUnsynced;
                continue;
            }
            watchSynced = true;
            for (const QJsonValue &v : o.value(u"items").toArray()) {
                const QJsonObject item = v.toObject();
                const QString name = item.value(u"docker").toString();
                if (item.value(u"kind").toString() != u"service" || name.isEmpty())
                    continue;
                const QString state =
                    item.value(u"container").toObject().value(u"state").toString();
                const auto it = reported.find(name);
                if (it == reported.end()) {
                    reported.insert(name, state);
                } else if (*it != state) {
                    *it = state;
                    ++reportedChanges[name];
                }
            }
        }
    });
    status.start(QCoreApplication::applicationDirPath() + u"/../../app/khepri"_s,
                 {u"status"_s, u"--watch"_s, u"--json"_s, u"--user"_s, u"--manifest"_s,
                  manifestPath, u"--deployed"_s, manifestPath});
    if (!status.waitForStarted(30000)) {
        std::fprintf(stderr, "cannot start khepri status --watch\n");
        return 2;
    }
    QProcess console;
    if (gui) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        console.setProcessEnvironment(env);
        console.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        console.setStandardOutputFile(QProcess::nullDevice());
        console.start(
            QCoreApplication::applicationDirPath() + u"/../../app/khepri"_s,
            {u"gui"_s, u"--user"_s, u"--deployed"_s, manifestPath, u"--file"_s, emptySource});
        if (!console.waitForStarted(30000)) {
            std::fprintf(stderr, "cannot start khepri gui\n");
            return 2;
        }
    }
    if (!waitUntil(
            [&] {
                if (!watchSynced || reported.size() < containers)
                    return false;
                for (const QString &s : std::as_const(reported))
                    if (s != u"running")
                        return false;
                return true;
            },
            180000)) {
        std::fprintf(stderr, "status --watch did not report all containers running in 180 s\n");
        return 2;
    }
    runEventLoopFor(5000); // let the GUI settle
    Probe probes[2] = {{"status --watch", status.processId(), 0, 0},
                       {"gui", gui ? console.processId() : 0, 0, 0}};
    for (Probe &p : probes) {
        if (p.pid == 0)
            continue;
        p.rssStart = procStatusKb(p.pid, "VmRSS");
        p.cpuStart = procCpuSeconds(p.pid);
    }
    reportedChanges.clear();
    redraws = redrawsUnsynced = redrawsDockerDown = 0;
    sinceRedraw.start();

    // Flap: one batch per period, each command waited for.
    QHash<QString, int> flips;
    QHash<QString, bool> paused;
    QElapsedTimer run;
    run.start();
    qsizetype next = 0;
    long long totalFlips = 0;
    while (run.elapsed() < qint64(seconds) * 1000) {
        QElapsedTimer round;
        round.start();
        QStringList toPause, toUnpause;
        for (int k = 0; k < batch; ++k) {
            const QString &n = names.at(next);
            next = (next + 1) % names.size();
            (paused.value(n) ? toUnpause : toPause).append(n);
        }
        if (!toPause.isEmpty() && docker(QStringList{u"pause"_s} + toPause))
            for (const QString &n : std::as_const(toPause)) {
                paused[n] = true;
                ++flips[n];
                ++totalFlips;
            }
        if (!toUnpause.isEmpty() && docker(QStringList{u"unpause"_s} + toUnpause))
            for (const QString &n : std::as_const(toUnpause)) {
                paused[n] = false;
                ++flips[n];
                ++totalFlips;
            }
        runEventLoopFor(int(std::max<qint64>(0, periodMs - round.elapsed())));
    }
    const double wall = double(run.elapsed()) / 1000.0;
    // The last changes reach the watch output.
    waitUntil(
        [&] {
            for (const QString &n : std::as_const(names))
                if (reported.value(n) != (paused.value(n) ? u"paused"_s : u"running"_s))
                    return false;
            return true;
        },
        30000, 20);

    std::printf("flips: %lld in %.0f s (%.1f per second)\n", totalFlips, wall,
                double(totalFlips) / wall);
    for (const Probe &p : probes)
        if (p.pid != 0)
            printProbe(p, wall);
    long long missed = 0, duplicated = 0, observed = 0;
    int wrongAtEnd = 0;
    for (const QString &n : std::as_const(names)) {
        const int expected = flips.value(n);
        const int seen = reportedChanges.value(n);
        observed += seen;
        missed += std::max(0, expected - seen);
        duplicated += std::max(0, seen - expected);
        if (reported.value(n) != (paused.value(n) ? u"paused"_s : u"running"_s))
            ++wrongAtEnd;
    }
    std::printf("transitions (status --watch): %lld made, %lld reported, %lld missed, %lld "
                "duplicated; %d containers in the wrong state at the end\n",
                totalFlips, observed, missed, duplicated, wrongAtEnd);

    // Misses while the watch was not synced (systemd or Docker lost) are the
    // environment's, not the event path's.
    std::printf("watch output: %d redraws, %d not synced, %d with Docker disconnected; longest "
                "silence %.1f s, %.1f s in silences over 3 s\n",
                redraws, redrawsUnsynced, redrawsDockerDown, double(longestGapMs) / 1000.0,
                double(gapsMs) / 1000.0);

    status.terminate();
    status.waitForFinished(30000);
    if (gui) {
        console.terminate();
        console.waitForFinished(30000);
    }
    for (qsizetype at = 0; at < names.size(); at += 50) {
        docker(QStringList{u"unpause"_s} + names.mid(at, 50));
        docker(QStringList{u"rm"_s, u"-f"_s} + names.mid(at, 50));
    }
    return 0;
}
