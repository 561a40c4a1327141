// khepri import COMPOSE.yml… : one docker compose project becomes one khepri
// composition (model/compose). With --dry-run the Nix and the diagnostics are
// printed and nothing is written; otherwise the composition is added to (or
// replaces its namesake in) the file khepri owns — -o / --owned-file FILE, or
// the owned file of --flake/--file — through the Document and the Saver, so
// the ownership rules of `khepri generate` hold: never over a file khepri did
// not generate, atomically, with a backup, verified with nix.
// Exit 0: everything carried over; 1: something was not (each listed);
// 2: unusable input (YAML, types, variables) or nothing could be written.

#include <algorithm>

#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "composeimporter.h"
#include "document.h"
#include "documentloader.h"
#include "nixwriter.h"
#include "saver.h"

using namespace Qt::StringLiterals;

namespace khepri {

Result<LoadedDocument> loadDocument(const Source &source,
                                    const QString &ownedFile); // cmd_validate.cpp

namespace {

QString describe(const Diagnostic &d)
{
    return u"  "_s + severityName(d.severity) + u": "_s + d.message + u'\n';
}

} // namespace

int runImport(const Command &cmd)
{
    compose::ImportOptions options;
    options.files = cmd.positional;
    options.envFiles = cmd.lists.value(u"env-file"_s);
    options.profiles = cmd.lists.value(u"profile"_s);
    options.projectName = cmd.value(u"project-name"_s);
    options.secretsDir = cmd.value(u"secrets-to"_s);
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &k : env.keys())
        options.environment.insert(k, env.value(k));
    if (options.files.isEmpty())
        return failUsage(u"import needs a compose file"_s,
                         Error::make(ErrorCode::Usage, u"no compose file given"_s,
                                     u"Write khepri import docker-compose.yml [override.yml…]."_s));
    const QString output = cmd.value(u"output"_s, cmd.value(u"owned-file"_s));
    const bool dryRun = cmd.flag(u"dry-run"_s);
    if (!dryRun && output.isEmpty() && !cmd.source)
        return failUsage(
            u"import needs somewhere to write"_s,
            Error::make(ErrorCode::Usage, u"no owned file given"_s,
                        u"Give -o FILE (a file khepri owns or a new one), --flake/--file, "
                        u"or --dry-run to see the result."_s));

    auto imported = compose::importCompose(options);
    if (!imported)
        return failUsage(u"cannot import "_s + options.files.join(u", "_s), imported.error());
    compose::ImportResult result = imported.value();
    if (const QString into = cmd.value(u"into"_s); !into.isEmpty())
        result.composition.name = into;
    Composition &composition = result.composition;

    QString report;
    int carried = 0;
    for (const Diagnostic &d : std::as_const(result.diagnostics)) {
        report += describe(d);
        carried += compose::isNotCarried(d) ? 1 : 0;
    }
    const bool invalid = hasErrors(result.diagnostics);
    if (dryRun) {
        printOut(writeCompositionsFile({composition}));
    }
    if (!report.isEmpty())
        printErr(u"khepri import: "_s + composition.name + u":\n"_s + report);
    if (carried > 0)
        printErr(QString::number(carried)
                 + u" thing(s) of the compose project are not carried over (listed above).\n"_s);
    if (invalid)
        return failUsage(u"the imported composition is not valid"_s,
                         Error::make(ErrorCode::Invalid,
                                     u"the errors above would stop the NixOS build"_s,
                                     u"Fix the compose file; khepri writes nothing."_s));
    const int status = carried > 0 ? kExitFailed : kExitOk;
    if (dryRun)
        return status;

    // Where to write: -o/--owned-file, else the owned file of the source.
    QString target = output.isEmpty() ? QString() : QFileInfo(output).absoluteFilePath();
    LoadedDocument loaded;
    const auto owned =
        target.isEmpty() ? Result<std::optional<QByteArray>>(std::nullopt) : readOwnedFile(target);
    if (!owned)
        return failUsage(u"refusing to write "_s + target, owned.error());
    const std::optional<QByteArray> existing = owned.value();
    if (cmd.source || existing) {
        const Source source = cmd.source ? *cmd.source : Source::file(target);
        auto l = loadDocument(source, target);
        if (!l)
            return failUsage(u"cannot load "_s + source.describe(), l.error());
        loaded = l.value();
        if (target.isEmpty())
            target = loaded.ownedFile;
    }
    if (target.isEmpty())
        return failUsage(u"nowhere to write"_s,
                         Error::make(ErrorCode::NoOwnedFile,
                                     u"the source has no file khepri may write"_s,
                                     u"Give -o FILE."_s));

    QList<Composition> compositions;
    QMap<QString, CompositionOrigin> origins;
    bool replaced = false;
    for (const Composition &c : std::as_const(loaded.compositions)) {
        const CompositionOrigin origin = loaded.origins.value(c.name);
        if (c.name == composition.name) {
            if (!origin.editable)
                return failUsage(u"cannot import into "_s + c.name,
                                 Error::make(ErrorCode::ReadOnly,
                                             u"the composition "_s + c.name + u" is defined in "_s
                                                 + origin.file + u", which khepri does not own"_s,
                                             u"Import under another name with --into NAME."_s));
            replaced = true;
            continue;
        }
        compositions.append(c);
        origins.insert(c.name, origin);
    }
    compositions.append(composition);
    std::sort(compositions.begin(), compositions.end(),
              [](const Composition &a, const Composition &b) { return a.name < b.name; });
    origins.insert(composition.name, CompositionOrigin{target, true, {}});

    if (!result.secretFiles.isEmpty()) {
        const auto written = compose::writeSecretFiles(result.secretFiles);
        if (!written)
            return failUsage(u"cannot write the secrets"_s, written.error());
        for (const compose::SecretFile &s : std::as_const(result.secretFiles))
            printOut(u"Wrote the secret variables to "_s + s.path + u" (mode 0600)\n"_s);
    }

    Document document;
    document.reset(compositions, origins, target);
    document.setOwnedFileBaseline(existing ? existing : loaded.baseline);
    const auto outcome = saveDocument(document);
    if (!outcome)
        return failUsage(u"cannot write "_s + target, outcome.error());
    const SaveOutcome &o = outcome.value();
    printOut(
        (replaced ? u"Replaced"_s : u"Imported"_s) + u" the composition "_s + composition.name
        + u" ("_s + QString::number(composition.services.size()) + u" service(s)) in "_s + o.file
        + (o.backup.isEmpty() ? QString() : u" (previous version in "_s + o.backup + u')') + u'\n');
    if (o.created)
        printOut(u"Import it in your host's configuration: imports = [ ./"_s
                 + QFileInfo(o.file).fileName() + u" ];\n"_s);
    return status;
}

} // namespace khepri
