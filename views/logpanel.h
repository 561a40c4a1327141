#pragma once

// The Logs dock's contents: the output of one service's container as a
// LiveFollower streams it (start, append, end), with a search field that
// highlights every match and jumps to the next on Enter. Keeps at most
// kMaxLines lines. Owned by the main window; renders only, follows nothing
// itself.

#include <QWidget>

#include "result.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace khepri {

struct LogLine;

class LogPanel : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogPanel)
public:
    static constexpr int kMaxLines = 5000;

    explicit LogPanel(QWidget *parent = nullptr);
    ~LogPanel() override;

    // The output of `container` follows (`title` names it for the user);
    // empty: nothing is followed. `continued`: the same service's new
    // container, so the lines shown so far stay above the new ones.
    void start(const QString &container, const QString &title, bool continued);
    void append(const QList<khepri::LogLine> &lines);
    // The output ended (ok), or broke (the error).
    void end(const khepri::Result<void> &result);
    QString container() const { return m_container; }
    bool isFollowing() const { return m_following; }

    QPlainTextEdit *text() const { return m_text; }
    QLineEdit *searchEdit() const { return m_search; }
    int matchCount() const { return m_matches; }
    // Moves the cursor to the next match; false when there is none.
    bool findNext();

private:
    void highlight();

    QLabel *m_title;
    QLineEdit *m_search;
    QPlainTextEdit *m_text;
    QString m_container;
    QString m_name; // the title's service
    bool m_following = false;
    int m_matches = 0;
};

} // namespace khepri
