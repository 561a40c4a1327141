// The desktop console's diagnostics dock shows what ConsoleSession merged:
// the translator's assertions (which the GUI once dropped) next to the
// Document's findings, and a failed load — offscreen, with the real nix.

#include <QAbstractItemModel>
#include <QDockWidget>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include "consolesession.h"
#include "diagnosticsmodel.h"
#include "document.h"
#include "mainwindow.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

constexpr int kNixTimeout = 120000;

// The dock's rows whose message contains `part`, as the view shows them.
QStringList rowsWith(const QTableView *view, const QString &part)
{
    QStringList found;
    const QAbstractItemModel *model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString message =
            model->index(row, DiagnosticsModel::MessageColumn).data().toString();
        if (message.contains(part))
            found.append(model->index(row, DiagnosticsModel::SeverityColumn).data().toString()
                         + u": "_s + message);
    }
    return found;
}

QString allRows(const QTableView *view)
{
    return rowsWith(view, QString()).join(u'\n');
}

// The desktop console as `khepri gui` wires it, without live state.
struct Console {
    Console()
    {
        window.setSession(session);
        window.show();
    }
    Document document;
    ConsoleSession session{document};
    MainWindow window{document, false};
};

} // namespace

class TestGuiDiagnostics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dockShowsTranslatorAssertions()
    {
        Console console;
        QSignalSpy translated(&console.session, &ConsoleSession::translated);
        console.session.load(Source::file(test::dataPath(u"translator-only.nix"_s)));
        QVERIFY(translated.wait(kNixTimeout));

        const QTableView *view = console.window.diagnosticsView();
        QVERIFY(view);
        const auto *dock = console.window.findChild<QDockWidget *>(u"diagnosticsDock"_s);
        QVERIFY(dock);
        QVERIFY(dock->isAncestorOf(view));
        // Only the module's translator checks this; the Document never reports it.
        const QString assertion = u"which is also a network or volume unit"_s;
        bool inDocument = false;
        for (const Diagnostic &d : console.document.diagnostics())
            inDocument = inDocument || d.message.contains(assertion);
        QVERIFY(!inDocument);
        QTRY_VERIFY2(rowsWith(view, assertion).size() == 1, qPrintable(allRows(view)));
        QVERIFY(rowsWith(view, assertion).first().startsWith(u"error"_s, Qt::CaseInsensitive));
        QVERIFY(rowsWith(view, u"container name \"network-clash-net\""_s).size() == 1);
        // The warning both report shows once; the title counts the errors.
        QCOMPARE(rowsWith(view, u"API_TOKEN looks like a secret"_s).size(), 1);
        QVERIFY2(dock->windowTitle().contains(u"error"_s), qPrintable(dock->windowTitle()));
    }

    void dockShowsLoadError()
    {
        Console console;
        QSignalSpy loaded(&console.session, &ConsoleSession::loadFinished);
        console.session.load(Source::file(test::dataPath(u"syntax-error.nix"_s)));
        QVERIFY(loaded.wait(kNixTimeout));
        const QTableView *view = console.window.diagnosticsView();
        QTRY_VERIFY2(rowsWith(view, u"Could not load"_s).size() == 1, qPrintable(allRows(view)));
        QVERIFY(rowsWith(view, u"Could not load"_s).first().contains(u"syntax-error.nix"_s));
    }
};

QTEST_MAIN(TestGuiDiagnostics)
#include "tst_gui_diagnostics.moc"
