#include "entitylocator.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStringList>

#include "document.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// Whether `local` and `reported` name the same file: equal, or the reported
// path (often in the nix store) ends with the local one's path below its
// flake, compared component by component from the end (at least the name).
bool sameFile(const QString &local, const QString &reported)
{
    if (local.isEmpty() || reported.isEmpty())
        return false;
    if (QFileInfo(local).absoluteFilePath() == QFileInfo(reported).absoluteFilePath())
        return true;
    const QStringList a = QFileInfo(local).absoluteFilePath().split(u'/', Qt::SkipEmptyParts);
    const QStringList b = reported.split(u'/', Qt::SkipEmptyParts);
    if (a.isEmpty() || b.isEmpty() || a.last() != b.last())
        return false;
    // The store path's source root ("…-source") stands for the flake's root.
    for (qsizetype i = 1; i < std::min(a.size(), b.size()); ++i) {
        const QString &x = a.at(a.size() - 1 - i);
        const QString &y = b.at(b.size() - 1 - i);
        if (y.endsWith(u"-source"_s))
            return true;
        if (x != y)
            return false;
    }
    return true;
}

} // namespace

EntityRef entityAtLocation(const Document &document, const QString &file, int line)
{
    for (const Composition &c : document.compositions()) {
        const QString local = document.origin(c.name).file;
        if (!sameFile(local, file))
            continue;
        EntityRef best = EntityRef::compositionRef(c.name);
        QFile f(local);
        if (line <= 0 || !f.open(QIODevice::ReadOnly))
            return best;
        const QStringList lines = QString::fromUtf8(f.readAll()).split(u'\n');
        int bestLine = 0;
        auto consider = [&](const EntityRef &ref) {
            const QRegularExpression opens(u"^\\s*\"?"_s + QRegularExpression::escape(ref.name)
                                           + u"\"?\\s*="_s);
            for (int i = std::min(line, int(lines.size())); i > bestLine; --i)
                if (opens.match(lines.at(i - 1)).hasMatch()) {
                    bestLine = i;
                    best = ref;
                    return;
                }
        };
        for (const Service &s : c.services)
            consider(EntityRef::service(c.name, s.name));
        for (const Network &n : c.networks)
            consider(EntityRef::network(c.name, n.name));
        for (const Volume &v : c.volumes)
            consider(EntityRef::volume(c.name, v.name));
        return best;
    }
    return {};
}

} // namespace khepri
