#pragma once

// The terminal console (ncurses) over the same model as the desktop one. It
// runs inside the Qt event loop: stdin is watched with a QSocketNotifier, so
// an idle TUI does no work. For now it lists compositions and their services;
// the terminal-console issue grows it. Restores the terminal when destroyed.

#include <QList>
#include <QObject>

#include "composition.h"

class QSocketNotifier;

namespace khepri {

class TerminalUi : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalUi)
public:
    explicit TerminalUi(QObject *parent = nullptr);
    ~TerminalUi() override;

    void setCompositions(const QList<Composition> &compositions);

    // Lines the list shows, independent of any terminal (unit-testable).
    static QStringList renderLines(const QList<Composition> &compositions);

Q_SIGNALS:
    void quitRequested();

private:
    void onInput();
    void draw();

    QSocketNotifier *m_stdin;
    QList<Composition> m_compositions;
    int m_selected = 0;
};

} // namespace khepri
