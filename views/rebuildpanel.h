#pragma once

// The Rebuild dock's contents: the phase and a progress bar, a Cancel
// button, and the streaming log of the running nixos-rebuild
// (RebuildRunner::logModel()), errors highlighted. It shows the RebuildRunner
// of the window's RebuildController, which outlives it; what a double-clicked
// error points at is the window's business (locationActivated).

#include <QWidget>

#include "rebuildtypes.h"

class QLabel;
class QListView;
class QProgressBar;
class QPushButton;

namespace khepri {

class RebuildRunner;

class RebuildPanel : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RebuildPanel)
public:
    explicit RebuildPanel(RebuildRunner &runner, QWidget *parent = nullptr);

    RebuildRunner *runner() const { return m_runner; }
    QListView *logView() const { return m_log; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *targetLabel() const { return m_target; }

    // Where the rebuild deploys (rebuildTargetNote()), shown above the log.
    void setTargetNote(const QString &note);

Q_SIGNALS:
    // A log line with a location was double-clicked.
    void locationActivated(const QString &file, int line, int column);

private:
    void showPhase(RebuildPhase phase);
    void showProgress(const RebuildProgress &progress);
    void showResult(const RebuildResult &result);

    RebuildRunner *m_runner;
    QLabel *m_status;
    QLabel *m_target;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QListView *m_log;
};

} // namespace khepri
