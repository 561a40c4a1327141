#include "savelock.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// "khepri generate" for the process that holds the lock.
QByteArray commandName()
{
    QStringList words;
    if (QCoreApplication::instance()) {
        const QStringList arguments = QCoreApplication::arguments();
        if (!arguments.isEmpty())
            words.append(QFileInfo(arguments.first()).fileName());
        if (arguments.size() > 1)
            words.append(arguments.at(1));
    }
    return words.isEmpty() ? QByteArrayLiteral("khepri") : words.join(u' ').toLocal8Bit();
}

} // namespace

SaveLock::SaveLock(const QString &file)
    : m_path(lockPath(file))
{}

SaveLock::~SaveLock()
{
    unlock();
}

QString SaveLock::lockPath(const QString &file)
{
    const QFileInfo info(file);
    return info.absolutePath() % u"/."_s % info.fileName() % u".lock"_s;
}

Result<bool> SaveLock::tryLock()
{
    if (m_fd >= 0)
        return true;
    const QByteArray path = QFile::encodeName(m_path);
    const int fd = ::open(path.constData(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK,
                          S_IRUSR | S_IWUSR);
    if (fd < 0) {
        const int error = errno;
        if (error == ELOOP)
            return Error::make(ErrorCode::SaveLockUnsafe,
                               m_path
                                   % u" is a symbolic link; khepri locks the file it saves with it "
                                     u"and never follows a link there"_s,
                               u"Nothing was saved. Remove the link (rm '"_s % m_path
                                   % u"'), then save again."_s)
                .at(m_path);
        return Error::make(ErrorCode::SaveLockFailed,
                           u"cannot create the lock file "_s % m_path % u": "_s % errnoText(error),
                           u"Nothing was saved. Check that the directory is writable."_s)
            .at(m_path);
    }
    struct stat st = {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return Error::make(ErrorCode::SaveLockUnsafe, m_path % u" is not a regular file"_s,
                           u"Nothing was saved. Remove it, then save again."_s)
            .at(m_path);
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK || error == EINTR)
            return false;
        return Error::make(ErrorCode::SaveLockFailed,
                           u"cannot lock "_s % m_path % u": "_s % errnoText(error),
                           u"Nothing was saved. The file system may not support locks; save to a "
                           u"local directory."_s)
            .at(m_path);
    }
    m_fd = fd;
    // Who holds it, for whoever waits.
    const QByteArray who = QByteArray::number(qint64(::getpid())) + ' ' + commandName() + '\n';
    if (::ftruncate(fd, 0) == 0) [[maybe_unused]]
        const auto n = ::pwrite(fd, who.constData(), size_t(who.size()), 0);
    return true;
}

void SaveLock::unlock()
{
    if (m_fd < 0)
        return;
    [[maybe_unused]] const int truncated = ::ftruncate(m_fd, 0); // nobody holds it now
    ::close(m_fd);                                               // drops the flock
    m_fd = -1;
}

QString SaveLock::holder() const
{
    const QByteArray path = QFile::encodeName(m_path);
    const int fd = ::open(path.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return u"another process"_s;
    char buffer[256];
    const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
    ::close(fd);
    if (n <= 0)
        return u"another process"_s;
    const QString text = QString::fromLocal8Bit(buffer, n).trimmed();
    const qsizetype space = text.indexOf(u' ');
    bool isNumber = false;
    const qint64 pid = text.left(space < 0 ? text.size() : space).toLongLong(&isNumber);
    if (!isNumber || pid <= 0)
        return u"another process"_s;
    QString command = space < 0 ? QString() : text.mid(space + 1).simplified();
    // Printable only: the file is anyone's to write.
    command.removeIf([](QChar c) { return !c.isPrint(); });
    return u"pid "_s % QString::number(pid)
           % (command.isEmpty() ? QString() : QString(u" ("_s % command.left(80) % u')'));
}

} // namespace khepri
