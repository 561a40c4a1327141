#include "mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStringBuilder>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

#include "addcomposition.h"
#include "atomicfile.h"
#include "composeexporter.h"
#include "composeimportdialog.h"
#include "compositiontreemodel.h"
#include "consolesession.h"
#include "diagnosticsmodel.h"
#include "diffdialog.h"
#include "dockerclient.h"
#include "document.h"
#include "entitylocator.h"
#include "graphedgeitem.h"
#include "graphedits.h"
#include "graphnodeitem.h"
#include "graphscene.h"
#include "graphstyle.h"
#include "graphview.h"
#include "livefollower.h"
#include "liveid.h"
#include "liveitem.h"
#include "livestatemodel.h"
#include "logpanel.h"
#include "nixpreview.h"
#include "propertyeditor.h"
#include "rebuildcontroller.h"
#include "rebuildpanel.h"
#include "runtimestate.h"
#include "saver.h"
#include "statuspanel.h"
#include "viewslogging.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

using Kind = EntityRef::Kind;

QIcon themeIcon(const QString &name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(name, QApplication::style()->standardIcon(fallback));
}

EntityRef refOfLiveItem(const LiveItem &item)
{
    return LiveId::of(item.kind, item.composition, item.name).toEntityRef();
}

QString actionName(SystemdClient::Action action)
{
    switch (action) {
    case SystemdClient::Action::Start:
        return QObject::tr("start");
    case SystemdClient::Action::Stop:
        return QObject::tr("stop");
    case SystemdClient::Action::Restart:
        break;
    }
    return QObject::tr("restart");
}

} // namespace

