#pragma once

// What the live-state benchmarks share: running docker, reading arguments
// and N busybox containers declared as the
// services of one composition (units not loaded: Docker alone decides).

#include <algorithm>
#include <cstdio>

#include <QCoreApplication>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include "eventloopwait.h" // waitUntil, runEventLoopFor
#include "manifest.h"

namespace khepri::bench {

inline bool docker(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("docker"), args);
    return p.waitForFinished(600000) && p.exitCode() == 0;
}

inline int argValue(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
}

// Creates and starts `count` containers named <prefix><i> running sleep;
// empty (and says why) when docker fails.
inline QStringList startContainers(const QString &prefix, int count)
{
    QStringList names;
    for (int i = 0; i < count; ++i)
        names.append(prefix + QString::number(i));
    for (const QString &n : std::as_const(names))
        if (!docker({QStringLiteral("create"), QStringLiteral("--name"), n,
                     QStringLiteral("khepri-test/busybox:1"), QStringLiteral("sleep"),
                     QStringLiteral("100000")})) {
            std::fprintf(stderr, "docker create failed (is the harness's dockerd up?)\n");
            return {};
        }
    for (qsizetype at = 0; at < names.size(); at += 50)
        docker(QStringList{QStringLiteral("start")} + names.mid(at, 50));
    return names;
}

// One composition whose services are the containers `names`.
inline Manifest containersManifest(const QString &composition, const QStringList &names)
{
    Manifest manifest;
    ManifestComposition comp;
    comp.target = QStringLiteral("khepri-") + composition + QStringLiteral(".target");
    for (const QString &n : names) {
        ManifestService s;
        s.container = n;
        s.unit = QStringLiteral("docker-") + n + QStringLiteral(".service");
        s.image = QStringLiteral("khepri-test/busybox:1");
        comp.services.insert(n, s);
    }
    manifest.compositions.insert(composition, comp);
    return manifest;
}

} // namespace khepri::bench
