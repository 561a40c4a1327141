// khepri export [SOURCE] --composition NAME [-o FILE]: writes one composition
// as a compose file (model/compose/composeexporter.h) — to stdout, or to FILE
// atomically. A FILE that exists must be one khepri export wrote: a compose
// file of the user's is never overwritten.

#include <algorithm>

#include <QFileInfo>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "composeexporter.h"

using namespace Qt::StringLiterals;

namespace khepri {

int runExport(const Command &cmd)
{
    const QString name = cmd.value(u"composition"_s);
    if (name.isEmpty())
        return failUsage(
            u"export needs --composition NAME"_s,
            Error::make(ErrorCode::Usage, u"no composition named"_s,
                        u"Write khepri export SOURCE --composition NAME [-o FILE]."_s));
    Source source;
    QList<Composition> compositions;
    if (const auto failed = loadCommandSource(cmd, &source, &compositions))
        return *failed;
    const auto it = std::find_if(compositions.cbegin(), compositions.cend(),
                                 [&](const Composition &c) { return c.name == name; });
    if (it == compositions.cend()) {
        QStringList names;
        for (const Composition &c : std::as_const(compositions))
            names.append(c.name);
        return failUsage(u"no composition "_s + name,
                         Error::make(ErrorCode::UnknownComposition,
                                     source.describe() + u" has no composition "_s + name,
                                     u"It has: "_s + names.join(u", "_s)));
    }
    if (!it->unrepresentable.isEmpty()) {
        const Unrepresentable &u = it->unrepresentable.first();
        return failUsage(u"cannot export "_s + name,
                         Error::make(ErrorCode::Unrepresentable,
                                     u.field + u" is a "_s + u.kind + u" ("_s + u.detail + u')',
                                     u"Only plain values can be written as compose YAML."_s));
    }
    const QByteArray yaml = compose::exportCompose(*it);
    const QString output = cmd.value(u"output"_s);
    if (output.isEmpty() || output == u"-") {
        printOut(QString::fromUtf8(yaml));
        return kExitOk;
    }
    const QString target = QFileInfo(output).absoluteFilePath();
    if (const auto failed = writeCommandOutput(target, yaml, [](const QByteArray &existing) {
            return existing.startsWith("# Written by khepri export");
        }))
        return *failed;
    printOut(u"Wrote the composition "_s + name + u" to "_s + target + u'\n');
    return kExitOk;
}

} // namespace khepri
