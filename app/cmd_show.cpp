// khepri show [SOURCE] [--json]: compositions as evaluated.

#include <QJsonDocument>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "report.h"

namespace khepri {

int runShow(const Command &cmd)
{
    const auto source = resolveSource(cmd);
    if (!source)
        return failUsage(QStringLiteral("no source"), source.error());
    const auto loaded = loadCompositions(source.value());
    if (!loaded)
        return failUsage(QStringLiteral("cannot load ") + source.value().describe(),
                         loaded.error());
    if (cmd.flag(QStringLiteral("json")))
        printOut(QString::fromUtf8(QJsonDocument(compositionsReportJson(loaded.value())).toJson()));
    else
        printOut(formatCompositionsTable(loaded.value()));
    return kExitOk;
}

} // namespace khepri