MainWindow::MainWindow(Document &document, bool restoreLayout, QWidget *parent)
    : QMainWindow(parent)
    , m_document(document)
    , m_scene(new GraphScene(document, this))
    , m_view(new GraphView(m_scene, this))
    , m_preview(new NixPreview(document, this))
    , m_tabs(new QTabWidget(this))
    , m_loadError(new QLabel(this))
    , m_treeModel(new CompositionTreeModel(document, this))
    , m_diagnosticsModel(new DiagnosticsModel(document, this))
    , m_busy(new QLabel(this))
{
    setObjectName(u"mainWindow"_s);
    setAcceptDrops(true);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_loadError->setWordWrap(true);
    m_loadError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_loadError->setMargin(8);
    m_loadError->setAutoFillBackground(true);
    m_loadError->hide();
    layout->addWidget(m_loadError);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_view, tr("Graph"));
    m_tabs->addTab(m_preview, tr("Nix"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    createDocks();
    createActions();
    statusBar()->addPermanentWidget(m_busy);

    connect(m_scene, &GraphScene::layoutFinished, this, [this] {
        if (m_fitOnLayout) {
            m_fitOnLayout = false;
            m_view->fitAll();
        }
        Q_EMIT layoutFinished();
    });
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &MainWindow::onSceneSelection);
    connect(m_view, &GraphView::connectRequested, this,
            [this](const QString &from, const QString &to) {
                if (auto r = connectNodes(from, to); !r)
                    report(r.error().message, true);
            });
    connect(&m_document, &Document::documentReset, this, [this] {
        if (!m_document.exists(m_selected))
            m_selected = {};
        // A new document is shown whole, once laid out.
        if (m_scene->isLayoutPending())
            m_fitOnLayout = true;
        else
            QTimer::singleShot(0, m_view, &GraphView::fitAll);
        m_tree->expandAll();
        updateActions();
        updateTitle();
    });
    connect(&m_document, &Document::entityAdded, this, [this](const EntityRef &ref) {
        if (ref.kind == Kind::Composition)
            m_tree->expand(m_treeModel->indexOf(ref));
        updateActions();
    });
    connect(&m_document, &Document::entityRemoved, this, [this](const EntityRef &ref) {
        if (ref == m_selected
            || (ref.kind == Kind::Composition && ref.composition == m_selected.composition))
            m_selected = {};
        updateActions();
    });
    connect(m_document.undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(m_document.undoStack(), &QUndoStack::indexChanged, this, &MainWindow::updateActions);

    resize(1500, 920);
    if (restoreLayout) {
        QSettings settings;
        restoreGeometry(settings.value(u"mainWindow/geometry"_s).toByteArray());
        restoreState(settings.value(u"mainWindow/state"_s).toByteArray());
    }
    m_tree->expandAll();
    updateActions();
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    m_tree = new QTreeView(this);
    m_tree->setModel(m_treeModel);
    m_tree->setHeaderHidden(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(CompositionTreeModel::NameColumn,
                                           QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::onTreeSelection);
    auto *treeDock = new QDockWidget(tr("Compositions"), this);
    treeDock->setObjectName(u"compositionsDock"_s);
    treeDock->setWidget(m_tree);
    addDockWidget(Qt::LeftDockWidgetArea, treeDock);

    m_properties = new PropertyEditor(m_document, this);
    m_properties->setMinimumWidth(420);
    auto *propertiesDock = new QDockWidget(tr("Properties"), this);
    propertiesDock->setObjectName(u"propertiesDock"_s);
    propertiesDock->setWidget(m_properties);
    addDockWidget(Qt::RightDockWidgetArea, propertiesDock);

    m_diagnostics = new QTableView(this);
    m_diagnostics->setModel(m_diagnosticsModel);
    m_diagnostics->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_diagnostics->setSelectionMode(QAbstractItemView::SingleSelection);
    m_diagnostics->setWordWrap(false);
    m_diagnostics->verticalHeader()->setVisible(false);
    m_diagnostics->setColumnWidth(DiagnosticsModel::SeverityColumn, 100);
    m_diagnostics->setColumnWidth(DiagnosticsModel::MessageColumn, 820);
    m_diagnostics->setColumnWidth(DiagnosticsModel::CompositionColumn, 120);
    m_diagnostics->horizontalHeader()->setStretchLastSection(true);
    connect(m_diagnostics, &QTableView::clicked, this, [this](const QModelIndex &index) {
        const EntityRef target = m_diagnosticsModel->targetAt(index.row());
        selectEntity(target);
        if (const QString id = m_scene->graph().nodeIdFor(target); !id.isEmpty())
            m_view->focusNode(id);
    });
    auto *diagnosticsDock = new QDockWidget(tr("Diagnostics"), this);
    diagnosticsDock->setObjectName(u"diagnosticsDock"_s);
    diagnosticsDock->setWidget(m_diagnostics);
    addDockWidget(Qt::BottomDockWidgetArea, diagnosticsDock);
    auto updateDockTitle = [this, diagnosticsDock] {
        const int errors = m_diagnosticsModel->errorCount();
        const int warnings = m_diagnosticsModel->warningCount();
        diagnosticsDock->setWindowTitle(errors + warnings == 0
                                            ? tr("Diagnostics")
                                            : tr("Diagnostics — %1, %2")
                                                  .arg(tr("%n error(s)", nullptr, errors),
                                                       tr("%n warning(s)", nullptr, warnings)));
    };
    connect(m_diagnosticsModel, &QAbstractItemModel::rowsInserted, this, updateDockTitle);
    connect(m_diagnosticsModel, &QAbstractItemModel::rowsRemoved, this, updateDockTitle);
    connect(m_diagnosticsModel, &QAbstractItemModel::modelReset, this, updateDockTitle);
    updateDockTitle();

    m_rebuildController = new RebuildController(this);
    m_rebuildController->attachDocument(&m_document, saver());
    m_rebuildController->setDiagnosticsLocation(tr("the Diagnostics dock lists them"));
    m_rebuildPanel = new RebuildPanel(*m_rebuildController->runner(), this);
    m_rebuildDock = new QDockWidget(tr("Rebuild"), this);
    m_rebuildDock->setObjectName(u"rebuildDock"_s);
    m_rebuildDock->setWidget(m_rebuildPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_rebuildDock);
    tabifyDockWidget(diagnosticsDock, m_rebuildDock);
    diagnosticsDock->raise();
    connect(m_rebuildController, &RebuildController::saving, this,
            [this] { setBusy(tr("Saving before the rebuild…")); });
    connect(m_rebuildController, &RebuildController::finished, this,
            &MainWindow::onRebuildFinished);
    connect(m_rebuildController, &RebuildController::hostChanged, this, [this] {
        // The flake and the host's manifest may both have changed.
        if (m_runtime && !m_deployedPath.isEmpty())
            m_runtime->watchDeployed(m_deployedPath);
        Q_EMIT reloadRequested();
    });
    connect(m_rebuildController->runner(), &RebuildRunner::phaseChanged, this,
            [this] { updateActions(); });
    connect(m_rebuildPanel, &RebuildPanel::locationActivated, this, &MainWindow::onRebuildLocation);

    resizeDocks({treeDock, propertiesDock}, {290, 470}, Qt::Horizontal);
    resizeDocks({diagnosticsDock}, {150}, Qt::Vertical);
}

void MainWindow::createActions()
{
    auto make = [this](const QString &text, const QIcon &icon, const QKeySequence &key,
                       const QString &name) {
        auto *a = new QAction(icon, text, this);
        a->setShortcut(key);
        a->setObjectName(name);
        return a;
    };
    m_openFlake = make(tr("Open &Flake…"), themeIcon(u"folder-open"_s, QStyle::SP_DirOpenIcon),
                       QKeySequence(u"Ctrl+Shift+O"_s), u"openFlake"_s);
    m_openFile = make(tr("&Open File…"), themeIcon(u"document-open"_s, QStyle::SP_DialogOpenButton),
                      QKeySequence::Open, u"openFile"_s);
    m_reload = make(tr("&Reload"), themeIcon(u"view-refresh"_s, QStyle::SP_BrowserReload),
                    QKeySequence::Refresh, u"reload"_s);
    m_save = make(tr("&Save…"), themeIcon(u"document-save"_s, QStyle::SP_DialogSaveButton),
                  QKeySequence::Save, u"save"_s);
    m_importCompose =
        make(tr("&Import Compose File…"), QIcon(), QKeySequence(), u"importCompose"_s);
    m_exportCompose = make(tr("&Export Composition…"), QIcon(), QKeySequence(), u"exportCompose"_s);
    connect(m_importCompose, &QAction::triggered, this, [this] { importCompose(); });
    connect(m_exportCompose, &QAction::triggered, this, &MainWindow::askExportComposition);
    m_undo = m_document.undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setIcon(themeIcon(u"edit-undo"_s, QStyle::SP_ArrowBack));
    m_undo->setShortcut(QKeySequence::Undo);
    m_undo->setObjectName(u"undo"_s);
    m_redo = m_document.undoStack()->createRedoAction(this, tr("&Redo"));
    m_redo->setIcon(themeIcon(u"edit-redo"_s, QStyle::SP_ArrowForward));
    m_redo->setShortcut(QKeySequence::Redo);
    m_redo->setObjectName(u"redo"_s);
    const QPalette p = palette();
    m_addService = make(tr("Add &Service…"), graphstyle::kindIcon(GraphNode::Kind::Service, p),
                        QKeySequence(u"Ctrl+Shift+S"_s), u"addService"_s);
    m_addNetwork = make(tr("Add &Network…"), graphstyle::kindIcon(GraphNode::Kind::Network, p),
                        QKeySequence(u"Ctrl+Shift+N"_s), u"addNetwork"_s);
    m_addVolume = make(tr("Add &Volume…"), graphstyle::kindIcon(GraphNode::Kind::Volume, p),
                       QKeySequence(u"Ctrl+Shift+V"_s), u"addVolume"_s);
    m_delete = make(tr("&Delete"), themeIcon(u"edit-delete"_s, QStyle::SP_TrashIcon),
                    QKeySequence::Delete, u"delete"_s);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(m_delete);
    m_tree->addAction(m_delete);
    m_fit = make(tr("&Fit Graph"), themeIcon(u"zoom-fit-best"_s, QStyle::SP_TitleBarMaxButton),
                 QKeySequence(u"Ctrl+0"_s), u"fit"_s);
    m_relayout = make(tr("Re-&layout Graph"), QIcon(), QKeySequence(u"Ctrl+L"_s), u"relayout"_s);
    m_find = make(tr("&Find…"), themeIcon(u"edit-find"_s, QStyle::SP_FileDialogContentsView),
                  QKeySequence::Find, u"find"_s);

    m_start = make(tr("S&tart"), themeIcon(u"media-playback-start"_s, QStyle::SP_MediaPlay),
                   QKeySequence(), u"startUnit"_s);
    m_stop = make(tr("St&op"), themeIcon(u"media-playback-stop"_s, QStyle::SP_MediaStop),
                  QKeySequence(), u"stopUnit"_s);
    m_restart = make(tr("R&estart"), themeIcon(u"view-refresh"_s, QStyle::SP_BrowserReload),
                     QKeySequence(), u"restartUnit"_s);
    connect(m_start, &QAction::triggered, this,
            [this] { runUnitAction(SystemdClient::Action::Start); });
    connect(m_stop, &QAction::triggered, this,
            [this] { runUnitAction(SystemdClient::Action::Stop); });
    connect(m_restart, &QAction::triggered, this,
            [this] { runUnitAction(SystemdClient::Action::Restart); });
    // The selection's context menu in the tree offers them too.
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_tree->addActions({m_start, m_stop, m_restart});

    m_rebuild = make(tr("Re&build"), themeIcon(u"system-run"_s, QStyle::SP_ComputerIcon),
                     QKeySequence(), u"rebuild"_s);
    auto *rebuildMenu = new QMenu(this);
    m_rebuildModes = new QActionGroup(this);
    for (const RebuildAction a : {RebuildAction::Switch, RebuildAction::Test, RebuildAction::Boot,
                                  RebuildAction::Build, RebuildAction::DryActivate}) {
        QAction *mode = rebuildMenu->addAction(rebuildActionName(a));
        mode->setObjectName(u"rebuild-"_s + rebuildActionName(a));
        mode->setCheckable(true);
        mode->setChecked(a == m_rebuildAction);
        mode->setData(int(a));
        m_rebuildModes->addAction(mode);
        connect(mode, &QAction::triggered, this, [this, a] {
            m_rebuildAction = a;
            confirmRebuild(a);
        });
    }
    rebuildMenu->addSeparator();
    m_targetHostAction = rebuildMenu->addAction(tr("Target Host…"));
    m_targetHostAction->setObjectName(u"rebuildTargetHost"_s);
    connect(m_targetHostAction, &QAction::triggered, this, &MainWindow::editTargetHost);
    m_rebuild->setMenu(rebuildMenu);
    connect(m_rebuild, &QAction::triggered, this, [this] { confirmRebuild(m_rebuildAction); });

    connect(m_openFlake, &QAction::triggered, this, &MainWindow::openFlake);
    connect(m_openFile, &QAction::triggered, this, &MainWindow::openFile);
    connect(m_reload, &QAction::triggered, this, [this] {
        if (m_document.isModified()
            && QMessageBox::question(this, tr("Reload"),
                                     tr("Reloading discards your unsaved changes. Reload?"))
                   != QMessageBox::Yes)
            return;
        Q_EMIT reloadRequested();
    });
    connect(m_save, &QAction::triggered, this, &MainWindow::save);
    connect(m_addService, &QAction::triggered, this, [this] { addEntity(Kind::Service); });
    connect(m_addNetwork, &QAction::triggered, this, [this] { addEntity(Kind::Network); });
    connect(m_addVolume, &QAction::triggered, this, [this] { addEntity(Kind::Volume); });
    connect(m_delete, &QAction::triggered, this, &MainWindow::deleteSelection);
    connect(m_fit, &QAction::triggered, m_view, &GraphView::fitAll);
    connect(m_relayout, &QAction::triggered, m_scene, &GraphScene::relayout);
    connect(m_find, &QAction::triggered, this, [this] {
        m_findEdit->setFocus();
        m_findEdit->selectAll();
    });

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({m_openFlake, m_openFile, m_reload});
    file->addSeparator();
    file->addAction(m_save);
    file->addSeparator();
    file->addActions({m_importCompose, m_exportCompose});
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions({m_undo, m_redo});
    edit->addSeparator();
    edit->addActions({m_addService, m_addNetwork, m_addVolume, m_delete});
    edit->addSeparator();
    edit->addAction(m_find);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addActions({m_fit, m_relayout});
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
    m_viewMenu = view;
    QMenu *system = menuBar()->addMenu(tr("&System"));
    system->addActions({m_start, m_stop, m_restart});
    system->addSeparator();
    system->addMenu(rebuildMenu)->setText(tr("Re&build"));

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolbar"_s);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({m_openFile, m_reload, m_save});
    toolbar->addSeparator();
    toolbar->addActions({m_undo, m_redo});
    toolbar->addSeparator();
    toolbar->addActions({m_addService, m_addNetwork, m_addVolume, m_delete});
    toolbar->addSeparator();
    toolbar->addAction(m_fit);
    toolbar->addSeparator();
    toolbar->addActions({m_start, m_stop, m_restart, m_rebuild});
    if (auto *button = qobject_cast<QToolButton *>(toolbar->widgetForAction(m_rebuild)))
        button->setPopupMode(QToolButton::MenuButtonPopup);
    m_findEdit = new QLineEdit(toolbar);
    m_findEdit->setPlaceholderText(
        tr("Find in graph (%1)").arg(m_find->shortcut().toString(QKeySequence::NativeText)));
    m_findEdit->setClearButtonEnabled(true);
    m_findEdit->setMaximumWidth(260);
    m_findEdit->setObjectName(u"findEdit"_s);
    toolbar->addWidget(m_findEdit);
    connect(m_findEdit, &QLineEdit::returnPressed, this, [this] {
        if (!find(m_findEdit->text()))
            report(tr("Nothing in the graph is named like “%1”").arg(m_findEdit->text()));
    });
}

void MainWindow::updateActions()
{
    const bool owned = !m_document.ownedFile().isEmpty();
    m_save->setEnabled(owned);
    const bool canAdd = !editableComposition().isEmpty();
    m_addService->setEnabled(canAdd);
    m_addNetwork->setEnabled(canAdd);
    m_addVolume->setEnabled(canAdd);
    const bool selectedEditable =
        !m_selected.composition.isEmpty() && m_document.origin(m_selected.composition).editable;
    m_delete->setEnabled(selectedEditable);
    m_reload->setEnabled(m_hasSource);
    const QString blocker = rebuildBlocker();
    m_rebuild->setEnabled(blocker.isEmpty());
    m_rebuild->setToolTip(blocker.isEmpty()
                              ? tr("Run nixos-rebuild %1 for %2")
                                    .arg(rebuildActionName(m_rebuildAction), m_source.describe())
                              : blocker);
    for (QAction *mode : m_rebuildModes->actions())
        mode->setEnabled(blocker.isEmpty());
    updateLiveActions();
}

void MainWindow::updateTitle()
{
    QString title = m_hasSource ? m_source.describe() : tr("no source");
    setWindowTitle(u"khepri — " % title % (m_document.isModified() ? u" *"_s : u""_s));
}

void MainWindow::setSource(const Source &source)
{
    m_rebuildController->setSource(source);
    m_source = source;
    m_hasSource = true;
    updateTitle();
    updateActions();
}

void MainWindow::setBusy(const QString &message)
{
    m_busy->setText(message);
    m_reload->setEnabled(m_hasSource && message.isEmpty());
}

void MainWindow::showLoadError(const Error &error)
{
    QPalette p = m_loadError->palette();
    p.setColor(QPalette::Window, p.color(QPalette::Base));
    m_loadError->setPalette(p);
    m_loadError->setText(
        tr("Could not load %1:\n%2")
            .arg(m_hasSource ? m_source.describe() : tr("the source"), error.toString()));
    m_loadError->show();
}

void MainWindow::clearLoadError()
{
    m_loadError->hide();
}

void MainWindow::setSession(ConsoleSession &session)
{
    m_diagnosticsModel->follow(session);
    connect(&session, &ConsoleSession::loadStarted, this, [this](const Source &source) {
        setSource(source);
        setBusy(tr("Evaluating %1 …").arg(source.describe()));
    });
    connect(&session, &ConsoleSession::loadFinished, this, [this](const Result<void> &result) {
        setBusy({});
        if (result)
            clearLoadError();
        else
            showLoadError(result.error());
    });
}

void MainWindow::report(const QString &message, bool error)
{
    if (error)
        qCInfo(lcUi) << message;
    statusBar()->showMessage(message, error ? 10000 : 5000);
}

void MainWindow::selectEntity(const EntityRef &ref)
{
    if (m_syncingSelection)
        return;
    m_syncingSelection = true;
    m_selected = m_document.exists(ref) ? ref : EntityRef{};
    const QModelIndex index = m_treeModel->indexOf(m_selected);
    if (index.isValid())
        m_tree->setCurrentIndex(index);
    else
        m_tree->clearSelection();
    m_scene->selectRef(m_selected);
    QString note;
    if (const GraphNodeItem *node = m_scene->nodeItemFor(m_selected);
        node && node->node().refs.size() > 1) {
        QStringList comps;
        for (const EntityRef &r : node->node().refs)
            comps.append(r.composition);
        note = tr("External network shared by %1").arg(comps.join(u", "_s));
    }
    m_properties->setEntity(m_selected, note);
    m_liveId = LiveId::of(m_selected).toString();
    if (m_statusPanel)
        m_statusPanel->selectId(m_liveId);
    followSelected();
    m_syncingSelection = false;
    updateActions();
}

void MainWindow::onTreeSelection()
{
    if (m_syncingSelection)
        return;
    selectEntity(m_treeModel->refAt(m_tree->currentIndex()));
}

void MainWindow::onSceneSelection()
{
    if (m_syncingSelection)
        return;
    const QList<QGraphicsItem *> selected = m_scene->selectedItems();
    if (selected.size() != 1)
        return;
    selectEntity(GraphScene::refOf(selected.first()));
    // Keep the edge selected (selectEntity selected its owner's node).
    if (selected.first()->type() == GraphEdgeItem::Type) {
        m_syncingSelection = true;
        m_scene->clearSelection();
        selected.first()->setSelected(true);
        m_syncingSelection = false;
    }
}

bool MainWindow::find(const QString &text)
{
    if (text.isEmpty())
        return false;
    if (text != m_findText) {
        m_findText = text;
        m_findIndex = -1;
    }
    const QList<GraphNode> &nodes = m_scene->graph().nodes;
    for (qsizetype step = 1; step <= nodes.size(); ++step) {
        const qsizetype i = (m_findIndex + step) % nodes.size();
        const GraphNode &n = nodes.at(i);
        if (n.label.contains(text, Qt::CaseInsensitive)
            || n.detail.contains(text, Qt::CaseInsensitive)) {
            m_findIndex = int(i);
            m_tabs->setCurrentWidget(m_view);
            m_view->focusNode(n.id);
            selectEntity(n.refs.first());
            return true;
        }
    }
    return false;
}

QString MainWindow::editableComposition() const
{
    if (!m_selected.composition.isEmpty() && m_document.origin(m_selected.composition).editable)
        return m_selected.composition;
    for (const Composition &c : m_document.compositions())
        if (m_document.origin(c.name).editable)
            return c.name;
    return {};
}

void MainWindow::addEntity(Kind kind)
{
    const QString composition = editableComposition();
    if (composition.isEmpty()) {
        report(tr("No composition here is editable; open the file khepri owns."), true);
        return;
    }
    const EntityRef probe{kind, composition, {}};
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Add %1").arg(probe.kindName()));
    dialog->setLabelText(
        tr("Name of the new %1 in composition %2:").arg(probe.kindName(), composition));
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, kind, composition](const QString &name) {
                const EntityRef ref{kind, composition, name.trimmed()};
                if (auto r = m_document.addEntity(ref, {}); !r) {
                    report(r.error().message, true);
                    return;
                }
                selectEntity(ref);
                if (const QString id = m_scene->graph().nodeIdFor(ref); !id.isEmpty())
                    m_view->focusNode(id);
            });
    dialog->open();
}

