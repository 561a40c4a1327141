// khepri generate [SOURCE] -o FILE: writes the compositions of SOURCE to FILE
// as a file khepri owns — the way to take over hand-written compositions, or
// to refresh the owned file. Goes through the Saver: refuses to overwrite a
// file khepri did not generate or that changed, writes atomically with a
// backup, and verifies with nix that FILE evaluates to exactly what was
// meant (restoring the old content otherwise).

#include <QFile>
#include <QFileInfo>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "document.h"
#include "documentloader.h"
#include "saver.h"

using namespace Qt::StringLiterals;

namespace khepri {

Result<LoadedDocument> loadDocument(const Source &source,
                                    const QString &ownedFile); // cmd_validate.cpp

int runGenerate(const Command &cmd)
{
    const QString output = cmd.value(u"output"_s);
    if (output.isEmpty())
        return failUsage(u"generate needs -o FILE"_s,
                         Error::make(ErrorCode::Usage, u"no output file given"_s,
                                     u"Write khepri generate SOURCE -o FILE."_s));
    const auto source = resolveSource(cmd);
    if (!source)
        return failUsage(u"no source"_s, source.error());
    const QString target = QFileInfo(output).absoluteFilePath();

    const auto owned = readOwnedFile(target);
    if (!owned)
        return failUsage(u"refusing to overwrite "_s + target, owned.error());
    const std::optional<QByteArray> &existing = owned.value();

    const auto loaded = loadDocument(source.value(), target);
    if (!loaded)
        return failUsage(u"cannot load "_s + source.value().describe(), loaded.error());

    // Every composition of the source goes into the generated file, unless
    // the console cannot write it back faithfully.
    QMap<QString, CompositionOrigin> origins;
    QStringList refused;
    for (const Composition &c : loaded.value().compositions) {
        if (!c.unrepresentable.isEmpty()) {
            const Unrepresentable &u = c.unrepresentable.first();
            refused.append(u"  "_s + c.name + u": "_s + u.field + u" is a "_s + u.kind + u" ("_s
                           + u.detail + u')');
            continue;
        }
        origins.insert(c.name, CompositionOrigin{target, true, {}});
    }
    if (!refused.isEmpty())
        return failUsage(
            u"cannot generate "_s + target,
            Error::make(ErrorCode::Unrepresentable,
                        u"these compositions hold values khepri cannot write back:\n"_s
                            + refused.join(u'\n'),
                        u"Keep them in a hand-written file; khepri shows them read-only."_s));

    Document document;
    document.reset(loaded.value().compositions, origins, target);
    document.setOwnedFileBaseline(existing);
    const Result<SaveOutcome> outcome = saveDocument(document);
    if (!outcome)
        return failUsage(u"cannot write "_s + target, outcome.error());
    const SaveOutcome &o = outcome.value();
    printOut(u"Wrote "_s + QString::number(origins.size()) + u" composition(s) to "_s + o.file
             + (o.backup.isEmpty() ? QString() : u" (previous version in "_s + o.backup + u')')
             + u'\n');
    if (o.gitAdded)
        printOut(u"Added it to git with --intent-to-add: flakes only see files git knows.\n"_s);
    if (o.created)
        printOut(u"Import it in your host's configuration: imports = [ ./"_s
                 + QFileInfo(o.file).fileName() + u" ];\n"_s);
    return kExitOk;
}

} // namespace khepri
