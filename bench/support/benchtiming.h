// Shared by the plain-executable benches: the median of repeated runs and the
// process's peak resident set. Header-only, so a bench needs no extra target.
#pragma once

#include <algorithm>
#include <functional>
#include <vector>

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QString>

namespace khepri::bench {

// Runs `work` `runs` times and returns the median wall time in milliseconds.
inline double medianMs(int runs, const std::function<void()> &work)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

// The process's peak resident set (VmHWM), in MiB; -1 when /proc cannot say.
inline double peakMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return -1;
}

} // namespace khepri::bench
