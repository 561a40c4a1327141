#include "saver.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QStringBuilder>
#include <QTimer>
#include <QUndoStack>

#include "childprocesses.h"
#include "compositionloader.h"
#include "document.h"
#include "documentloader.h"
#include "logging.h"
#include "nixwriter.h"
#include "savelock.h"
#include "source.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

Error error(ErrorCode code, const QString &message, const QString &hint = {},
            const QString &file = {})
{
    return Error::make(code, message, hint).at(file);
}

// ------------------------------------------------------------- line diff

// A file as lines without their '\n'. A last line without one carries
// diff's marker, so it differs from the same text with a newline and prints
// as the marker's own line.
QStringList splitLines(const QString &text)
{
    if (text.isEmpty())
        return {};
    QStringList lines = text.split(u'\n');
    if (text.endsWith(u'\n'))
        lines.removeLast();
    else
        lines.last() += u"\n\\ No newline at end of file"_s;
    return lines;
}

struct LineEdit {
    enum class Op { Keep, Remove, Add };
    Op op;
    QString text;
};

// Beyond this many cells the LCS table is not built: the differing middle
// (after the common head and tail) is shown as removed, then added. Still a
// correct diff, only not a minimal one.
constexpr qsizetype kMaxLcsCells = 4'000'000;

// The edit script from `a` to `b`: common head and tail, LCS in between.
std::vector<LineEdit> diffLines(const QStringList &a, const QStringList &b)
{
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a.at(head) == b.at(head))
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
           && a.at(a.size() - 1 - tail) == b.at(b.size() - 1 - tail))
        ++tail;
    const qsizetype n = a.size() - head - tail;
    const qsizetype m = b.size() - head - tail;

    std::vector<LineEdit> edits;
    edits.reserve(size_t(a.size() + b.size()));
    for (qsizetype i = 0; i < head; ++i)
        edits.push_back({LineEdit::Op::Keep, a.at(i)});

    if (n > 0 && m > 0 && (n + 1) * (m + 1) <= kMaxLcsCells) {
        // lcs[i][j]: longest common subsequence of a[head+i..] and b[head+j..].
        const qsizetype width = m + 1;
        std::vector<quint32> lcs(size_t((n + 1) * width), 0);
        for (qsizetype i = n - 1; i >= 0; --i)
            for (qsizetype j = m - 1; j >= 0; --j)
                lcs[size_t(i * width + j)] = a.at(head + i) == b.at(head + j)
                                                 ? lcs[size_t((i + 1) * width + j + 1)] + 1
                                                 : std::max(lcs[size_t((i + 1) * width + j)],
                                                            lcs[size_t(i * width + j + 1)]);
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < n && j < m) {
            if (a.at(head + i) == b.at(head + j)) {
                edits.push_back({LineEdit::Op::Keep, a.at(head + i)});
                ++i;
                ++j;
            } else if (lcs[size_t((i + 1) * width + j)] >= lcs[size_t(i * width + j + 1)]) {
                edits.push_back({LineEdit::Op::Remove, a.at(head + i++)});
            } else {
                edits.push_back({LineEdit::Op::Add, b.at(head + j++)});
            }
        }
        for (; i < n; ++i)
            edits.push_back({LineEdit::Op::Remove, a.at(head + i)});
        for (; j < m; ++j)
            edits.push_back({LineEdit::Op::Add, b.at(head + j)});
    } else {
        for (qsizetype i = 0; i < n; ++i)
            edits.push_back({LineEdit::Op::Remove, a.at(head + i)});
        for (qsizetype j = 0; j < m; ++j)
            edits.push_back({LineEdit::Op::Add, b.at(head + j)});
    }

    for (qsizetype i = a.size() - tail; i < a.size(); ++i)
        edits.push_back({LineEdit::Op::Keep, a.at(i)});
    return edits;
}

QString hunkRange(qsizetype start, qsizetype count)
{
    // Unified diff numbers lines from 1; an empty range names the line before it.
    return QString::number(count == 0 ? start : start + 1) % u',' % QString::number(count);
}

