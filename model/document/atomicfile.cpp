#include "atomicfile.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QFile>
#include <QFileInfo>
#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

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
        return Error::make(ErrorCode::DiskFull,
                           u"the disk holding "_s % dir % u" is full"_s
                               % (e == EDQUOT ? u" (your quota is used up)"_s : QString())
                               % u": cannot write "_s % path,
                           u"Free some space there (df -h '"_s % dir
                               % u"' shows it), then save again."_s)
            .at(path);
    }
    return Error::make(ErrorCode::SaveWriteFailed,
                       u"cannot "_s % what % u' ' % path % u": "_s % errnoText(e),
                       u"Check that the directory exists and is writable."_s)
        .at(path);
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

} // namespace

Result<std::optional<QByteArray>> readOptionalFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists() && !info.isSymLink())
        return std::optional<QByteArray>();
    QFile file(path);
    if (!info.isFile() || !file.open(QIODevice::ReadOnly))
        return Error::make(ErrorCode::SaveUnreadable,
                           u"cannot read "_s % path % u": "_s
                               % (info.isFile() ? file.errorString() : u"not a regular file"_s),
                           u"Check the file and its permissions."_s)
            .at(path);
    return std::optional<QByteArray>(file.readAll());
}

std::optional<QByteArray> readFileHead(const QString &path, qsizetype size)
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

Result<void> writeFileAtomically(const QString &path, const QByteArray &content, int mode)
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

} // namespace khepri