void MainWindow::deleteSelection()
{
    const QList<QGraphicsItem *> selected = m_scene->selectedItems();
    if (selected.size() == 1 && selected.first()->type() == GraphEdgeItem::Type) {
        const auto *edge = static_cast<const GraphEdgeItem *>(selected.first());
        if (auto r = disconnectEdge(edge->edge()); !r)
            report(r.error().message, true);
        return;
    }
    if (m_selected.composition.isEmpty())
        return;
    const EntityRef ref = m_selected;
    if (auto r = m_document.removeEntity(ref); !r)
        report(r.error().message, true);
    else
        report(tr("Deleted %1 %2 (undo with %3)")
                   .arg(ref.kindName(), ref.kind == Kind::Composition ? ref.composition : ref.name,
                        m_undo->shortcut().toString(QKeySequence::NativeText)));
}

Result<void> MainWindow::connectNodes(const QString &fromNodeId, const QString &toNodeId,
                                      const QString &mountPath)
{
    const Result<NodeId> from = NodeId::parse(fromNodeId);
    if (!from)
        return from.error();
    const Result<NodeId> to = NodeId::parse(toNodeId);
    if (!to)
        return to.error();
    GraphEdits edits(m_document);
    const Result<GraphEdits::Connection> allowed = edits.canConnect(from.value(), to.value());
    if (!allowed)
        return allowed.error();
    if (!allowed.value().needsMountPath() || !mountPath.isEmpty())
        return edits.connect(from.value(), to.value(), mountPath);
    const GraphEdits::Connection &mount = allowed.value();
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Mount %1").arg(mount.target.name));
    dialog->setLabelText(tr("Where %1 sees volume %2:").arg(mount.service.name, mount.target.name));
    dialog->setTextValue(u"/data"_s);
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, from = from.value(), to = to.value()](const QString &path) {
                if (auto r = GraphEdits(m_document).connect(from, to, path.trimmed()); !r)
                    report(r.error().message, true);
            });
    dialog->open();
    return {};
}

