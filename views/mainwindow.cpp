#include "mainwindow.h"

#include <QAction>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QStringBuilder>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "compositionloader.h"

using namespace Qt::StringLiterals;

namespace khepri {

MainWindow::MainWindow(CompositionLoader &loader, const Source &source, QWidget *parent)
    : QMainWindow(parent)
    , m_loader(loader)
    , m_source(source)
    , m_tree(new QTreeWidget(this))
    , m_error(new QLabel(this))
{
    setWindowTitle(u"khepri — "_s + source.describe());
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_tree->setHeaderLabels({tr("Name"), tr("Image / details"), tr("Ports"), tr("Depends on")});
    layout->addWidget(m_error);
    layout->addWidget(m_tree);
    setCentralWidget(central);

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolbar"_s);
    auto *reloadAction = toolbar->addAction(tr("Reload"), this, &MainWindow::reload);
    reloadAction->setShortcut(QKeySequence::Refresh);

    connect(&m_loader, &CompositionLoader::finished, this, &MainWindow::showResult);

    QSettings settings;
    restoreGeometry(settings.value(u"mainWindow/geometry"_s).toByteArray());
    resize(size().expandedTo(QSize(900, 600)));
}

void MainWindow::reload()
{
    statusBar()->showMessage(tr("Evaluating %1 …").arg(m_source.describe()));
    m_loader.load(m_source);
}

void MainWindow::showResult(const Result<QList<Composition>> &result)
{
    m_tree->clear();
    if (!result) {
        m_error->setText(
            tr("Could not load %1:\n%2").arg(m_source.describe(), result.error().toString()));
        m_error->show();
        statusBar()->showMessage(tr("Evaluation failed"));
        return;
    }
    m_error->hide();
    for (const Composition &c : result.value()) {
        auto *comp = new QTreeWidgetItem(m_tree, {c.name});
        auto *services = new QTreeWidgetItem(comp, {tr("Services")});
        for (const Service &s : c.services) {
            QStringList deps;
            for (const Dependency &d : s.dependsOn())
                deps.append(d.service);
            new QTreeWidgetItem(services,
                                {s.name, s.image(), s.ports().join(u", "), deps.join(u", ")});
        }
        auto *networks = new QTreeWidgetItem(comp, {tr("Networks")});
        for (const Network &n : c.networks)
            new QTreeWidgetItem(networks, {n.name, n.external() ? tr("external") : QString()});
        auto *volumes = new QTreeWidgetItem(comp, {tr("Volumes")});
        for (const Volume &v : c.volumes)
            new QTreeWidgetItem(volumes, {v.name, v.external() ? tr("external") : QString()});
    }
    m_tree->expandAll();
    for (int i = 0; i < m_tree->columnCount(); ++i)
        m_tree->resizeColumnToContents(i);
    statusBar()->showMessage(tr("%n composition(s) loaded", nullptr, int(result.value().size())));
}

} // namespace khepri
