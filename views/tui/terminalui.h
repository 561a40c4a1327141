#pragma once

// TerminalUi is the terminal console's controller: it loads the source
// (DocumentLoader → Document, validated), asks the translator for the
// manifest, joins it with systemd and Docker (RuntimeState), and keeps a
// TuiViewState that TuiRenderer draws on a TerminalScreen. Keys become
// actions on the model and runtime: start/stop/restart units, follow a
// container's log, filter, rebuild, reload.
//
// Event-driven like the rest of the console: one redraw is queued per burst
// of changes (a model signal, a key, a resize, a log line) and nothing runs
// in between — no timer. Owns everything it creates; the screen is
// destroyed first, so the terminal is restored before anything else goes.

#include <functional>
#include <memory>

#include <QObject>
#include <QPointer>

#include "result.h"
#include "source.h"
#include "systemdclient.h"
#include "tuiviewstate.h"

namespace khepri {

class Document;
class DocumentLoader;
class DockerClient;
class DockerLogStream;
class DockerStatsStream;
class RebuildRunner;
class RuntimeState;
class Saver;
class TerminalScreen;
class Translator;
struct LoadedDocument;
struct Translation;

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
    void onLoaded(const Result<LoadedDocument> &result);
    void onTranslated(const Result<Translation> &result);
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
    QList<Diagnostic> m_loadNotes;
    QList<Diagnostic> m_translatorDiagnostics;
    DocumentLoader *m_loader;
    Document *m_document;
    Translator *m_translator;
    SystemdClient *m_systemd;
    DockerClient *m_docker;
    RuntimeState *m_runtime;
    RebuildRunner *m_rebuild;
    std::unique_ptr<TerminalScreen> m_screen;
    QPointer<DockerLogStream> m_logStream;
    QPointer<DockerStatsStream> m_statsStream;
    std::function<void()> m_pendingConfirm;
    std::optional<Composition> m_pendingImport;
    Saver *m_saver = nullptr;
    bool m_redrawQueued = false;
    bool m_started = false;
};

} // namespace khepri