Result<void> MainWindow::disconnectEdge(const GraphEdge &edge)
{
    return GraphEdits(m_document).disconnect(edge);
}

void MainWindow::openFlake()
{
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Open Flake"));
    dialog->setLabelText(tr("Flake and host (REF#HOST; empty: /etc/nixos and this machine):"));
    dialog->setTextValue(m_source.kind == Source::Kind::Flake && m_hasSource
                             ? QString(m_source.flakeRef % u'#' % m_source.host)
                             : QString());
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &text) {
        const Result<Source> source = Source::flake(text.trimmed());
        if (!source) {
            report(source.error().message, true);
            return;
        }
        Q_EMIT openRequested(source.value());
    });
    dialog->open();
}

void MainWindow::openFile()
{
    auto *dialog = new QFileDialog(this, tr("Open Compositions File"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setNameFilters({tr("Nix files (*.nix)"), tr("All files (*)")});
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &path) { Q_EMIT openRequested(Source::file(path)); });
    dialog->open();
}

void MainWindow::importCompose(const QString &composeFile)
{
    QStringList taken;
    for (const Composition &c : m_document.compositions())
        taken.append(c.name);
    auto *dialog = new ComposeImportDialog(taken, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Composition c = dialog->composition();
        const auto added = addWholeComposition(m_document, c);
        if (!added) {
            report(tr("Cannot import: %1").arg(added.error().message), true);
            return;
        }
        report(tr("Imported the composition %1 (%n service(s)); Undo takes it back.", nullptr,
                  int(c.services.size()))
                   .arg(c.name));
        selectEntity(EntityRef::compositionRef(c.name));
    });
    dialog->show();
    if (!composeFile.isEmpty())
        dialog->setComposeFile(composeFile);
}

