#include "nixresources.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMutex>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStringBuilder>

#include "modellogging.h"

namespace khepri {
namespace {

const QString kRoot = QStringLiteral(":/khepri/nix");

Result<QString> extract()
{
    QStringList files;
    QDirIterator it(kRoot, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    if (files.isEmpty())
        return Error::make(
            ErrorCode::Internal,
            QStringLiteral("the embedded Nix expressions are missing from this build"),
            QStringLiteral("Rebuild khepri; resources/nix must be compiled in."));

    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &path : files) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        hash.addData(path.toUtf8());
        hash.addData(f.readAll());
    }
    QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (base.isEmpty())
        base = QDir::tempPath() + u"/khepri";
    const QString dir = base % u"/nix-" % QString::fromLatin1(hash.result().toHex().left(16));
    if (QFileInfo::exists(dir + u"/.complete"))
        return dir;

    for (const QString &path : files) {
        const QString target = dir + path.mid(kRoot.size());
        if (!QDir().mkpath(QFileInfo(target).path()))
            return Error::make(ErrorCode::Io, u"cannot create " % QFileInfo(target).path(),
                               QStringLiteral("Check that the cache directory is writable."));
        QFile in(path);
        QSaveFile out(target);
        if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly)
            || out.write(in.readAll()) < 0 || !out.commit())
            return Error::make(ErrorCode::Io, u"cannot write " % target % u": " % out.errorString(),
                               QStringLiteral("Check that the cache directory is writable."));
    }
    QFile marker(dir + u"/.complete");
    if (!marker.open(QIODevice::WriteOnly))
        return Error::make(ErrorCode::Io, u"cannot write " % marker.fileName());
    qCDebug(lcNix) << "Nix expressions extracted to" << dir;
    return dir;
}

} // namespace

Result<QString> nixResourceDirectory()
{
    static QMutex mutex;
    static std::optional<Result<QString>> cached;
    QMutexLocker lock(&mutex);
    if (!cached || !cached->ok())
        cached = extract();
    return *cached;
}

QString nixResourceText(const QString &name)
{
    QFile f(kRoot % u'/' % name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

} // namespace khepri
