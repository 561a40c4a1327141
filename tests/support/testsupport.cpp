#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>

#include "compositionloader.h"
#include "source.h"

namespace khepri::test {

KhepriRun runKhepri(const QStringList &args, const QProcessEnvironment &env, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(khepriBinary(), args);
    if (!p.waitForFinished(timeoutMs))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

bool copyTree(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    for (const QFileInfo &fi :
         QDir(from).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString target = to + u'/' + fi.fileName();
        if (fi.isDir() ? !copyTree(fi.filePath(), target) : !QFile::copy(fi.filePath(), target))
            return false;
    }
    return true;
}

Result<QList<Composition>> loadCompositionsFile(const QString &path)
{
    CompositionLoader loader;
    QSignalSpy spy(&loader, &CompositionLoader::finished);
    loader.load(Source::file(path));
    if (!spy.wait(300000))
        return Error::make(ErrorCode::Timeout, QStringLiteral("no answer from nix"));
    return spy.first().first().value<LoadResult>();
}

} // namespace khepri::test