Result<void> MainWindow::exportComposition(const QString &composition, const QString &file)
{
    const Composition *c = m_document.composition(composition);
    if (!c)
        return Error::make(ErrorCode::UnknownComposition,
                           tr("there is no composition %1").arg(composition));
    return writeFileAtomically(file, compose::exportCompose(*c));
}

void MainWindow::askExportComposition()
{
    QStringList names;
    for (const Composition &c : m_document.compositions())
        if (c.unrepresentable.isEmpty())
            names.append(c.name);
    if (names.isEmpty()) {
        report(tr("There is no composition to export."), true);
        return;
    }
    QString name = m_selected.composition;
    if (!names.contains(name)) {
        bool ok = false;
        name = QInputDialog::getItem(this, tr("Export Composition"), tr("Composition:"), names, 0,
                                     false, &ok);
        if (!ok)
            return;
    }
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export %1 as a Compose File").arg(name),
                                     name + u"-compose.yml"_s, tr("Compose files (*.yml *.yaml)"));
    if (file.isEmpty())
        return;
    const auto written = exportComposition(name, file);
    report(written ? tr("Wrote %1 to %2").arg(name, file) : written.error().toString(), !written);
}

namespace {
QString composeFileOf(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1)
        return {};
    const QString path = mime->urls().first().toLocalFile();
    return path.endsWith(u".yml"_s) || path.endsWith(u".yaml"_s) ? path : QString();
}
} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!composeFileOf(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString file = composeFileOf(event->mimeData());
    if (file.isEmpty())
        return;
    event->acceptProposedAction();
    importCompose(file);
}

