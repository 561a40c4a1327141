#pragma once

// The save's git step: in a git work tree, a file git does not track yet is
// added with `git add --intent-to-add`, because flakes ignore untracked
// files. Three git runs (rev-parse --is-inside-work-tree, ls-files
// --error-unmatch, add --intent-to-add), each a ProcessJob. git missing or
// failing is no error: finished(false). Exactly one finished() per run(),
// always from the event loop. Owned by the Saver.

#include <QObject>
#include <QString>
#include <QStringList>

namespace khepri {

class ProcessJob;
struct ProcessExit;

class GitIntentToAdd : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GitIntentToAdd)
public:
    explicit GitIntentToAdd(QObject *parent = nullptr);
    ~GitIntentToAdd() override;

    void run(const QString &file);

Q_SIGNALS:
    // true: added with --intent-to-add just now.
    void finished(bool added);

private:
    enum class Step { WorkTree, Tracked, Add };

    void runGit(Step step, const QStringList &arguments);
    void stepFinished(const ProcessExit &exit);

    ProcessJob *m_git;
    QString m_file;
    QString m_gitProgram;
    Step m_step = Step::WorkTree;
};

} // namespace khepri
