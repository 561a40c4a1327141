#pragma once

// Saver: writes the Document's owned compositions to its owned file without
// loss. One save() runs these steps, asynchronously, and reports exactly one
// finished():
//   0. lock: the exclusive SaveLock on the file, held until finished() — so
//      saves from the GUI, the TUI and the CLI, in any processes, never
//      interleave. A lock held elsewhere is waited for (lockTimeout(), 5 s),
//      then the save fails saying who holds it;
//   1. conflict check: the file on disk must still be what was loaded or last
//      saved (Document::ownedFileBaseline()); otherwise nothing is written
//      and the error says what changed (created, deleted, modified +N −M
//      lines) and what to do;
//   2. backup: the previous content goes to "<file>~" (the editors' backup
//      name, which common global gitignores already cover; not a .nix file,
//      so nothing imports it), written atomically with the file's
//      permissions from its first byte; a new file has no backup. A "<file>~"
//      that is a symbolic link, not a regular file, or a file khepri did not
//      write (it neither starts with khepri's header nor equals the file) is
//      never written through or over: the save fails saying so;
//   3. write: writeFileAtomically (temporary file, fsync, rename) — the file
//      is always either the complete old or the complete new content;
//   4. verify: the written file is evaluated with the real nix and compared
//      with the compositions written; on any difference or evaluation error
//      the previous bytes are restored (a new file is removed) and the error
//      names the first composition that differs; the file is then read
//      again, so what is reported is what the disk holds;
//   5. Document::markSaved() with the bytes written (only the baseline when
//      the user edited on while nix verified: those edits are not on disk);
//   6. git: in a git work tree an untracked file is added with
//      `git add --intent-to-add`, because flakes ignore untracked files
//      (git missing or failing is no error: gitAdded stays false).
// Saving with validation errors is allowed (work in progress); the round
// trip through nix must still hold. Never blocks: nix and git run as
// ProcessJobs. The Saver holds the steps and their order; the pieces live
// beside it: atomicfile.h (read, write atomically), readbackcheck.h (what
// verify compares), gitintenttoadd.h (the git step), textdiff.h (the diff
// and the conflict's line counts). Owned by whoever saves (a parent
// QObject); the Document must outlive it. A save() while one runs fails with
// "save-busy".

#include <memory>
#include <optional>

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>

#include "composition.h"
#include "result.h"

class QTimer;

namespace khepri {

class CompositionLoader;
class Document;
class GitIntentToAdd;
class SaveLock;

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
    // How long a save waits for a lock another saver holds (default 5000 ms).
    void setLockTimeout(int milliseconds);

    // The backup path for `file`.
    static QString backupPath(const QString &file);

Q_SIGNALS:
    void finished(const khepri::Result<khepri::SaveOutcome> &result);

private:
    void tryLock();
    void start();
    Result<void> checkBackupSlot(const QString &backup) const;
    void verify();
    void onLoaded(const Result<QList<Composition>> &loaded);
    void restoreAndFail(Error error);
    void succeed();
    void finish(const Result<SaveOutcome> &result);
    void finishLater(const Result<SaveOutcome> &result);

    Document &m_document;
    CompositionLoader *m_loader;
    GitIntentToAdd *m_git;
    QTimer *m_lockRetry;
    int m_lockTimeoutMs = 5000;
    bool m_running = false;

    // The save in progress.
    QString m_file;
    QString m_path;  // what is written: m_file, or the file a symbolic link there names
    int m_mode = -1; // the file's permission bits; -1 for a new file
    std::unique_ptr<SaveLock> m_lock;
    QElapsedTimer m_lockWait;
    QList<Composition> m_expected; // what was written
    QByteArray m_written;
    std::optional<QByteArray> m_previous; // the bytes replaced; absent: new file
    int m_undoIndex = 0;
    SaveOutcome m_outcome;
};

} // namespace khepri