void MainWindow::save()
{
    if (m_document.ownedFile().isEmpty()) {
        report(tr("No file is owned by khepri for this source; there is nothing to save."), true);
        return;
    }
    Saver *saver = this->saver();
    const Result<QString> diff = saver->diffAgainstDisk();
    if (!diff) {
        report(diff.error().message, true);
        return;
    }
    DiffDialog confirm(m_document.ownedFile(), diff.value(), this);
    if (confirm.exec() != QDialog::Accepted)
        return;
    setBusy(tr("Saving…"));
    saver->save();
}

Saver *MainWindow::saver()
{
    auto *saver = qobject_cast<Saver *>(m_saver);
    if (!saver) {
        saver = new Saver(m_document, this);
        m_saver = saver;
        connect(saver, &Saver::finished, this, [this](const Result<SaveOutcome> &result) {
            setBusy({});
            if (!result) {
                auto *box = new QMessageBox(QMessageBox::Warning, tr("Save failed"),
                                            result.error().toString(), QMessageBox::Ok, this);
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
                return;
            }
            const SaveOutcome &o = result.value();
            QString message = (o.created ? tr("Created %1") : tr("Saved %1")).arg(o.file);
            if (!o.backup.isEmpty())
                message += tr("; backup in %1").arg(o.backup);
            if (o.gitAdded)
                message += tr("; added to git");
            report(message);
        });
    }
    return saver;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_document.isModified()) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved changes"),
            tr("%1 has unsaved changes. Close anyway and lose them?").arg(m_document.ownedFile()),
            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard) {
            event->ignore();
            return;
        }
    }
    QSettings settings;
    settings.setValue(u"mainWindow/geometry"_s, saveGeometry());
    settings.setValue(u"mainWindow/state"_s, saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_scene->update();
    QMainWindow::changeEvent(event);
}

