#include "gitintenttoadd.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

#include "documentlogging.h"
#include "processjob.h"

using namespace Qt::StringLiterals;

namespace khepri {

GitIntentToAdd::GitIntentToAdd(QObject *parent)
    : QObject(parent)
    , m_git(new ProcessJob(this))
{
    connect(m_git, &ProcessJob::finished, this, &GitIntentToAdd::stepFinished);
}

GitIntentToAdd::~GitIntentToAdd() = default;

void GitIntentToAdd::run(const QString &file)
{
    m_file = file;
    m_gitProgram = QStandardPaths::findExecutable(u"git"_s);
    if (m_gitProgram.isEmpty()) {
        qCDebug(lcDocument) << "git not found; not adding" << m_file;
        QTimer::singleShot(0, this, [this] { Q_EMIT finished(false); });
        return;
    }
    runGit(Step::WorkTree, {u"rev-parse"_s, u"--is-inside-work-tree"_s});
}

void GitIntentToAdd::runGit(Step step, const QStringList &arguments)
{
    m_step = step;
    const QString dir = QFileInfo(m_file).absolutePath();
    m_git->setProgram(m_gitProgram,
                      QStringList{u"--literal-pathspecs"_s, u"-C"_s, dir} + arguments);
    qCDebug(lcDocument) << "running git" << m_git->arguments();
    m_git->start();
}

void GitIntentToAdd::stepFinished(const ProcessExit &exit)
{
    if (exit.status == ProcessExit::Status::FailedToStart) {
        qCInfo(lcDocument) << "cannot run git:" << exit.errorString;
        Q_EMIT finished(false);
        return;
    }
    const QByteArray out = m_git->readAllStandardOutput();
    const QByteArray err = m_git->readAllStandardError();
    const int code = exit.status == ProcessExit::Status::Exited ? exit.exitCode : -1;
    if (code != 0)
        qCDebug(lcDocument) << "git exited with" << code << err.trimmed();
    const QString name = QFileInfo(m_file).fileName();
    switch (m_step) {
    case Step::WorkTree:
        if (code != 0 || out.trimmed() != "true") {
            Q_EMIT finished(false); // not in a git work tree
            return;
        }
        runGit(Step::Tracked, {u"ls-files"_s, u"--error-unmatch"_s, u"--"_s, name});
        return;
    case Step::Tracked:
        if (code == 0) {
            Q_EMIT finished(false); // already tracked: flakes see it
            return;
        }
        runGit(Step::Add, {u"add"_s, u"--intent-to-add"_s, u"--"_s, name});
        return;
    case Step::Add:
        if (code != 0)
            qCWarning(lcDocument) << "git add --intent-to-add failed for" << m_file
                                  << "; a flake will not see it until it is added";
        Q_EMIT finished(code == 0);
        return;
    }
}

} // namespace khepri
