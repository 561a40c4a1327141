#pragma once

// ConsoleSession is what every console (the desktop window, the terminal UI)
// does with a source, written once: load it (DocumentLoader → Document), ask
// the module's translator for the manifest with its assertions and warnings,
// give the declared manifest to the live state (RuntimeState, when there is
// one), and merge every finding into one list of diagnostics — the
// Document's (validation), the loader's notes, the translator's assertions
// and warnings, and the error of a load that failed. The consoles only wire
// its signals to what they render.
//
// Borrows the Document and the RuntimeState, which must outlive it; owns the
// loader and the translator. One load at a time: a new load cancels the one
// in flight. A failed load leaves the Document as it was (the consoles keep
// showing what they had) and adds the error to the diagnostics until the
// next successful load. Translator findings are kept until the next
// translation replaces them; one the Document already reports (validation
// mirrors most of the module's checks) is listed once, with the Document's
// location.

#include <optional>

#include <QList>
#include <QObject>

#include "diagnostic.h"
#include "manifest.h"
#include "result.h"
#include "source.h"

namespace khepri {

class Document;
class DocumentLoader;
class RuntimeState;
class Translator;
struct LoadedDocument;
struct Translation;

class ConsoleSession : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleSession)
public:
    explicit ConsoleSession(Document &document, QObject *parent = nullptr);
    ~ConsoleSession() override;

    // Where the declared manifest goes after each translation (nullptr: nowhere).
    void setRuntime(RuntimeState *runtime);
    // Whether loads are translated (on by default). A console that shows the
    // Document only (a screenshot) saves the second nix evaluation.
    void setTranslating(bool translating);
    // Overrides the default owned file (--owned-file) for the next loads.
    void setOwnedFile(const QString &file);

    void load(const Source &source);
    void reload(); // the last source again; nothing before the first load()
    void cancel();

    bool hasSource() const { return m_hasSource; }
    const Source &source() const { return m_source; }
    bool isLoading() const { return m_loading; }
    bool isTranslating() const { return m_translationPending; }
    const std::optional<Error> &loadError() const { return m_loadError; }
    // The translator's manifest for the current Document; nullopt before the
    // first translation or when it failed.
    const std::optional<Manifest> &manifest() const { return m_manifest; }
    const QList<Diagnostic> &loadNotes() const { return m_loadNotes; }
    // Everything the last translation reported (before merging).
    const QList<Diagnostic> &translatorDiagnostics() const { return m_translatorDiagnostics; }
    // The merged list: the Document's, the load notes, the translator's that
    // the Document does not report, the load error.
    const QList<Diagnostic> &diagnostics() const { return m_diagnostics; }

    // The findings of one translation as diagnostics ("assertion", "warning",
    // or "translator" when the translator itself failed).
    static QList<Diagnostic> diagnosticsOf(const Result<Translation> &translation);

Q_SIGNALS:
    void loadStarted(const khepri::Source &source);
    // After the Document was reset (ok) or left as it was (the error).
    void loadFinished(const khepri::Result<void> &result);
    // manifest() and translatorDiagnostics() are new (also after a failure).
    void translated();
    void diagnosticsChanged();

private:
    void onLoaded(const Result<LoadedDocument> &result);
    void onTranslated(const Result<Translation> &result);
    void merge();

    Document &m_document;
    RuntimeState *m_runtime = nullptr;
    DocumentLoader *m_loader;
    Translator *m_translator;
    bool m_translating = true;
    QString m_ownedFile;
    Source m_source;
    bool m_hasSource = false;
    bool m_loading = false;
    bool m_translationPending = false;
    std::optional<Error> m_loadError;
    std::optional<Manifest> m_manifest;
    QList<Diagnostic> m_loadNotes;
    QList<Diagnostic> m_translatorDiagnostics;
    QList<Diagnostic> m_diagnostics;
};

} // namespace khepri