void MainWindow::setRuntime(RuntimeState &runtime, const QString &deployedPath)
{
    Q_ASSERT(!m_runtime);
    m_runtime = &runtime;
    m_deployedPath = deployedPath;
    m_liveModel = new LiveStateModel(runtime, this);

    m_statusPanel = new StatusPanel(*m_liveModel, this);
    m_statusPanel->view()->addActions({m_start, m_stop, m_restart});
    connect(m_statusPanel, &StatusPanel::currentIdChanged, this, &MainWindow::onLiveSelected);
    auto *statusDock = new QDockWidget(tr("Status"), this);
    statusDock->setObjectName(u"statusDock"_s);
    statusDock->setWidget(m_statusPanel);
    addDockWidget(Qt::BottomDockWidgetArea, statusDock);
    if (auto *diagnosticsDock = findChild<QDockWidget *>(u"diagnosticsDock"_s))
        tabifyDockWidget(diagnosticsDock, statusDock);
    restoreDockWidget(statusDock);

    m_logPanel = new LogPanel(this);
    // The Logs dock and the Status dock's CPU and memory follow the selection.
    m_follower =
        new LiveFollower(runtime, {LiveFollower::Stream::Logs, LiveFollower::Stream::Stats}, this);
    connect(m_follower, &LiveFollower::logsStarted, m_logPanel, &LogPanel::start);
    connect(m_follower, &LiveFollower::logLines, m_logPanel, &LogPanel::append);
    connect(m_follower, &LiveFollower::logsEnded, m_logPanel, &LogPanel::end);
    connect(m_follower, &LiveFollower::statsChanged, this, [this] {
        m_liveModel->setStats(m_follower->statsContainer().isEmpty() ? QString()
                                                                     : m_follower->liveId(),
                              m_follower->stats());
    });
    auto *logsDock = new QDockWidget(tr("Logs"), this);
    logsDock->setObjectName(u"logsDock"_s);
    logsDock->setWidget(m_logPanel);
    addDockWidget(Qt::BottomDockWidgetArea, logsDock);
    tabifyDockWidget(statusDock, logsDock);
    restoreDockWidget(logsDock);
    statusDock->raise();
    m_viewMenu->addAction(statusDock->toggleViewAction());
    m_viewMenu->addAction(logsDock->toggleViewAction());

    connect(&runtime, &RuntimeState::reset, this, [this] {
        if (m_statusPanel)
            m_statusPanel->selectId(m_liveId);
        updateNodeStates();
        updateLiveActions();
    });
    connect(&runtime, &RuntimeState::itemChanged, this, [this](int row, const QString &id) {
        updateNodeState(row);
        if (id == m_liveId)
            updateLiveActions();
    });
    connect(&runtime, &RuntimeState::problemsChanged, this, &MainWindow::reportProblems);
    connect(&runtime, &RuntimeState::syncChanged, this, &MainWindow::reportProblems);
    // The scene rebuilds its nodes on a new Document; give them their states.
    connect(&m_document, &Document::documentReset, this, &MainWindow::updateNodeStates);
    connect(
        &runtime.systemd(), &SystemdClient::actionFinished, this,
        [this](const QString &unit, SystemdClient::Action action, const Result<void> &result) {
            if (result)
                report(tr("%1: %2 done").arg(unit, actionName(action)));
            else
                report(
                    tr("Cannot %1 %2: %3").arg(actionName(action), unit, result.error().toString()),
                    true);
        });
    updateNodeStates();
    updateLiveActions();
    reportProblems();
}

void MainWindow::reportProblems()
{
    // Before both sources answered, every source is a "problem".
    if (!m_runtime || !m_runtime->isSynced())
        return;
    QStringList lines;
    for (const Error &e : m_runtime->problems())
        lines.append(e.message);
    if (!lines.isEmpty())
        report(tr("Live state incomplete: %1").arg(lines.join(u"; "_s)), true);
}

void MainWindow::updateNodeState(int row)
{
    const LiveItem &item = m_runtime->at(row);
    if (item.kind == ItemKind::Composition)
        return; // a frame, not a node
    const EntityRef ref = refOfLiveItem(item);
    m_scene->setNodeState(ref, item.declared ? std::optional(item.status) : std::nullopt);
}

void MainWindow::updateNodeStates()
{
    if (!m_runtime)
        return;
    for (int row = 0; row < m_runtime->count(); ++row)
        updateNodeState(row);
}

void MainWindow::selectLiveId(const QString &id)
{
    if (m_statusPanel)
        m_statusPanel->selectId(id);
    onLiveSelected(id);
}

