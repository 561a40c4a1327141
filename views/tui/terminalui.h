#pragma once

// TerminalUi is the terminal console's controller: it wires the shared
// console controllers — ConsoleSession (load, translate, declared manifest
// into RuntimeState, merged diagnostics) and LiveFollower (a container's log
// and the selection's stats) — into a TuiViewState that TuiRenderer draws on
// a TerminalScreen. Keys become actions on the model and runtime:
// start/stop/restart units, follow a container's log, filter, rebuild,
// reload.
//
// Event-driven like the rest of the console: one redraw is queued per burst
// of changes (a model signal, a key, a resize, a log line) and nothing runs
// in between — no timer. Owns everything it creates; the screen is
// destroyed first, so the terminal is restored before anything else goes.

#include <functional>
#include <memory>

#include <QObject>

#include "result.h"
#include "source.h"
#include "systemdclient.h"
#include "tuiviewstate.h"

namespace khepri {

class ConsoleSession;
class Document;
class DockerClient;
class LiveFollower;
class RebuildController;
class RuntimeState;
class Saver;
class TerminalScreen;

struct TerminalUiOptions {
    Source source;
    bool userBus = false; // the systemd user manager (--user)
    QString deployedPath = QStringLiteral("/etc/khepri/manifest.json");
};

class TerminalUi : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalUi)
public:
    explicit TerminalUi(const TerminalUiOptions &options, QObject *parent = nullptr);
    ~TerminalUi() override;

    // Takes over the terminal, then loads the source and starts watching.
    // Fails (and touches nothing) without a usable terminal.
    Result<void> start();

    const TuiViewState &state() const { return m_state; }
    // A key as tuikey codes (TerminalScreen's keyPressed); public for tests.
    void handleKey(int key);

Q_SIGNALS:
    void quitRequested();

private:
    void reload();
    void onLoaded(const Result<void> &result);
    void onTranslated();
    void syncLive();
    void refreshDiagnostics();
    void queueRedraw();
    void redraw();

    void handleDialogKey(int key);
    void handleListKey(int key);
    void handleLogKey(int key);
    void moveSelection(int delta);
    void ensureSelectionVisible();
    void setMessage(const QString &text, bool error = false);
    void confirm(const QString &question, std::function<void()> action);

    void act(SystemdClient::Action action);
    void onActionFinished(const QString &unit, SystemdClient::Action action,
                          const Result<void> &result);
    void openLogs();
    void jumpToMatch(int direction);
    void updateStats();
    void chooseRebuild(RebuildAction action);
    void startRebuild(RebuildAction action);
    int pageSize() const;
    // i: the compose file typed in the dialog, previewed; y adds it (one undo
    // step in the Document) and saves the owned file.
    void previewImport(const QString &file);
    void acceptImport();

    TerminalUiOptions m_options;
    TuiViewState m_state;
    Document *m_document;
    SystemdClient *m_systemd;
    DockerClient *m_docker;
    RuntimeState *m_runtime;
    ConsoleSession *m_session;
    LiveFollower *m_logFollower;   // the log screen's service
    LiveFollower *m_statsFollower; // the selection's CPU and memory
    RebuildController *m_rebuild;  // plan, target, preflight, result
    std::unique_ptr<TerminalScreen> m_screen;
    std::function<void()> m_pendingConfirm;
    std::optional<Composition> m_pendingImport;
    Saver *m_saver = nullptr;
    bool m_redrawQueued = false;
    bool m_started = false;
};

} // namespace khepri
