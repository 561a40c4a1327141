// ConsoleSession with the real nix: a load is translated, the translator's
// assertions and warnings join the Document's diagnostics (once each), the
// declared manifest reaches the live state, a failed load is a diagnostic
// that leaves the Document alone, and a re-load replaces what the previous
// one found.

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "consolesession.h"
#include "dockerclient.h"
#include "document.h"
#include "runtimestate.h"
#include "systemdclient.h"
#include "testsupport.h"
#include "translator.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

constexpr int kNixTimeout = 120000;
const QString kCollision = u"which is also a network or volume unit"_s;
const QString kSecretWarning = u"environment variable API_TOKEN looks like a secret"_s;

QList<Diagnostic> withMessage(const QList<Diagnostic> &list, const QString &part)
{
    QList<Diagnostic> out;
    for (const Diagnostic &d : list)
        if (d.message.contains(part))
            out.append(d);
    return out;
}

QString describe(const QList<Diagnostic> &list)
{
    QStringList lines;
    for (const Diagnostic &d : list)
        lines.append(d.code + u": "_s + d.toString());
    return lines.join(u'\n');
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

// Loads `source` and waits for the load and, when it succeeded, the translation.
bool loadAndTranslate(ConsoleSession &session, const Source &source)
{
    QSignalSpy loaded(&session, &ConsoleSession::loadFinished);
    QSignalSpy translated(&session, &ConsoleSession::translated);
    session.load(source);
    if (!loaded.wait(kNixTimeout))
        return false;
    if (!loaded.first().first().value<Result<void>>())
        return true;
    return translated.wait(kNixTimeout);
}

} // namespace

class TestConsoleSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mergesTranslatorFindings()
    {
        Document document;
        ConsoleSession session(document);
        QSignalSpy changed(&session, &ConsoleSession::diagnosticsChanged);
        QVERIFY(loadAndTranslate(session, Source::file(test::dataPath(u"translator-only.nix"_s))));
        QVERIFY(!session.loadError());
        QCOMPARE(document.compositions().size(), 1);
        QVERIFY(changed.count() > 0);

        // The translator found the collision; the Document's validation does not check it.
        const QList<Diagnostic> fromTranslator =
            withMessage(session.translatorDiagnostics(), kCollision);
        QCOMPARE(fromTranslator.size(), 1);
        QCOMPARE(fromTranslator.first().code, u"assertion"_s);
        QCOMPARE(fromTranslator.first().severity, Diagnostic::Severity::Error);
        QVERIFY2(withMessage(document.diagnostics(), kCollision).isEmpty(),
                 qPrintable(describe(document.diagnostics())));
        const QList<Diagnostic> merged = session.diagnostics();
        QCOMPARE(withMessage(merged, kCollision), fromTranslator);

        // The warning both report is listed once, with the Document's location.
        QCOMPARE(withMessage(session.translatorDiagnostics(), kSecretWarning).size(), 1);
        QCOMPARE(withMessage(session.translatorDiagnostics(), kSecretWarning).first().severity,
                 Diagnostic::Severity::Warning);
        QVERIFY2(withMessage(merged, kSecretWarning).size() == 1, qPrintable(describe(merged)));
        // Every finding of the Document and every note of the loader is in the merged list.
        for (const Diagnostic &d : document.diagnostics() + session.loadNotes())
            QVERIFY2(merged.contains(d), qPrintable(d.toString()));
        QVERIFY(hasErrors(merged));

        // The manifest names what the module would create.
        QVERIFY(session.manifest());
        QCOMPARE(
            session.manifest()->compositions.value(u"clash"_s).services.value(u"web"_s).container,
            u"network-clash-net"_s);
    }

    void declaredManifestReachesRuntime()
    {
        // The clients are never started: the declared items exist all the same.
        SystemdClient systemd(SystemdClient::Bus::Session);
        DockerClient docker;
        RuntimeState runtime(systemd, docker);
        Document document;
        ConsoleSession session(document);
        session.setRuntime(&runtime);
        QVERIFY(loadAndTranslate(session, Source::file(test::dataPath(u"translator-only.nix"_s))));
        const LiveItem *web = runtime.item(u"service/clash/web"_s);
        QVERIFY(web);
        QVERIFY(web->declared);
        QCOMPARE(web->dockerName, u"network-clash-net"_s);
        QCOMPARE(web->unit, u"docker-network-clash-net.service"_s);
    }

    void translatorFailureIsADiagnostic()
    {
        const Result<Translation> failed; // an error: "no result"
        QVERIFY(!failed);
        const QList<Diagnostic> d = ConsoleSession::diagnosticsOf(failed);
        QCOMPARE(d.size(), 1);
        QCOMPARE(d.first().severity, Diagnostic::Severity::Error);
        QCOMPARE(d.first().code, u"translator"_s);
        QVERIFY(d.first().message.contains(failed.error().message));
        QVERIFY(d.first().message.startsWith(u"the khepri translator failed"_s));
    }

    void loadErrorIsADiagnostic()
    {
        Document document;
        ConsoleSession session(document);
        QSignalSpy loaded(&session, &ConsoleSession::loadFinished);
        QSignalSpy started(&session, &ConsoleSession::loadStarted);
        session.load(Source::file(test::dataPath(u"syntax-error.nix"_s)));
        QCOMPARE(started.count(), 1);
        QVERIFY(session.isLoading());
        QVERIFY(loaded.wait(kNixTimeout));
        QVERIFY(!session.isLoading());
        QVERIFY(!loaded.first().first().value<Result<void>>());
        QVERIFY(session.loadError());
        QVERIFY(document.compositions().isEmpty());
        const QList<Diagnostic> load = withMessage(session.diagnostics(), u"Could not load"_s);
        QVERIFY2(load.size() == 1, qPrintable(describe(session.diagnostics())));
        QCOMPARE(load.first().code, u"load"_s);
        QCOMPARE(load.first().severity, Diagnostic::Severity::Error);
        QVERIFY(load.first().message.contains(session.loadError()->message));
        QCOMPARE(load.first().file, session.loadError()->file);
        QCOMPARE(load.first().line, session.loadError()->line);
    }

    void reloadReplacesFindings()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"compositions.nix"_s);
        QFile original(test::dataPath(u"translator-only.nix"_s));
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray clashing = original.readAll();
        QVERIFY(writeFile(file, clashing));

        Document document;
        ConsoleSession session(document);
        QVERIFY(loadAndTranslate(session, Source::file(file)));
        QCOMPARE(withMessage(session.diagnostics(), kCollision).size(), 1);

        // Fixed: the assertion goes, the warning stays.
        QByteArray fixed = clashing;
        fixed.replace("containerName = \"network-clash-net\";", "");
        QVERIFY(fixed != clashing);
        QVERIFY(writeFile(file, fixed));
        QSignalSpy started(&session, &ConsoleSession::loadStarted);
        QSignalSpy translated(&session, &ConsoleSession::translated);
        session.reload();
        QCOMPARE(started.count(), 1);
        QVERIFY(translated.wait(kNixTimeout));
        QVERIFY2(withMessage(session.diagnostics(), kCollision).isEmpty(),
                 qPrintable(describe(session.diagnostics())));
        QCOMPARE(withMessage(session.diagnostics(), kSecretWarning).size(), 1);
        QCOMPARE(
            session.manifest()->compositions.value(u"clash"_s).services.value(u"web"_s).container,
            u"clash-web"_s);

        // Broken: the load error joins; the Document keeps what it had.
        QVERIFY(writeFile(file, "{ clash = "));
        QVERIFY(loadAndTranslate(session, Source::file(file)));
        QVERIFY(session.loadError());
        QCOMPARE(withMessage(session.diagnostics(), u"Could not load"_s).size(), 1);
        QCOMPARE(document.compositions().size(), 1);

        // Repaired: the load error goes.
        QVERIFY(writeFile(file, clashing));
        QVERIFY(loadAndTranslate(session, Source::file(file)));
        QVERIFY(!session.loadError());
        QVERIFY(withMessage(session.diagnostics(), u"Could not load"_s).isEmpty());
        QCOMPARE(withMessage(session.diagnostics(), kCollision).size(), 1);
    }

    void screenshotsDoNotTranslate()
    {
        Document document;
        ConsoleSession session(document);
        session.setTranslating(false);
        QSignalSpy loaded(&session, &ConsoleSession::loadFinished);
        QSignalSpy translated(&session, &ConsoleSession::translated);
        session.load(Source::file(test::dataPath(u"translator-only.nix"_s)));
        QVERIFY(loaded.wait(kNixTimeout));
        QCOMPARE(document.compositions().size(), 1);
        QVERIFY(!session.isTranslating());
        QCOMPARE(translated.count(), 0);
        QVERIFY(session.translatorDiagnostics().isEmpty());
        QCOMPARE(session.diagnostics(), document.diagnostics() + session.loadNotes());
    }
};

QTEST_GUILESS_MAIN(TestConsoleSession)
#include "tst_consolesession.moc"