void MainWindow::onLiveSelected(const QString &id)
{
    if (m_runtime && !id.isEmpty())
        if (const LiveItem *item = m_runtime->item(id)) {
            const EntityRef ref = refOfLiveItem(*item);
            if (m_document.exists(ref) && ref != m_selected)
                selectEntity(ref);
        }
    m_liveId = id;
    followSelected();
    updateLiveActions();
}

void MainWindow::updateLiveActions()
{
    if (!m_start)
        return;
    const LiveItem *item = m_runtime ? m_runtime->item(m_liveId) : nullptr;
    const bool hasUnit = item && !item->unit.isEmpty();
    for (QAction *a : {m_start, m_stop, m_restart}) {
        a->setEnabled(hasUnit);
        a->setToolTip(!m_runtime ? tr("Live state is not available")
                      : !item    ? tr("Select a service or a composition")
                      : hasUnit  ? QString(a->text().remove(u'&') % u' ' % item->unit)
                                 : tr("%1 has no unit of khepri").arg(item->name));
    }
}

void MainWindow::followSelected()
{
    if (m_follower)
        m_follower->follow(m_liveId);
}

void MainWindow::runUnitAction(SystemdClient::Action action)
{
    if (!m_runtime) {
        report(tr("Live state is not available."), true);
        return;
    }
    if (m_liveId.isEmpty()) {
        report(tr("Select a service or a composition first."), true);
        return;
    }
    const Result<QString> unit = m_runtime->unitFor(m_liveId);
    if (!unit) {
        report(unit.error().message, true);
        return;
    }
    if (!m_runtime->systemd().isAvailable()) {
        const std::optional<Error> why = m_runtime->systemd().lastError();
        report(tr("Cannot %1 %2: systemd is not reachable%3")
                   .arg(actionName(action), unit.value(),
                        why ? QString(u" ("_s % why->message % u')') : QString()),
               true);
        return;
    }
    report(tr("%1 %2…").arg(actionName(action), unit.value()));
    m_runtime->systemd().runAction(action, unit.value());
}

QString MainWindow::rebuildBlocker() const
{
    const auto blocker = m_rebuildController ? m_rebuildController->blocker() : std::nullopt;
    return blocker ? blocker->message % u". "_s % blocker->hint : QString();
}

void MainWindow::setRebuildTargetHost(const QString &host)
{
    m_rebuildController->rememberTargetHost(host); // "local": this machine
}

QString MainWindow::rebuildTargetHost()
{
    return m_rebuildController->targetHost();
}

QString MainWindow::rebuildTargetText()
{
    // Set in this window or not, the target is in the settings: remembered.
    return m_rebuildController->targetNote({}, tr("Rebuild › Target Host… to change"));
}

void MainWindow::editTargetHost()
{
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Rebuild Target Host"));
    dialog->setLabelText(
        tr("Deploy to (HOST or USER@HOST; empty or \"local\": this machine). Remembered for "
           "this host:"));
    dialog->setTextValue(rebuildTargetHost());
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this](const QString &host) { setRebuildTargetHost(host); });
    dialog->open();
}

void MainWindow::confirmRebuild(RebuildAction action)
{
    if (const QString blocker = rebuildBlocker(); !blocker.isEmpty()) {
        report(blocker, true);
        return;
    }
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Rebuild"),
        // The target is remembered per host: say where this deploys.
        tr("Run nixos-rebuild %1 for %2, %3?")
            .arg(rebuildActionName(action), m_source.describe(), rebuildTargetText()),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this, [this, action] { startRebuild(action); });
    box->open();
}

void MainWindow::startRebuild(RebuildAction action)
{
    m_rebuildPanel->setTargetNote(rebuildTargetText());
    RebuildRequest request;
    request.action = action;
    const auto started = m_rebuildController->start(request);
    if (!started) {
        report(started.error().message % u". "_s % started.error().hint, true);
        return;
    }
    m_rebuildDock->show();
    m_rebuildDock->raise();
    updateActions();
}

void MainWindow::onRebuildFinished(const RebuildResult &result)
{
    const QString action = rebuildActionName(result.action);
    switch (result.status) {
    case RebuildResult::Status::Succeeded:
        report(tr("nixos-rebuild %1 finished").arg(action));
        break;
    case RebuildResult::Status::Cancelled:
        report(tr("nixos-rebuild %1 was cancelled").arg(action));
        break;
    case RebuildResult::Status::Failed:
        report(tr("nixos-rebuild %1 failed: %2").arg(action, result.error.message), true);
        break;
    }
    updateActions();
    Q_EMIT rebuildFinished(result);
}

void MainWindow::onRebuildLocation(const QString &file, int line, int column)
{
    const EntityRef ref = entityAtLocation(m_document, file, line);
    if (!ref.composition.isEmpty()) {
        selectEntity(ref);
        if (const QString id = m_scene->graph().nodeIdFor(ref); !id.isEmpty())
            m_view->focusNode(id);
        return;
    }
    report(column > 0
               ? QString(file % u':' % QString::number(line) % u':' % QString::number(column))
               : QString(file % u':' % QString::number(line)),
           true);
}

} // namespace khepri
