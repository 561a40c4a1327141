#pragma once

// The desktop console's main window. For now it shows the compositions of
// one source as a tree (composition → services, networks, volumes) and the
// loader's errors; the graph, editors and docks of the desktop issue grow
// here. Owns its widgets; the CompositionLoader is passed in and outlives it.

#include <QMainWindow>

#include "composition.h"
#include "result.h"
#include "source.h"

class QLabel;
class QTreeWidget;

namespace khepri {

class CompositionLoader;

class MainWindow : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    MainWindow(CompositionLoader &loader, const Source &source, QWidget *parent = nullptr);

    void reload();

private:
    void showResult(const Result<QList<Composition>> &result);

    CompositionLoader &m_loader;
    Source m_source;
    QTreeWidget *m_tree;
    QLabel *m_error;
};

} // namespace khepri
