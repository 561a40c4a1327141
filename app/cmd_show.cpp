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
    Source source;
    QList<Composition> compositions;
    if (const auto failed = loadCommandSource(cmd, &source, &compositions))
        return *failed;
    const auto translation = translate(compositions);
    if (!translation)
        return failUsage(u"the khepri translator failed on "_s + source.describe(),
                         translation.error());
    const Manifest &manifest = translation.value().manifest;
    if (cmd.flag(u"json"_s))
        printOut(QString::fromUtf8(
            QJsonDocument(compositionsReportJson(compositions, &manifest)).toJson()));
    else
        printOut(formatCompositionsTable(compositions, &manifest));
    return kExitOk;
}

} // namespace khepri
