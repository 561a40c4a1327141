#pragma once

// RebuildOutputParser reads nixos-rebuild's output one line at a time and
// says what it means: log entries for the user, the phase (evaluating,
// building, downloading, activating), build and download progress, the
// evaluation and build errors as diagnostics with file and line, and the
// units switch-to-configuration stopped, started, restarted or reloaded.
// It understands nix's structured log (`--log-format internal-json`: lines
// "@nix {…}") and the plain output alike, since nixos-rebuild and the
// activation script print plain lines in either mode. Pure: no I/O, no
// signals; RebuildRunner feeds it and forwards what it reports.
// Invariant: an error block ("error:" and its indented continuation) is held
// back until it ends, then reported as entries whose first carries the
// location, so the log never shows an error line without its file and line.

#include <optional>

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include "rebuildtypes.h"
#include "result.h"

class QJsonObject;

namespace khepri {

class RebuildOutputParser {
public:
    enum class Stream { Stdout, Stderr };

    struct Update {
        QList<RebuildLogEntry> entries; // append to the log, in order
        bool phaseChanged = false;
        bool progressChanged = false;
        QList<Error> diagnostics; // errors that ended with this line
    };

    Update feed(const QString &line, Stream stream);
    // The output ended: reports an error block still held back.
    Update finish();

    RebuildPhase phase() const { return m_phase; }
    // Progress of the current phase: downloads while downloading, else builds.
    RebuildProgress progress() const;
    const UnitChanges &units() const { return m_units; }
    const QList<Error> &diagnostics() const { return m_diagnostics; }
    void setPhase(RebuildPhase phase) { m_phase = phase; }

private:
    void plainLine(const QString &text, Stream stream, Update &update);
    void jsonLine(const QJsonObject &object, Update &update);
    void message(const QString &text, int level, Update &update);
    void recognise(const QString &text, Update &update);
    void activate(Update &update);
    void closeErrorBlock(Update &update);
    void reportError(const QStringList &lines, Error error, Update &update);
    void setPhase(RebuildPhase phase, Update &update);
    void setBuilds(const RebuildProgress &builds, Update &update);
    void setDownloads(const RebuildProgress &downloads, Update &update);

    RebuildPhase m_phase = RebuildPhase::Evaluating;
    RebuildProgress m_builds;
    RebuildProgress m_downloads;
    int m_buildsStarted = 0;
    int m_downloadsStarted = 0;
    bool m_structuredProgress = false;  // nix reported progress results; trust those
    QHash<qint64, int> m_activityTypes; // structured log: activity id → type
    QStringList m_errorBlock;
    UnitChanges m_units;
    QList<Error> m_diagnostics;
};

} // namespace khepri
