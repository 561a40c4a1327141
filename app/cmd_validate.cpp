// khepri validate [SOURCE] [--json]: every diagnostic — the console's own
// checks, the module's assertions and warnings (the translator, run by nix),
// and values the console cannot represent — as file:line: severity: message.
// Exit 1 when there are errors, 0 otherwise, 2 when nothing could be checked.

#include <algorithm>
#include <tuple>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "documentloader.h"
#include "eventloopwait.h"
#include "sourcelocator.h"
#include "textescape.h"
#include "translator.h"
#include "validator.h"

using namespace Qt::StringLiterals;

namespace khepri {

Result<LoadedDocument> loadDocument(const Source &source, const QString &ownedFile)
{
    DocumentLoader loader;
    return *waitForSignal(loader, &DocumentLoader::finished,
                          [&] { loader.load(source, ownedFile); });
}

Result<Translation> translate(const QList<Composition> &compositions)
{
    Translator translator;
    return *waitForSignal(translator, &Translator::finished, [&] { translator.run(compositions); });
}

QList<Diagnostic> allDiagnostics(const LoadedDocument &doc, const Translation &translation)
{
    QList<Diagnostic> out = validate(doc.compositions);
    QStringList known;
    for (const Diagnostic &d : std::as_const(out))
        known.append(d.message);
    // The module's word is final: what the console did not find itself is added.
    auto fromModule = [&](const QString &message, Diagnostic::Severity severity) {
        if (known.contains(message))
            return;
        Diagnostic d{severity, u"module"_s, message, {}, {}, {}, {}, 0, 0};
        const QString prefix = u"khepri.compositions."_s;
        if (message.startsWith(prefix)) {
            const QString path = message.mid(prefix.size()).section(u':', 0, 0);
            d.composition = path.section(u'.', 0, 0);
            if (path.section(u'.', 1, 1) == u"services")
                d.service = path.section(u'.', 2, 2);
        }
        out.append(d);
    };
    for (const QString &a : translation.assertions)
        fromModule(a, Diagnostic::Severity::Error);
    for (const QString &w : translation.warnings)
        fromModule(w, Diagnostic::Severity::Warning);
    for (const Composition &c : doc.compositions)
        for (const Unrepresentable &u : c.unrepresentable)
            out.append(Diagnostic{
                u.kind == u"unknown-field" ? Diagnostic::Severity::Error
                                           : Diagnostic::Severity::Info,
                u.kind == u"unknown-field" ? u"unknown-field"_s : u"unrepresentable"_s,
                u"khepri.compositions."_s + u.field + u": "_s
                    + (u.kind == u"unknown-field"
                           ? u.detail
                           : u"a "_s + u.kind + u" ("_s + u.detail + u"); shown, not editable"_s),
                c.name,
                {},
                {},
                {},
                0,
                0});
    for (Diagnostic &d : out)
        locate(d, doc.origins.value(d.composition).file.section(u", "_s, 0, 0));
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic &a, const Diagnostic &b) {
        return std::tie(a.file, a.line) < std::tie(b.file, b.line);
    });
    out += doc.notes;
    return out;
}

int runValidate(const Command &cmd)
{
    const auto source = resolveSource(cmd);
    if (!source)
        return failUsage(u"no source"_s, source.error());
    const auto doc = loadDocument(source.value(), cmd.value(u"owned-file"_s));
    if (!doc)
        return failUsage(u"cannot load "_s + source.value().describe(), doc.error());
    const auto translation = translate(doc.value().compositions);
    if (!translation)
        return failUsage(u"the khepri translator failed on "_s + source.value().describe(),
                         translation.error());
    const QList<Diagnostic> diagnostics = allDiagnostics(doc.value(), translation.value());

    if (cmd.flag(u"json"_s)) {
        QJsonArray list;
        for (const Diagnostic &d : diagnostics)
            list.append(QJsonObject{{u"severity"_s, severityName(d.severity)},
                                    {u"code"_s, d.code},
                                    {u"message"_s, d.message},
                                    {u"composition"_s, d.composition},
                                    {u"service"_s, d.service},
                                    {u"field"_s, d.field},
                                    {u"file"_s, d.file},
                                    {u"line"_s, d.line}});
        printOut(QString::fromUtf8(QJsonDocument(QJsonObject{{u"diagnostics"_s, list}}).toJson()));
    } else {
        for (const Diagnostic &d : diagnostics)
            printOut(d.toString() + u'\n');
        int errors = 0;
        int warnings = 0;
        for (const Diagnostic &d : diagnostics) {
            errors += d.severity == Diagnostic::Severity::Error;
            warnings += d.severity == Diagnostic::Severity::Warning;
        }
        printOut(QStringLiteral("%1: %2 error(s), %3 warning(s)\n")
                     .arg(escapeControls(source.value().describe()))
                     .arg(errors)
                     .arg(warnings));
    }
    return hasErrors(diagnostics) ? kExitFailed : kExitOk;
}

} // namespace khepri
