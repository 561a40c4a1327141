#include "saver.h"

#include <sys/stat.h>

#include <QFile>
#include <QFileInfo>
#include <QStringBuilder>
#include <QTimer>
#include <QUndoStack>

#include "atomicfile.h"
#include "compositionjson.h"
#include "compositionloader.h"
#include "document.h"
#include "documentloader.h"
#include "documentlogging.h"
#include "gitintenttoadd.h"
#include "nixwriter.h"
#include "readbackcheck.h"
#include "savelock.h"
#include "source.h"
#include "textdiff.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

Error error(ErrorCode code, const QString &message, const QString &hint = {},
            const QString &file = {})
{
    return Error::make(code, message, hint).at(file);
}

} // namespace

Saver::Saver(Document &document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_loader(new CompositionLoader(this))
    , m_git(new GitIntentToAdd(this))
    , m_lockRetry(new QTimer(this))
{
    connect(m_loader, &CompositionLoader::finished, this, &Saver::onLoaded);
    connect(m_git, &GitIntentToAdd::finished, this, [this](bool added) {
        if (!m_running)
            return;
        m_outcome.gitAdded = added;
        succeed();
    });
    m_lockRetry->setSingleShot(true);
    m_lockRetry->setInterval(50);
    connect(m_lockRetry, &QTimer::timeout, this, &Saver::tryLock);
}

void Saver::setLockTimeout(int milliseconds)
{
    m_lockTimeoutMs = milliseconds;
}

Saver::~Saver() = default;

QString Saver::pendingText() const
{
    return writeCompositionsFile(m_document.ownedCompositions());
}

QString Saver::backupPath(const QString &file)
{
    return file % u'~';
}

Result<QString> Saver::diffAgainstDisk() const
{
    const QString file = m_document.ownedFile();
    if (file.isEmpty())
        return error(ErrorCode::NoOwnedFile, u"there is no file to compare with"_s);
    const auto disk = readOptionalFile(file);
    if (!disk)
        return disk.error();
    const QString before = disk.value() ? QString::fromUtf8(*disk.value()) : QString();
    const QString name = QFileInfo(file).fileName();
    return unifiedDiff(before, pendingText(),
                       disk.value() ? QString(u"a/"_s % name) : u"/dev/null"_s, u"b/"_s % name);
}

void Saver::save()
{
    if (m_running) {
        // The running save keeps its state; this call still gets its answer.
        QTimer::singleShot(0, this, [this] {
            Q_EMIT finished(error(ErrorCode::SaveBusy, u"a save is already running"_s,
                                  u"Wait for it to finish, then save again."_s));
        });
        return;
    }
    m_running = true;
    m_file = m_document.ownedFile();
    m_outcome = SaveOutcome{m_file, {}, false, false};
    if (m_file.isEmpty()) {
        finishLater(error(ErrorCode::NoOwnedFile, u"there is no file to save to"_s,
                          u"Open a compositions file or a flake first."_s));
        return;
    }
    // A link at the owned file is the user's own arrangement: write the file
    // it names (as editors do), and keep the backup and the lock beside that.
    const QFileInfo info(m_file);
    m_path =
        info.isSymLink() && !info.canonicalFilePath().isEmpty() ? info.canonicalFilePath() : m_file;

    // 0. Lock.
    m_lock = std::make_unique<SaveLock>(m_path);
    m_lockWait.start();
    tryLock();
}

void Saver::tryLock()
{
    if (!m_running || !m_lock)
        return;
    const auto locked = m_lock->tryLock();
    if (!locked) {
        finishLater(locked.error());
        return;
    }
    if (locked.value()) {
        start();
        return;
    }
    if (m_lockWait.elapsed() >= m_lockTimeoutMs) {
        const QString who = m_lock->holder();
        qCInfo(lcDocument) << "not saving" << m_file << ": locked by" << who;
        finishLater(error(ErrorCode::SaveLocked,
                          m_file % u" is being saved by "_s % who % u"; khepri waited "_s
                              % QString::number((m_lockTimeoutMs + 999) / 1000)
                              % u" s for it; nothing was written"_s,
                          u"Let that save finish (or close the program that holds "_s
                              % SaveLock::lockPath(m_path) % u"), then save again."_s,
                          m_file));
        return;
    }
    m_lockRetry->start();
}

Result<void> Saver::checkBackupSlot(const QString &backup) const
{
    struct stat st = {};
    if (::lstat(QFile::encodeName(backup).constData(), &st) != 0)
        return {}; // nothing there
    const QString hint = u"Nothing was saved. khepri keeps the previous version of "_s % m_file
                         % u" in "_s % backup % u"; move that away (mv '"_s % backup % u"' '"_s
                         % backup % u".orig'), then save again."_s;
    if (S_ISLNK(st.st_mode))
        return error(ErrorCode::SaveBackupUnsafe,
                     backup % u" is a symbolic link (to "_s % QFileInfo(backup).symLinkTarget()
                         % u"); khepri never writes a backup through a link"_s,
                     hint, backup);
    if (!S_ISREG(st.st_mode))
        return error(ErrorCode::SaveBackupUnsafe, backup % u" is not a regular file"_s, hint,
                     backup);
    // khepri's backups are copies of files khepri wrote: they start with its
    // header. A backup equal to the file itself loses nothing either.
    if (const auto head = readFileHead(backup, 4096);
        head && DocumentLoader::isGeneratedByKhepri(*head))
        return {};
    if (m_previous && qint64(m_previous->size()) == qint64(st.st_size)) {
        if (const auto whole = readFileHead(backup, m_previous->size());
            whole && *whole == *m_previous)
            return {};
    }
    return error(ErrorCode::SaveBackupForeign,
                 backup
                     % u" exists and was not written by khepri (it does not start with "
                       u"khepri's header); khepri will not overwrite it"_s,
                 hint, backup);
}

void Saver::start()
{
    // 1. Conflict check.
    const auto disk = readOptionalFile(m_file);
    if (!disk) {
        finishLater(disk.error());
        return;
    }
    const std::optional<QByteArray> baseline = m_document.ownedFileBaseline();
    const std::optional<QByteArray> &onDisk = disk.value();
    QString changed;
    if (!baseline && onDisk) {
        changed = u"was created on disk after khepri loaded it ("_s
                  % describeLineChanges({}, QString::fromUtf8(*onDisk)) % u')';
    } else if (baseline && !onDisk) {
        changed = u"was deleted on disk after khepri loaded it ("_s
                  % describeLineChanges(QString::fromUtf8(*baseline), {}) % u')';
    } else if (baseline && onDisk && *baseline != *onDisk) {
        changed = u"was modified on disk after khepri loaded it ("_s
                  % describeLineChanges(QString::fromUtf8(*baseline), QString::fromUtf8(*onDisk))
                  % u')';
    }
    if (!changed.isEmpty()) {
        qCInfo(lcDocument) << "not saving" << m_file << changed;
        finishLater(error(ErrorCode::SaveConflict,
                          m_file % u' ' % changed % u"; nothing was written"_s,
                          u"Reload it to take in those changes (your unsaved edits are then "
                          u"lost), or save your compositions to another file."_s,
                          m_file));
        return;
    }

    m_previous = onDisk;
    m_expected = m_document.ownedCompositions();
    m_written = writeCompositionsFile(m_expected).toUtf8();
    // A Nix string cannot hold NUL (nix would cut it there): refuse before
    // anything is written, naming the value (the reader's own refusal says where).
    if (m_written.contains('\0')) {
        const auto refused = compositionsFromJson(compositionsToJson(m_expected));
        const QString where =
            refused ? u"a value contains a NUL character"_s : refused.error().message;
        qCWarning(lcDocument) << "not saving" << m_file << ":" << where;
        finishLater(error(ErrorCode::SaveUnrepresentable,
                          u"cannot save: "_s % where % u"; nothing was written"_s,
                          u"Remove the NUL character from that value, then save again."_s, m_file));
        return;
    }
    m_undoIndex = m_document.undoStack()->index();
    m_outcome.created = !m_previous.has_value();
    m_mode = -1;
    if (struct stat st = {}; m_previous && ::stat(QFile::encodeName(m_path).constData(), &st) == 0)
        m_mode = int(st.st_mode & 07777);

    // 2. Backup, 3. write.
    if (m_previous) {
        const QString backup = backupPath(m_path);
        if (auto ok = checkBackupSlot(backup); !ok) {
            qCWarning(lcDocument) << "not saving" << m_file << ":" << ok.error().message;
            finishLater(ok.error());
            return;
        }
        // Readable by no more people than the file it keeps, from its first byte.
        if (auto ok = writeFileAtomically(backup, *m_previous, m_mode); !ok) {
            Error e = ok.error();
            e.message = u"cannot keep a backup of the previous file: "_s % e.message;
            e.hint = e.hint % u" Nothing was saved: "_s % m_file % u" was not changed."_s;
            finishLater(e);
            return;
        }
        m_outcome.backup = backup;
    }
    if (auto ok = writeFileAtomically(m_path, m_written, m_mode); !ok) {
        Error e = ok.error();
        e.hint = e.hint % u" Nothing was saved: "_s % m_file % u" was not changed."_s;
        finishLater(e);
        return;
    }
    qCDebug(lcDocument) << "wrote" << m_written.size() << "bytes to" << m_path << "; verifying";

    // 4. Verify with nix.
    verify();
}

void Saver::verify()
{
    m_loader->load(Source::file(m_file));
}

void Saver::onLoaded(const Result<QList<Composition>> &loaded)
{
    if (!m_running)
        return;
    if (!loaded) {
        const Error &e = loaded.error();
        restoreAndFail(
            error(ErrorCode::SaveVerifyFailed,
                  u"nix could not evaluate the written file "_s % m_file % u": "_s % e.message,
                  e.hint.isEmpty() ? u"The previous file was restored. This is likely a bug in "
                                     u"khepri's writer; please report it."_s
                                   : QString(e.hint % u" The previous file was restored."_s),
                  m_file));
        return;
    }
    const QString difference = firstReadBackDifference(m_expected, loaded.value());
    if (!difference.isEmpty()) {
        restoreAndFail(error(ErrorCode::SaveVerifyFailed,
                             u"the written file does not read back as the model: "_s % difference,
                             u"The previous file was restored; nothing was lost. This is a bug "
                             u"in khepri's writer; please report it with the composition."_s,
                             m_file));
        return;
    }

    // What is reported is what the disk holds: no khepri saver can have
    // written meanwhile (the lock), but anything else could have.
    const auto now = readOptionalFile(m_file);
    if (!now || !now.value() || *now.value() != m_written) {
        finish(
            error(ErrorCode::SaveChangedDuringSave,
                  m_file
                      % u" changed while khepri verified it: it no longer holds what "
                        u"khepri wrote"_s,
                  u"Your compositions are still in the console. Look at the file (the "
                  u"previous version is in "_s
                      % (m_outcome.backup.isEmpty() ? u"no backup: it was new"_s : m_outcome.backup)
                      % u"), reload it, then save again."_s,
                  m_file));
        return;
    }

    // 5. The document now matches the disk (git below cannot undo the save).
    if (m_document.ownedFile() == m_file) {
        if (m_document.undoStack()->index() == m_undoIndex)
            m_document.markSaved(m_written);
        else // edited while nix verified: the disk holds what was written, not the edits
            m_document.setOwnedFileBaseline(m_written);
    }

    // 6. git.
    m_git->run(m_file);
}

void Saver::restoreAndFail(Error e)
{
    qCWarning(lcDocument) << "save of" << m_file << "failed verification:" << e.message;
    bool undoFailed = false;
    if (m_previous) {
        if (auto ok = writeFileAtomically(m_path, *m_previous, m_mode); !ok) {
            undoFailed = true;
            e.hint = u"Restoring the previous file failed too ("_s % ok.error().message
                     % u"); its content is in "_s % m_outcome.backup % u'.';
        }
    } else if (QFile::exists(m_path) && !QFile::remove(m_path)) {
        undoFailed = true;
        e.hint = u"Removing the written file failed; delete "_s % m_file % u" by hand."_s;
    }
    // Say what the disk holds now, not what was meant.
    const auto now = readOptionalFile(m_file);
    const bool restored = now && now.value() == m_previous;
    if (!restored && !undoFailed)
        e.hint = u"The previous file could not be put back: "_s % m_file
                 % u" holds something else now"_s
                 % (m_outcome.backup.isEmpty()
                        ? QString()
                        : QString(u"; the previous version is in "_s % m_outcome.backup))
                 % u'.';
    finish(e);
}

void Saver::succeed()
{
    qCInfo(lcDocument) << "saved" << m_file << (m_outcome.created ? "(new file)" : "")
                       << (m_outcome.gitAdded ? "(git intent-to-add)" : "");
    finish(m_outcome);
}

void Saver::finish(const Result<SaveOutcome> &result)
{
    m_lockRetry->stop();
    m_lock.reset(); // before finished(): its receiver may save again
    m_running = false;
    m_expected.clear();
    m_written.clear();
    m_previous.reset();
    Q_EMIT finished(result);
}

void Saver::finishLater(const Result<SaveOutcome> &result)
{
    QTimer::singleShot(0, this, [this, result] { finish(result); });
}

} // namespace khepri
