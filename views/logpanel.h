#pragma once

// The Logs dock's contents: the output of one service's container, followed
// live (DockerLogStream), with a search field that highlights every match
// and jumps to the next on Enter. Following another container drops the
// previous stream. Keeps at most kMaxLines lines. Owned by the main window;
// the DockerClient must outlive it.

#include <QPointer>
#include <QWidget>

#include "result.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace khepri {

class DockerClient;
class DockerLogStream;
struct LogLine;

class LogPanel : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogPanel)
public:
    static constexpr int kMaxLines = 5000;

    explicit LogPanel(DockerClient &docker, QWidget *parent = nullptr);
    ~LogPanel() override;

    // Follows `container` (the last `tail` lines, then new ones); `title`
    // names it for the user. An empty container stops following.
    void follow(const QString &container, const QString &title, int tail = 500);
    QString container() const { return m_container; }
    bool isFollowing() const { return !m_stream.isNull(); }

    QPlainTextEdit *text() const { return m_text; }
    QLineEdit *searchEdit() const { return m_search; }
    int matchCount() const { return m_matches; }
    // Moves the cursor to the next match; false when there is none.
    bool findNext();

Q_SIGNALS:
    void ended(const QString &container, const khepri::Result<void> &result);

private:
    void append(const QList<LogLine> &lines);
    void highlight();

    DockerClient &m_docker;
    QLabel *m_title;
    QLineEdit *m_search;
    QPlainTextEdit *m_text;
    QPointer<DockerLogStream> m_stream;
    QString m_container;
    int m_matches = 0;
};

} // namespace khepri
