#pragma once

// RebuildRunner runs one nixos-rebuild at a time (RebuildPlan →
// buildRebuildCommand: a program and an argument vector, never a shell line)
// and reports it: every output line into logModel(), the phase and progress
// as signals, and exactly one finished(RebuildResult) per started rebuild —
// succeeded, failed (exit code and the error, with file and line for
// evaluation errors) or cancelled.
//
// Order of a run: the caller's preflight (save the Document, validate; it can
// block the rebuild with an Error) → probing nixos-rebuild's options when the
// plan leaves them open → nixos-rebuild in its own session and process group.
// cancel() sends SIGTERM to that whole group and SIGKILL after a grace
// period, so nothing nixos-rebuild started outlives it. Nothing here blocks:
// no waitFor*, no nested event loop.
//
// Owned by whoever starts rebuilds (the console, `khepri rebuild`); owns its
// log model, the process and, while a run needs sudo -A or ssh, a private
// directory with the askpass helper (which holds no secret).

#include <functional>
#include <memory>

#include <QHash>
#include <QObject>
#include <QString>

#include "rebuildcommand.h"
#include "rebuildoutputparser.h"
#include "rebuildtypes.h"
#include "result.h"

class QTemporaryDir;

namespace khepri {

class NixosRebuildProbe;
class ProcessJob;
struct ProcessExit;
class RebuildLogModel;

// The step before a rebuild. It calls `done` exactly once, synchronously or
// later: true to go on, false when the user declined (the rebuild ends
// Cancelled), an Error to block it (it ends Failed with that Error).
using RebuildPreflightDone = std::function<void(const Result<bool> &)>;
using RebuildPreflight = std::function<void(const RebuildPreflightDone &done)>;

class RebuildRunner : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RebuildRunner)
public:
    explicit RebuildRunner(QObject *parent = nullptr);
    ~RebuildRunner() override;

    RebuildLogModel *logModel() const { return m_log; }
    void setPreflight(RebuildPreflight preflight) { m_preflight = std::move(preflight); }
    void setCancelGracePeriod(int milliseconds);

    bool isRunning() const { return m_stage != Stage::Idle; }
    RebuildPhase phase() const { return m_phase; }
    RebuildProgress progress() const { return m_parser.progress(); }
    // The running nixos-rebuild (or sudo/pkexec) process, which leads its own
    // process group; 0 when none runs.
    qint64 processId() const;

    // false (and nothing emitted) when a rebuild is already running.
    bool start(const RebuildPlan &plan);
    void cancel();

Q_SIGNALS:
    void phaseChanged(khepri::RebuildPhase phase);
    void progressChanged(const khepri::RebuildProgress &progress);
    void logged(const khepri::RebuildLogEntry &entry); // each line logModel() gets
    void diagnostic(const khepri::Error &error);
    void finished(const khepri::RebuildResult &result);

private:
    enum class Stage { Idle, Preflight, Probing, Running };

    void preflightDone(const Result<bool> &result);
    void probe();
    void launch(const NixosRebuildFeatures &features);
    Result<void> writeAskpassHelper();
    void readOutput(RebuildOutputParser::Stream stream);
    void feedLines(QByteArray &buffer, RebuildOutputParser::Stream stream, bool flush);
    void apply(const RebuildOutputParser::Update &update);
    void processFinished(const ProcessExit &exit);
    void failLater(const Error &error);
    void finish(RebuildResult::Status status, const Error &error);
    void setPhase(RebuildPhase phase);
    void log(const QString &text, RebuildLogEntry::Severity severity);

    RebuildLogModel *m_log;
    NixosRebuildProbe *m_probe;
    RebuildPreflight m_preflight;
    QHash<QString, NixosRebuildFeatures> m_features; // by nixos-rebuild path

    Stage m_stage = Stage::Idle;
    quint64 m_generation = 0; // stale preflight answers and queued failures are ignored
    RebuildPlan m_plan;
    RebuildPhase m_phase = RebuildPhase::Idle;
    RebuildOutputParser m_parser;
    RebuildResult m_result;
    ProcessJob *m_job = nullptr; // the running nixos-rebuild
    int m_cancelGraceMs = 5000;
    bool m_cancelling = false;
    QByteArray m_output; // stdout and stderr merged; a partial last line waits here
    std::unique_ptr<QTemporaryDir> m_askpassDir; // until m_job owns it
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace khepri
