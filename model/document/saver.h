#pragma once

// Saver: writes the Document's owned compositions to its owned file without
// loss. One save() runs these steps, asynchronously, and reports exactly one
// finished():
//   1. conflict check: the file on disk must still be what was loaded or last
//      saved (Document::ownedFileBaseline()); otherwise nothing is written
//      and the error says what changed (created, deleted, modified +N −M
//      lines) and what to do;
//   2. backup: the previous content goes to "<file>~" (the editors' backup
//      name, which common global gitignores already cover; not a .nix file,
//      so nothing imports it), written atomically with the file's
//      permissions; a new file has no backup;
//   3. write: QSaveFile (temporary file, fsync, rename) — the file is always
//      either the complete old or the complete new content;
//   4. verify: the written file is evaluated with the real nix and compared
//      with the compositions written; on any difference or evaluation error
//      the previous bytes are restored (a new file is removed) and the error
//      names the first composition that differs;
//   5. Document::markSaved() with the bytes written (only the baseline when
//      the user edited on while nix verified: those edits are not on disk);
//   6. git: in a git work tree an untracked file is added with
//      `git add --intent-to-add`, because flakes ignore untracked files
//      (git missing or failing is no error: gitAdded stays false).
// Saving with validation errors is allowed (work in progress); the round
// trip through nix must still hold. Never blocks: nix and git run as
// QProcess. Owned by whoever saves (a parent QObject); the Document must
// outlive it. A save() while one runs fails with "save-busy".

#include <optional>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include "composition.h"
#include "result.h"

class QProcess;

namespace khepri {

class CompositionLoader;
class Document;

struct SaveOutcome {
    QString file;   // the owned file written
    QString backup; // where the previous content is kept; empty for a new file
    bool created = false;
    bool gitAdded = false; // added with --intent-to-add just now
};

class Saver : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Saver)
public:
    explicit Saver(Document &document, QObject *parent = nullptr);
    ~Saver() override;

    // The owned file's text as it would be written now.
    QString pendingText() const;
    // A unified diff from the file on disk to pendingText(); empty when they
    // are equal. A missing file diffs as empty.
    Result<QString> diffAgainstDisk() const;
    // Asynchronous; exactly one finished() per call.
    void save();

    // The backup path for `file`.
    static QString backupPath(const QString &file);
    // Replaces `path` with `content` atomically (QSaveFile: temporary file in
    // the same directory, flushed to disk, renamed over `path`).
    static Result<bool> writeFileAtomically(const QString &path, const QByteArray &content);

Q_SIGNALS:
    void finished(const khepri::Result<khepri::SaveOutcome> &result);

private:
    void verify();
    void onLoaded(const Result<QList<Composition>> &loaded);
    void restoreAndFail(Error error);
    void startGit(const QStringList &arguments, void (Saver::*next)(int, const QByteArray &));
    void gitWorkTreeChecked(int exitCode, const QByteArray &out);
    void gitTrackedChecked(int exitCode, const QByteArray &out);
    void gitAdded(int exitCode, const QByteArray &out);
    void succeed();
    void finish(const Result<SaveOutcome> &result);
    void finishLater(const Result<SaveOutcome> &result);

    Document &m_document;
    CompositionLoader *m_loader;
    QProcess *m_git = nullptr;
    bool m_running = false;

    // The save in progress.
    QString m_file;
    QList<Composition> m_expected; // what was written
    QByteArray m_written;
    std::optional<QByteArray> m_previous; // the bytes replaced; absent: new file
    int m_undoIndex = 0;
    SaveOutcome m_outcome;
};

} // namespace khepri
