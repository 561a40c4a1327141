#include "consolesession.h"

#include <algorithm>

#include <QStringBuilder>

#include "document.h"
#include "documentloader.h"
#include "runtimestate.h"
#include "translator.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// An error as a diagnostic, where it happened included.
Diagnostic errorDiagnostic(const QString &code, const QString &message, const Error &error)
{
    Diagnostic d;
    d.severity = Diagnostic::Severity::Error;
    d.code = code;
    d.message = message;
    d.file = error.file;
    d.line = error.line;
    d.column = error.column;
    return d;
}

} // namespace

ConsoleSession::ConsoleSession(Document &document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_loader(new DocumentLoader(this))
    , m_translator(new Translator(this))
{
    connect(m_loader, &DocumentLoader::finished, this, &ConsoleSession::onLoaded);
    connect(m_translator, &Translator::finished, this, &ConsoleSession::onTranslated);
    // Edits change the Document's own diagnostics, and with them which
    // translator findings are new.
    connect(&m_document, &Document::diagnosticsChanged, this, &ConsoleSession::merge);
    connect(&m_document, &Document::documentReset, this, &ConsoleSession::merge);
    merge();
}

ConsoleSession::~ConsoleSession() = default;

void ConsoleSession::setRuntime(RuntimeState *runtime)
{
    m_runtime = runtime;
    if (m_runtime && m_manifest)
        m_runtime->setDeclared(m_manifest);
}

void ConsoleSession::setTranslating(bool translating)
{
    m_translating = translating;
}

void ConsoleSession::setOwnedFile(const QString &file)
{
    m_ownedFile = file;
}

void ConsoleSession::load(const Source &source)
{
    m_loader->cancel();
    m_source = source;
    m_hasSource = true;
    m_loading = true;
    Q_EMIT loadStarted(m_source);
    m_loader->load(m_source, m_ownedFile);
}

void ConsoleSession::reload()
{
    if (m_hasSource)
        load(m_source);
}

void ConsoleSession::cancel()
{
    m_loader->cancel();
    m_translator->cancel();
    m_loading = false;
    m_translationPending = false;
}

void ConsoleSession::onLoaded(const Result<LoadedDocument> &result)
{
    m_loading = false;
    if (!result) {
        m_loadError = result.error();
        merge();
        Q_EMIT loadFinished(result.error());
        return;
    }
    m_loadError.reset();
    m_loadNotes = result.value().notes;
    result.value().applyTo(m_document); // merges through documentReset
    if (m_translating) {
        m_translationPending = true;
        m_translator->run(m_document.compositions());
    }
    Q_EMIT loadFinished({});
}

void ConsoleSession::onTranslated(const Result<Translation> &result)
{
    m_translationPending = false;
    m_translatorDiagnostics = diagnosticsOf(result);
    m_manifest = result ? std::optional<Manifest>(result.value().manifest) : std::nullopt;
    if (m_runtime)
        m_runtime->setDeclared(m_manifest);
    merge();
    Q_EMIT translated();
}

QList<Diagnostic> ConsoleSession::diagnosticsOf(const Result<Translation> &translation)
{
    QList<Diagnostic> out;
    if (!translation) {
        const Error &e = translation.error();
        out.append(
            errorDiagnostic(u"translator"_s, u"the khepri translator failed: "_s % e.message, e));
        return out;
    }
    const auto add = [&out](Diagnostic::Severity severity, const QString &code,
                            const QStringList &messages) {
        for (const QString &m : messages) {
            Diagnostic d;
            d.severity = severity;
            d.code = code;
            d.message = m;
            out.append(d);
        }
    };
    add(Diagnostic::Severity::Error, u"assertion"_s, translation.value().assertions);
    add(Diagnostic::Severity::Warning, u"warning"_s, translation.value().warnings);
    return out;
}

void ConsoleSession::merge()
{
    QList<Diagnostic> all = m_document.diagnostics();
    all += m_loadNotes;
    const auto reported = [&all](const Diagnostic &t) {
        return std::any_of(all.cbegin(), all.cend(), [&t](const Diagnostic &d) {
            return d.severity == t.severity && d.message == t.message;
        });
    };
    for (const Diagnostic &t : std::as_const(m_translatorDiagnostics))
        if (!reported(t))
            all.append(t);
    if (m_loadError) {
        const Error &e = *m_loadError;
        all.append(errorDiagnostic(u"load"_s,
                                   u"Could not load "_s % m_source.describe() % u": "_s % e.message
                                       % (e.hint.isEmpty() ? QString() : u" "_s % e.hint),
                                   e));
    }
    if (all == m_diagnostics)
        return;
    m_diagnostics = all;
    Q_EMIT diagnosticsChanged();
}

} // namespace khepri
