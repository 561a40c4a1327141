#pragma once

// The desktop console's main window: the compositions tree (left dock), the
// graph and the Nix preview (central tabs), the property form (right dock)
// and the diagnostics (bottom dock), with the actions of the desktop issue.
// It mirrors one Document, passed in and outliving it, and keeps only view
// state: which entity is selected, window geometry and dock layout
// (QSettings). Loading is not its business: it asks for a source
// (openRequested / reloadRequested) and the application fills the Document.

#include <QMainWindow>

#include "entityref.h"
#include "result.h"
#include "source.h"

class QAction;
class QLabel;
class QLineEdit;
class QTableView;
class QTabWidget;
class QTreeView;

namespace khepri {

class CompositionTreeModel;
class DiagnosticsModel;
class Document;
class GraphScene;
class GraphView;
class NixPreview;
class PropertyEditor;

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

    void selectEntity(const EntityRef &ref);
    EntityRef selectedEntity() const { return m_selected; }
    bool find(const QString &text); // focuses the next node whose name contains text
    void save();

    GraphScene *graphScene() const { return m_scene; }
    GraphView *graphView() const { return m_view; }
    PropertyEditor *propertyEditor() const { return m_properties; }
    NixPreview *nixPreview() const { return m_preview; }
    CompositionTreeModel *treeModel() const { return m_treeModel; }
    DiagnosticsModel *diagnosticsModel() const { return m_diagnosticsModel; }
    QTreeView *treeView() const { return m_tree; }
    QTableView *diagnosticsView() const { return m_diagnostics; }
    QTabWidget *tabs() const { return m_tabs; }

    // Turns a drag from one node to another into a Document edit (the
    // membership, mount or dependency); a mount asks for its path unless
    // `mountPath` is given. Returns the refusal, if any.
    Result<bool> connectNodes(const QString &fromNodeId, const QString &toNodeId,
                              const QString &mountPath = {});
    // Removes the connection an edge stands for.
    Result<bool> disconnectEdge(const QString &edgeKey);

Q_SIGNALS:
    void openRequested(const khepri::Source &source);
    void reloadRequested();
    void layoutFinished();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

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
    void report(const QString &message, bool error = false);

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

    QAction *m_openFlake = nullptr;
    QAction *m_openFile = nullptr;
    QAction *m_reload = nullptr;
    QAction *m_save = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_addService = nullptr;
    QAction *m_addNetwork = nullptr;
    QAction *m_addVolume = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_fit = nullptr;
    QAction *m_relayout = nullptr;
    QAction *m_find = nullptr;
};

} // namespace khepri