// Unified diff with three lines of context.
QString unifiedDiff(const std::vector<LineEdit> &edits, const QString &from, const QString &to)
{
    constexpr qsizetype kContext = 3;
    const auto size = qsizetype(edits.size());
    QString out;
    qsizetype at = 0;
    qsizetype oldLine = 0; // lines of the old file before edits[at]
    qsizetype newLine = 0;
    while (at < size) {
        // Next change.
        qsizetype change = at;
        qsizetype oldSkip = 0;
        qsizetype newSkip = 0;
        while (change < size && edits[size_t(change)].op == LineEdit::Op::Keep) {
            ++change;
            ++oldSkip;
            ++newSkip;
        }
        if (change == size)
            break;
        const qsizetype lead = std::min(kContext, change - at);
        qsizetype start = change - lead;
        qsizetype oldStart = oldLine + oldSkip - lead;
        qsizetype newStart = newLine + newSkip - lead;
        // Extend the hunk while the next change is within 2 * context lines.
        qsizetype end = change;
        qsizetype lastChange = change;
        while (end < size) {
            if (edits[size_t(end)].op != LineEdit::Op::Keep) {
                lastChange = end;
            } else if (end - lastChange > 2 * kContext) {
                break;
            }
            ++end;
        }
        end = std::min(size, lastChange + 1 + kContext);

        QString body;
        qsizetype oldCount = 0;
        qsizetype newCount = 0;
        for (qsizetype k = start; k < end; ++k) {
            const LineEdit &e = edits[size_t(k)];
            switch (e.op) {
            case LineEdit::Op::Keep:
                body += u' ' % e.text % u'\n';
                ++oldCount;
                ++newCount;
                break;
            case LineEdit::Op::Remove:
                body += u'-' % e.text % u'\n';
                ++oldCount;
                break;
            case LineEdit::Op::Add:
                body += u'+' % e.text % u'\n';
                ++newCount;
                break;
            }
        }
        if (out.isEmpty())
            out = u"--- "_s % from % u"\n+++ "_s % to % u'\n';
        out += u"@@ -"_s % hunkRange(oldStart, oldCount) % u" +"_s % hunkRange(newStart, newCount)
               % u" @@\n"_s % body;
        oldLine = oldStart + oldCount;
        newLine = newStart + newCount;
        at = end;
    }
    return out;
}

// "+3 −1 lines" for the change from `before` to `after`.
QString changeSummary(const QString &before, const QString &after)
{
    qsizetype added = 0;
    qsizetype removed = 0;
    for (const LineEdit &e : diffLines(splitLines(before), splitLines(after))) {
        if (e.op == LineEdit::Op::Add)
            ++added;
        else if (e.op == LineEdit::Op::Remove)
            ++removed;
    }
    return u'+' % QString::number(added) % u" \u2212"_s % QString::number(removed) % u" lines"_s;
}

// ------------------------------------------------------------- files

// The file's bytes; absent when it does not exist.
Result<std::optional<QByteArray>> readOptionalFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists() && !info.isSymLink())
        return std::optional<QByteArray>();
    QFile file(path);
    if (!info.isFile() || !file.open(QIODevice::ReadOnly))
        return error(ErrorCode::SaveUnreadable,
                     u"cannot read "_s % path % u": "_s
                         % (info.isFile() ? file.errorString() : u"not a regular file"_s),
                     u"Check the file and its permissions."_s, path);
    return std::optional<QByteArray>(file.readAll());
}

QString errnoText(int e)
{
    return QString::fromLocal8Bit(std::strerror(e));
}

// The process's umask, read without changing it (umask(2) would, for a
// moment, for every thread).
mode_t currentUmask()
{
    QFile status(u"/proc/self/status"_s);
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("Umask:")) {
                bool ok = false;
                const uint mask = line.mid(6).trimmed().toUInt(&ok, 8);
                if (ok)
                    return mode_t(mask);
            }
        }
    }
    return 022;
}

Error writeError(const QString &path, int e, const QString &what)
{
    if (e == ENOSPC || e == EDQUOT) {
        const QString dir = QFileInfo(path).absolutePath();
        return error(ErrorCode::DiskFull,
                     u"the disk holding "_s % dir % u" is full"_s
                         % (e == EDQUOT ? u" (your quota is used up)"_s : QString())
                         % u": cannot write "_s % path,
                     u"Free some space there (df -h '"_s % dir % u"' shows it), then save again."_s,
                     path);
    }
    return error(ErrorCode::SaveWriteFailed,
                 u"cannot "_s % what % u' ' % path % u": "_s % errnoText(e),
                 u"Check that the directory exists and is writable."_s, path);
}

bool writeAll(int fd, const QByteArray &content)
{
    const char *at = content.constData();
    qsizetype left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, at, size_t(left));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        at += n;
        left -= n;
    }
    return true;
}

