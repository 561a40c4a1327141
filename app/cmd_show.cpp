// khepri show [SOURCE] [--json]: compositions as evaluated, with the
// container names and units the module generates for them (from the
// translator, so they are exactly the module's).

#include <QJsonDocument>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "report.h"
#include "translator.h"

using namespace Qt::StringLiterals;

namespace khepri {

Result<Translation> translate(const QList<Composition> &compositions); // cmd_validate.cpp

int runShow(const Command &cmd)
{
    const auto source = resolveSource(cmd);
    if (!source)
        return failUsage(u"no source"_s, source.error());
    const auto loaded = loadCompositions(source.value());
    if (!loaded)
        return failUsage(u"cannot load "_s + source.value().describe(), loaded.error());
    const auto translation = translate(loaded.value());
    if (!translation)
        return failUsage(u"the khepri translator failed on "_s + source.value().describe(),
                         translation.error());
    const Manifest &manifest = translation.value().manifest;
    if (cmd.flag(u"json"_s))
        printOut(QString::fromUtf8(
            QJsonDocument(compositionsReportJson(loaded.value(), &manifest)).toJson()));
    else
        printOut(formatCompositionsTable(loaded.value(), &manifest));
    return kExitOk;
}

} // namespace khepri
