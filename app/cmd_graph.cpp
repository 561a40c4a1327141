// khepri graph [SOURCE] --format dot|json: the dependency graph of the
// compositions (services, networks, volumes; depends_on, membership, mounts).

#include <QJsonDocument>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "graph.h"

using namespace Qt::StringLiterals;

namespace khepri {

int runGraph(const Command &cmd)
{
    const QString format = cmd.value(u"format"_s, u"dot"_s);
    if (format != u"dot" && format != u"json")
        return failUsage(u"unknown graph format \""_s + format + u'"',
                         Error::make(ErrorCode::Usage, u"--format is dot or json"_s));
    Source source;
    QList<Composition> compositions;
    if (const auto failed = loadCommandSource(cmd, &source, &compositions))
        return *failed;
    const Graph graph = deriveGraph(compositions);
    printOut(format == u"dot" ? toDot(graph)
                              : QString::fromUtf8(QJsonDocument(toJson(graph)).toJson()));
    return kExitOk;
}

} // namespace khepri