// The first bytes of the regular file at `path`, read without following a
// link; nothing when it cannot be read.
std::optional<QByteArray> readHead(const QString &path, qsizetype size)
{
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    QByteArray head(size, Qt::Uninitialized);
    qsizetype got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, head.data() + got, size_t(size - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += n;
    }
    ::close(fd);
    head.truncate(got);
    return head;
}

// ------------------------------------------------------------- comparison

template<typename T>
const T *named(const QList<T> &list, const QString &name)
{
    auto it = std::find_if(list.cbegin(), list.cend(), [&](const T &t) { return t.name == name; });
    return it == list.cend() ? nullptr : &*it;
}

// The first entity of `kind` that differs between `expected` and `actual`.
template<typename T>
QString firstEntityDifference(const QString &kind, const QList<T> &expected, const QList<T> &actual)
{
    for (const T &e : expected) {
        const T *a = named(actual, e.name);
        if (!a)
            return kind % u' ' % e.name % u" is missing"_s;
        if (!(*a == e))
            return kind % u' ' % e.name % u" differs"_s;
    }
    for (const T &a : actual)
        if (!named(expected, a.name))
            return kind % u' ' % a.name % u" appeared"_s;
    return {};
}

// Describes the first difference between what was written and what nix read
// back; empty when they are equal.
QString firstDifference(const QList<Composition> &expected, const QList<Composition> &actual)
{
    for (const Composition &e : expected) {
        const Composition *a = named(actual, e.name);
        if (!a)
            return u"composition "_s % e.name % u" is missing from what nix read back"_s;
        if (*a == e)
            continue;
        QString detail = firstEntityDifference(u"service"_s, e.services, a->services);
        if (detail.isEmpty())
            detail = firstEntityDifference(u"network"_s, e.networks, a->networks);
        if (detail.isEmpty())
            detail = firstEntityDifference(u"volume"_s, e.volumes, a->volumes);
        if (detail.isEmpty())
            detail = firstEntityDifference(u"secret"_s, e.secrets, a->secrets);
        if (detail.isEmpty() && !a->unrepresentable.isEmpty())
            detail = u"nix read back a value khepri cannot represent at "_s
                     % a->unrepresentable.first().field;
        return u"composition "_s % e.name % u" reads back differently"_s
               % (detail.isEmpty() ? QString() : QString(u" ("_s % detail % u')'));
    }
    for (const Composition &a : actual)
        if (!named(expected, a.name))
            return u"composition "_s % a.name % u" was not written but nix read it back"_s;
    return {};
}

} // namespace

