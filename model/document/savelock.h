#pragma once

// SaveLock: the exclusive lock every khepri saver — the GUI, the TUI and the
// CLI, in any number of processes — takes on an owned file from its conflict
// check to its last look at the result (Saver). It is flock(2) on
// ".<name>.lock" beside the file: created 0600, never followed when it is a
// symbolic link, left in place after use (removing a lock file races with the
// next locker). The holder writes "<pid> <command>" into it, so a saver that
// cannot get the lock can say who holds it. The kernel drops the lock when
// its holder exits, however it exits.

#include <QString>

#include "result.h"

namespace khepri {

class SaveLock {
    Q_DISABLE_COPY_MOVE(SaveLock)
public:
    explicit SaveLock(const QString &file);
    ~SaveLock(); // unlocks

    // ".<name>.lock" beside `file`.
    static QString lockPath(const QString &file);

    // One attempt, never blocks. true: held now (or already); false: another
    // holder has it (holder() names it); an Error: it cannot be locked at all
    // (a symbolic link, an unwritable directory), with what to do.
    Result<bool> tryLock();
    void unlock();
    bool isLocked() const { return m_fd >= 0; }

    // Who holds the lock as its file says ("pid 123 (khepri generate)");
    // "another process" when it does not say.
    QString holder() const;

private:
    QString m_path;
    int m_fd = -1;
};

} // namespace khepri
