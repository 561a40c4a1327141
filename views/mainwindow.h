#pragma once

// The desktop console's main window: the compositions tree (left dock), the
// graph and the Nix preview (central tabs), the property form (right dock)
// and the diagnostics (bottom dock), with the actions of the desktop issue.
// It mirrors one Document, passed in and outliving it, and keeps only view
// state: which entity is selected, window geometry and dock layout
// (QSettings). Loading is not its business: it asks for a source
// (openRequested / reloadRequested) and a ConsoleSession (setSession) fills
// the Document; the window renders the session's progress and diagnostics.
// With a RuntimeState (setRuntime, borrowed) it shows the live state (Status
// and Logs docks through a LiveFollower, node colours) and starts, stops and
// restarts units; it renders the rebuild of its RebuildController (Rebuild
// dock and toolbar button), which plans it, remembers the target and runs the
// preflight.

#include <QMainWindow>

#include "entityref.h"
#include "rebuildrunner.h"
#include "rebuildtypes.h"
#include "result.h"
#include "source.h"
#include "systemdclient.h"

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;
class QTabWidget;
class QTreeView;

namespace khepri {

class CompositionTreeModel;
class ConsoleSession;
class DiagnosticsModel;
class Document;
struct GraphEdge;
class GraphScene;
class GraphView;
class LiveFollower;
class LiveStateModel;
class LogPanel;
class NixPreview;
class PropertyEditor;
class RebuildController;
class RebuildPanel;
class RuntimeState;
class Saver;
class StatusPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    // `restoreLayout`: apply the remembered geometry and dock layout (off
    // for screenshots, which want a fixed size).
    explicit MainWindow(Document &document, bool restoreLayout = true, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setSource(const Source &source);
    void setBusy(const QString &message); // empty: idle
    void showLoadError(const Error &error);
    void clearLoadError();
    // The session that fills the Document: the window shows its progress,
    // its load errors and its merged diagnostics (the Document's, the
    // loader's notes, the translator's assertions and warnings). Borrowed;
    // it must outlive the window.
    void setSession(ConsoleSession &session);

    void selectEntity(const EntityRef &ref);
    EntityRef selectedEntity() const { return m_selected; }
    bool find(const QString &text); // focuses the next node whose name contains text
    void save();
    // File → Import Compose File…: the preview dialog (window-modal, owned by
    // this window), with `composeFile` preset when given (drag and drop).
    // Accept adds the composition to the Document as one undo step.
    void importCompose(const QString &composeFile = {});
    // File → Export Composition…: `composition` written to `file` as compose YAML.
    Result<void> exportComposition(const QString &composition, const QString &file);

    GraphScene *graphScene() const { return m_scene; }
    GraphView *graphView() const { return m_view; }
    PropertyEditor *propertyEditor() const { return m_properties; }
    NixPreview *nixPreview() const { return m_preview; }
    CompositionTreeModel *treeModel() const { return m_treeModel; }
    DiagnosticsModel *diagnosticsModel() const { return m_diagnosticsModel; }
    QTreeView *treeView() const { return m_tree; }
    QTableView *diagnosticsView() const { return m_diagnostics; }
    QTabWidget *tabs() const { return m_tabs; }

    // Graph gestures, forwarded to GraphEdits (which decides and makes the
    // one undo step): a drag from one node to another, where a mount asks for
    // its path unless `mountPath` is given; deleting an edge. Return the
    // refusal, if any.
    Result<void> connectNodes(const QString &fromNodeId, const QString &toNodeId,
                              const QString &mountPath = {});
    Result<void> disconnectEdge(const GraphEdge &edge);

    // Live state: adds the Status and Logs docks over `runtime` (which must
    // outlive the window), colours the graph's nodes and enables
    // Start/Stop/Restart. `deployedPath` is read again after a rebuild.
    void setRuntime(RuntimeState &runtime, const QString &deployedPath = {});
    LiveStateModel *liveStateModel() const { return m_liveModel; }
    StatusPanel *statusPanel() const { return m_statusPanel; }
    LogPanel *logPanel() const { return m_logPanel; }
    // The live item the actions apply to ("service/<comp>/<svc>", …).
    QString selectedLiveId() const { return m_liveId; }
    void selectLiveId(const QString &id);
    // Starts, stops or restarts the selected item's unit (a composition's
    // target); the outcome shows in the status bar.
    void runUnitAction(khepri::SystemdClient::Action action);

    RebuildPanel *rebuildPanel() const { return m_rebuildPanel; }
    // Why a rebuild cannot run now; empty when it can.
    QString rebuildBlocker() const;
    // Runs nixos-rebuild `action` for the flake source (no confirmation).
    void startRebuild(khepri::RebuildAction action);
    // The target host rebuilds deploy to: remembered per host, empty for
    // this machine (loaded from the settings on first use).
    QString rebuildTargetHost();
    // "deploying to root@a (remembered; …)", as the confirmation and the
    // Rebuild dock say it.
    QString rebuildTargetText();
    void setRebuildTargetHost(const QString &host);

Q_SIGNALS:
    void openRequested(const khepri::Source &source);
    void reloadRequested();
    void layoutFinished();
    void rebuildFinished(const khepri::RebuildResult &result);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createDocks();
    void updateActions();
    void updateTitle();
    void onSceneSelection();
    void onTreeSelection();
    void deleteSelection();
    void addEntity(EntityRef::Kind kind);
    QString editableComposition() const; // where Add puts things
    void openFlake();
    void openFile();
    void askExportComposition();
    void report(const QString &message, bool error = false);
    Saver *saver();
    void updateLiveActions();
    void updateNodeStates();
    void updateNodeState(int row);
    void onLiveSelected(const QString &id);
    void followSelected();
    void reportProblems();
    void confirmRebuild(RebuildAction action);
    void editTargetHost();
    void onRebuildFinished(const RebuildResult &result);
    void onRebuildLocation(const QString &file, int line, int column);

    Document &m_document;
    Source m_source;
    bool m_hasSource = false;
    EntityRef m_selected;
    bool m_syncingSelection = false;
    bool m_fitOnLayout = false;
    int m_findIndex = -1;
    QString m_findText;

    GraphScene *m_scene;
    GraphView *m_view;
    NixPreview *m_preview;
    QTabWidget *m_tabs;
    QLabel *m_loadError;
    CompositionTreeModel *m_treeModel;
    DiagnosticsModel *m_diagnosticsModel;
    QTreeView *m_tree = nullptr;
    QTableView *m_diagnostics = nullptr;
    PropertyEditor *m_properties = nullptr;
    QLabel *m_busy;
    QLineEdit *m_findEdit = nullptr;
    QObject *m_saver = nullptr;

    RuntimeState *m_runtime = nullptr;
    QString m_deployedPath;
    LiveStateModel *m_liveModel = nullptr;
    StatusPanel *m_statusPanel = nullptr;
    LogPanel *m_logPanel = nullptr;
    LiveFollower *m_follower = nullptr;
    QString m_liveId;
    RebuildPanel *m_rebuildPanel = nullptr;
    QDockWidget *m_rebuildDock = nullptr;
    RebuildController *m_rebuildController = nullptr; // plan, target, preflight, result
    RebuildAction m_rebuildAction = RebuildAction::Switch;

    QAction *m_openFlake = nullptr;
    QAction *m_openFile = nullptr;
    QAction *m_reload = nullptr;
    QAction *m_save = nullptr;
    QAction *m_importCompose = nullptr;
    QAction *m_exportCompose = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_addService = nullptr;
    QAction *m_addNetwork = nullptr;
    QAction *m_addVolume = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_fit = nullptr;
    QAction *m_relayout = nullptr;
    QAction *m_find = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAction *m_start = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_restart = nullptr;
    QAction *m_rebuild = nullptr;
    QAction *m_targetHostAction = nullptr;
    QActionGroup *m_rebuildModes = nullptr;
};

} // namespace khepri