Saver::Saver(Document &document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_loader(new CompositionLoader(this))
    , m_lockRetry(new QTimer(this))
{
    connect(m_loader, &CompositionLoader::finished, this, &Saver::onLoaded);
    m_lockRetry->setSingleShot(true);
    m_lockRetry->setInterval(50);
    connect(m_lockRetry, &QTimer::timeout, this, &Saver::tryLock);
}

void Saver::setLockTimeout(int milliseconds)
{
    m_lockTimeoutMs = milliseconds;
}

Saver::~Saver()
{
    if (m_git) {
        m_git->disconnect(this);
        childprocesses::signalGroup(*m_git, SIGKILL);
        m_git->waitForFinished(1000); // teardown only; never on a live save
    }
}

QString Saver::pendingText() const
{
    return writeCompositionsFile(m_document.ownedCompositions());
}

QString Saver::backupPath(const QString &file)
{
    return file % u'~';
}

Result<void> Saver::writeFileAtomically(const QString &path, const QByteArray &content, int mode)
{
    const QFileInfo info(path);
    if (mode < 0) {
        struct stat st = {};
        mode = ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISREG(st.st_mode)
                   ? int(st.st_mode & 07777)
                   : int(0666 & ~currentUmask());
    }
    // mkostemp: O_CREAT | O_EXCL (never opens what is there, link or not), 0600.
    QByteArray temporary =
        QFile::encodeName(info.absolutePath() % u"/."_s % info.fileName() % u".XXXXXX"_s);
    const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0)
        return writeError(path, errno, u"create a temporary file beside"_s);
    const auto fail = [&](const QString &what) {
        const int e = errno;
        ::close(fd);
        ::unlink(temporary.constData());
        return writeError(path, e, what);
    };
    // Its final mode before its first byte: no moment with wider permissions.
    if (::fchmod(fd, mode_t(mode)) != 0)
        return fail(u"set the permissions of"_s);
    if (!writeAll(fd, content))
        return fail(u"write"_s);
    if (::fsync(fd) != 0)
        return fail(u"flush"_s);
    if (::close(fd) != 0) {
        const int e = errno;
        ::unlink(temporary.constData());
        return writeError(path, e, u"write"_s);
    }
    if (::rename(temporary.constData(), QFile::encodeName(path).constData()) != 0) {
        const int e = errno;
        ::unlink(temporary.constData());
        return writeError(path, e, u"replace"_s);
    }
    // The rename itself on disk.
    if (const int dir = ::open(QFile::encodeName(info.absolutePath()).constData(),
                               O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
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
    const QString after = pendingText();
    if (before == after)
        return QString();
    const QString name = QFileInfo(file).fileName();
    return unifiedDiff(diffLines(splitLines(before), splitLines(after)),
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
    if (const auto head = readHead(backup, 4096);
        head && DocumentLoader::isGeneratedByKhepri(*head))
        return {};
    if (m_previous && qint64(m_previous->size()) == qint64(st.st_size)) {
        if (const auto whole = readHead(backup, m_previous->size()); whole && *whole == *m_previous)
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
                  % changeSummary({}, QString::fromUtf8(*onDisk)) % u')';
    } else if (baseline && !onDisk) {
        changed = u"was deleted on disk after khepri loaded it ("_s
                  % changeSummary(QString::fromUtf8(*baseline), {}) % u')';
    } else if (baseline && onDisk && *baseline != *onDisk) {
        changed = u"was modified on disk after khepri loaded it ("_s
                  % changeSummary(QString::fromUtf8(*baseline), QString::fromUtf8(*onDisk)) % u')';
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
    const QString difference = firstDifference(m_expected, loaded.value());
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
    if (QStandardPaths::findExecutable(u"git"_s).isEmpty()) {
        qCDebug(lcDocument) << "git not found; not adding" << m_file;
        succeed();
        return;
    }
    startGit({u"rev-parse"_s, u"--is-inside-work-tree"_s}, &Saver::gitWorkTreeChecked);
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

void Saver::startGit(const QStringList &arguments, void (Saver::*next)(int, const QByteArray &))
{
    const QString dir = QFileInfo(m_file).absolutePath();
    m_git = new QProcess(this);
    m_git->setProgram(QStandardPaths::findExecutable(u"git"_s));
    m_git->setArguments(QStringList{u"--literal-pathspecs"_s, u"-C"_s, dir} + arguments);
    m_git->setStandardInputFile(QProcess::nullDevice());
    childprocesses::runInOwnProcessGroup(*m_git);
    qCDebug(lcDocument) << "running git" << m_git->arguments();
    QProcess *process = m_git;
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart || process != m_git)
            return;
        qCInfo(lcDocument) << "cannot run git:" << process->errorString();
        m_git->deleteLater();
        m_git = nullptr;
        succeed();
    });
    connect(process, &QProcess::finished, this,
            [this, process, next](int code, QProcess::ExitStatus status) {
                if (process != m_git)
                    return;
                const QByteArray out = process->readAllStandardOutput();
                const QByteArray err = process->readAllStandardError();
                m_git->deleteLater();
                m_git = nullptr;
                if (status != QProcess::NormalExit)
                    code = -1;
                if (code != 0)
                    qCDebug(lcDocument) << "git exited with" << code << err.trimmed();
                (this->*next)(code, out);
            });
    m_git->start();
}

void Saver::gitWorkTreeChecked(int exitCode, const QByteArray &out)
{
    if (exitCode != 0 || out.trimmed() != "true") {
        succeed(); // not in a git work tree
        return;
    }
    startGit({u"ls-files"_s, u"--error-unmatch"_s, u"--"_s, QFileInfo(m_file).fileName()},
             &Saver::gitTrackedChecked);
}

void Saver::gitTrackedChecked(int exitCode, const QByteArray &)
{
    if (exitCode == 0) {
        succeed(); // already tracked: flakes see it
        return;
    }
    startGit({u"add"_s, u"--intent-to-add"_s, u"--"_s, QFileInfo(m_file).fileName()},
             &Saver::gitAdded);
}

void Saver::gitAdded(int exitCode, const QByteArray &)
{
    if (exitCode == 0)
        m_outcome.gitAdded = true;
    else
        qCWarning(lcDocument) << "git add --intent-to-add failed for" << m_file
                              << "; a flake will not see it until it is added";
    succeed();
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
