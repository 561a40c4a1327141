// File → Import Compose File… offscreen: the preview shows the graph and the
// diagnostics (with the YAML's line:column) before anything changes, Accept
// adds the composition as one undo step (undo takes all of it back, redo
// brings it again), a name already taken cannot be imported, dropping a
// compose file on the window opens the same preview, and File → Export
// Composition… writes compose YAML that imports as the same composition.

#include <QDropEvent>
#include <QMimeData>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QUrl>

#include "composeimportdialog.h"
#include "composeimporter.h"
#include "demofixture.h"
#include "document.h"
#include "graphscene.h"
#include "mainwindow.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestGuiComposeImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void previewThenAcceptIsOneUndoStep()
    {
        Document doc;
        test::loadDemo(doc);
        MainWindow window(doc, false);
        const int before = doc.undoStack()->count();
        window.importCompose(test::dataPath(u"compose/documents/docker-compose.yml"_s));
        auto *dialog = window.findChild<ComposeImportDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        // Nothing changed yet; the preview has the graph and the diagnostics.
        QVERIFY(!doc.composition(u"documents"_s));
        QCOMPARE(doc.undoStack()->count(), before);
        QVERIFY(dialog->previewScene()->nodeItemFor(
            EntityRef::service(u"documents"_s, u"webserver"_s)));
        QVERIFY(dialog->previewScene()->nodeItemFor(EntityRef::service(u"documents"_s, u"tika"_s)));
        QVERIFY2(dialog->diagnosticsText().contains(
                     u"docker-compose.yml:41:9: the relative path ./export is now"_s),
                 qPrintable(dialog->diagnosticsText()));
        QVERIFY(dialog->acceptButton()->isEnabled());

        QTest::mouseClick(dialog->acceptButton(), Qt::LeftButton);
        const Composition *c = doc.composition(u"documents"_s);
        QVERIFY(c);
        QCOMPARE(c->services.size(), 5);
        QCOMPARE(c->volumes.size(), 4);
        QCOMPARE(doc.undoStack()->count(), before + 1);
        QVERIFY(doc.origin(u"documents"_s).editable);

        doc.undoStack()->undo();
        QVERIFY(!doc.composition(u"documents"_s));
        doc.undoStack()->redo();
        QVERIFY(doc.composition(u"documents"_s));
        QCOMPARE(doc.composition(u"documents"_s)->services.size(), 5);
    }

    void takenNameAndUnusableFileCannotBeAccepted()
    {
        Document doc;
        test::loadDemo(doc);
        ComposeImportDialog dialog({u"paperless"_s});
        dialog.setComposeFile(test::dataPath(u"compose/documents/docker-compose.yml"_s));
        QVERIFY(dialog.acceptButton()->isEnabled());
        ComposeImportDialog taken({u"documents"_s});
        taken.setComposeFile(test::dataPath(u"compose/documents/docker-compose.yml"_s));
        QVERIFY(!taken.acceptButton()->isEnabled());
        ComposeImportDialog bad({});
        bad.setComposeFile(test::dataPath(u"compose/errors/bad-yaml.yml"_s));
        QVERIFY(!bad.hasComposition());
        QVERIFY(!bad.acceptButton()->isEnabled());
        QVERIFY2(bad.diagnosticsText().contains(u"bad-yaml.yml:6:6: YAML syntax error"_s),
                 qPrintable(bad.diagnosticsText()));
    }

    void dropOpensThePreview()
    {
        Document doc;
        test::loadDemo(doc);
        MainWindow window(doc, false);
        window.show();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(test::dataPath(u"compose/proxy/docker-compose.yml"_s))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        auto *dialog = window.findChild<ComposeImportDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->hasComposition());
        QCOMPARE(dialog->composition().name, u"edge-proxy"_s);
        QVERIFY(!doc.composition(u"edge-proxy"_s));
        dialog->accept();
        QVERIFY(doc.composition(u"edge-proxy"_s));

        // Not a compose file: not accepted.
        QMimeData other;
        other.setUrls({QUrl::fromLocalFile(u"/etc/hosts"_s)});
        QDragEnterEvent no(QPoint(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
        no.setAccepted(false);
        QApplication::sendEvent(&window, &no);
        QVERIFY(!no.isAccepted());
    }

    void exportWritesComposeThatImportsTheSame()
    {
        Document doc;
        test::loadDemo(doc);
        MainWindow window(doc, false);
        QTemporaryDir dir;
        const QString file = dir.filePath(u"paperless.yml"_s);
        const auto written = window.exportComposition(u"paperless"_s, file);
        QVERIFY(written.ok());
        compose::ImportOptions options;
        options.files = {file};
        const auto back = compose::importCompose(options);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
        QCOMPARE(back.value().composition, *doc.composition(u"paperless"_s));
        QVERIFY(!window.exportComposition(u"nope"_s, file).ok());
    }
};

QTEST_MAIN(TestGuiComposeImport)
#include "tst_gui_composeimport.moc"
