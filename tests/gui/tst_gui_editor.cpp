// The property form and the Nix preview: a form is generated for every
// option of the schema; editing a field changes the Document (one undo step
// per field, merged while typing) and the preview; the preview is exactly
// what Save writes; read-only compositions refuse edits and say why.

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QUndoStack>

#include "boolfieldeditor.h"
#include "checklistfieldeditor.h"
#include "demofixture.h"
#include "graphscene.h"
#include "listfieldeditor.h"
#include "mainwindow.h"
#include "mapfieldeditor.h"
#include "nixpreview.h"
#include "nixwriter.h"
#include "propertyeditor.h"
#include "schema.h"
#include "textfieldeditor.h"

#include "saver.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

// Every leaf option path of a record schema ("healthcheck.interval", …).
QStringList leafPaths(const SchemaNode &record, const QString &prefix = {})
{
    QStringList out;
    for (auto it = record.fields.cbegin(); it != record.fields.cend(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + u'.' + it.key();
        if (it.value()->record && !it.value()->scalar)
            out += leafPaths(*it.value(), path);
        else
            out.append(path);
    }
    return out;
}

const EntityRef kTika = EntityRef::service(u"paperless"_s, u"tika"_s);
const EntityRef kWeb = EntityRef::service(u"paperless"_s, u"webserver"_s);

} // namespace

class TestGuiEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyOptionHasAnEditor_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("service") << int(EntityRef::Kind::Service);
        QTest::newRow("network") << int(EntityRef::Kind::Network);
        QTest::newRow("volume") << int(EntityRef::Kind::Volume);
    }
    void everyOptionHasAnEditor()
    {
        QFETCH(int, kind);
        Document doc;
        PropertyEditor editor(doc);
        test::loadDemo(doc);
        const auto k = EntityRef::Kind(kind);
        const EntityRef ref = k == EntityRef::Kind::Service ? kTika
                              : k == EntityRef::Kind::Network
                                  ? EntityRef::network(u"paperless"_s, u"paperless"_s)
                                  : EntityRef::volume(u"paperless"_s, u"data"_s);
        editor.setEntity(ref);
        const SchemaNode &record = k == EntityRef::Kind::Service   ? schema::service()
                                   : k == EntityRef::Kind::Network ? schema::network()
                                                                   : schema::volume();
        for (const QString &path : leafPaths(record))
            QVERIFY2(editor.editor(path), qPrintable(u"no editor for "_s + path));
        QVERIFY(!editor.isReadOnly());
        // The right kind of editor per option.
        if (k == EntityRef::Kind::Service) {
            QVERIFY(qobject_cast<MapFieldEditor *>(editor.editor(u"environment"_s)));
            QVERIFY(qobject_cast<MapFieldEditor *>(editor.editor(u"labels"_s)));
            QVERIFY(qobject_cast<ListFieldEditor *>(editor.editor(u"ports"_s)));
            QVERIFY(qobject_cast<ListFieldEditor *>(editor.editor(u"volumes"_s)));
            QVERIFY(qobject_cast<ChecklistFieldEditor *>(editor.editor(u"networks"_s)));
            QVERIFY(qobject_cast<ChecklistFieldEditor *>(editor.editor(u"dependsOn"_s)));
            QVERIFY(qobject_cast<BoolFieldEditor *>(editor.editor(u"privileged"_s)));
            QVERIFY(qobject_cast<TextFieldEditor *>(editor.editor(u"healthcheck.interval"_s)));
        }
    }

    void editingChangesDocumentAndPreview()
    {
        Document doc;
        MainWindow window(doc, false);
        test::loadDemo(doc);
        window.selectEntity(kTika);
        PropertyEditor *form = window.propertyEditor();
        QCOMPARE(form->entity(), kTika);
        auto *image = qobject_cast<TextFieldEditor *>(form->editor(u"image"_s));
        QVERIFY(image);
        QCOMPARE(image->lineEdit()->text(), u"ghcr.io/paperless-ngx/tika:latest"_s);
        const int steps = doc.undoStack()->count();
        image->lineEdit()->selectAll();
        QTest::keyClicks(image->lineEdit(), u"apache/tika:2"_s);
        QCOMPARE(doc.spec(kTika).value(u"image").toString(), u"apache/tika:2"_s);
        QCOMPARE(doc.undoStack()->count(), steps + 1); // typing merged into one step
        QTRY_VERIFY(window.nixPreview()->text().contains(u"image = \"apache/tika:2\";"_s));
        QCOMPARE(window.nixPreview()->text(), writeCompositionsFile(doc.ownedCompositions()));
        // Undo restores the Document, the form and the preview.
        doc.undoStack()->undo();
        QCOMPARE(image->lineEdit()->text(), u"ghcr.io/paperless-ngx/tika:latest"_s);
        QTRY_VERIFY(window.nixPreview()->text().contains(u"ghcr.io/paperless-ngx/tika:latest"_s));

        // A table: environment.
        auto *env = qobject_cast<MapFieldEditor *>(form->editor(u"environment"_s));
        env->table()->setRowCount(1);
        env->table()->setItem(0, 1, new QTableWidgetItem(u"1"_s));
        env->table()->setItem(0, 0, new QTableWidgetItem(u"TIKA_DEBUG"_s));
        QCOMPARE(doc.spec(kTika).value(u"environment").toObject(),
                 (QJsonObject{{u"TIKA_DEBUG"_s, u"1"_s}}));
        // A list: ports.
        auto *ports = qobject_cast<ListFieldEditor *>(form->editor(u"ports"_s));
        ports->table()->setRowCount(1);
        ports->table()->setItem(0, 0, new QTableWidgetItem(u"9998:9998"_s));
        QCOMPARE(doc.spec(kTika).value(u"ports").toArray(), (QJsonArray{u"9998:9998"_s}));
        // A checklist with a condition picker: dependsOn.
        auto *deps = qobject_cast<ChecklistFieldEditor *>(form->editor(u"dependsOn"_s));
        QCOMPARE(deps->table()->rowCount(), 4); // the other services
        deps->setChecked(u"db"_s, true);
        QCOMPARE(doc.spec(kTika).value(u"dependsOn").toObject(),
                 (QJsonObject{{u"db"_s, QJsonObject()}}));
        deps->setEntryField(u"db"_s, u"condition"_s, u"service_healthy"_s);
        QCOMPARE(doc.spec(kTika).value(u"dependsOn").toObject(),
                 (QJsonObject{{u"db"_s, QJsonObject{{u"condition"_s, u"service_healthy"_s}}}}));
        // …which is an error the form shows as you type (db has no healthcheck).
        QVERIFY(form->problemsText().contains(u"has no healthcheck"_s));
        // A check box.
        auto *privileged = qobject_cast<BoolFieldEditor *>(form->editor(u"privileged"_s));
        privileged->checkBox()->setChecked(true);
        QCOMPARE(doc.spec(kTika).value(u"privileged"), QJsonValue(true));
        privileged->checkBox()->setChecked(false);
        QVERIFY(!doc.spec(kTika).contains(u"privileged"_s));
        // A nested option.
        auto *interval = qobject_cast<TextFieldEditor *>(form->editor(u"healthcheck.interval"_s));
        QTest::keyClicks(interval->lineEdit(), u"30s"_s);
        QCOMPARE(doc.spec(kTika).value(u"healthcheck").toObject().value(u"interval"),
                 QJsonValue(u"30s"_s));
        window.nixPreview()->refreshNow();
        QCOMPARE(window.nixPreview()->text(), writeCompositionsFile(doc.ownedCompositions()));
        QVERIFY(window.nixPreview()->text().contains(u"interval = \"30s\";"_s));

        // Undo all of it: the Document is the demo again, and so is the form.
        while (doc.undoStack()->canUndo())
            doc.undoStack()->undo();
        QCOMPARE(doc.compositions(), test::demoCompositions());
        QCOMPARE(deps->value(), QJsonValue(QJsonValue::Undefined));
        QCOMPARE(env->value(), QJsonValue(QJsonValue::Undefined));
    }

    void previewEqualsSave()
    {
        Document doc;
        NixPreview preview(doc);
        test::loadDemo(doc, {u"caddy"_s});
        QCOMPARE(preview.text(), writeCompositionsFile(doc.ownedCompositions()));
        QVERIFY(!preview.text().contains(u"caddy:alpine"_s)); // read-only: not in the owned file
        QVERIFY(preview.text().contains(u"paperless"_s));
        Saver saver(doc);
        QCOMPARE(preview.text(), saver.pendingText());
        QVERIFY(doc.editField(kWeb, {u"restart"_s}, u"always"_s));
        preview.refreshNow();
        QCOMPARE(preview.text(), writeCompositionsFile(doc.ownedCompositions()));
        QCOMPARE(preview.text(), saver.pendingText());
    }

    void readOnlyRejectsEdits()
    {
        Document doc;
        MainWindow window(doc, false);
        test::loadDemo(doc, {u"caddy"_s});
        const EntityRef caddy = EntityRef::service(u"caddy"_s, u"caddy"_s);
        window.selectEntity(caddy);
        PropertyEditor *form = window.propertyEditor();
        QVERIFY(form->isReadOnly());
        auto *image = qobject_cast<TextFieldEditor *>(form->editor(u"image"_s));
        QVERIFY(!image->isEnabledTo(&window));
        // Even if an edit got through, the Document refuses it and says why.
        const auto r = doc.editField(caddy, {u"image"_s}, u"caddy:2"_s);
        QVERIFY(!r);
        QVERIFY(r.error().message.contains(u"written by hand"_s));
        QCOMPARE(doc.spec(caddy).value(u"image").toString(), u"caddy:alpine"_s);
        QCOMPARE(doc.undoStack()->count(), 0);
        // The main window's actions refuse too.
        QVERIFY(
            !window.connectNodes(u"service:caddy/caddy"_s, u"volume:caddy/caddy_data"_s, u"/x"_s));
        QVERIFY(!doc.removeEntity(caddy));
        QVERIFY(window.graphScene()->nodeItem(u"service:caddy/caddy"_s));
    }

    void selectionFollowsDeletion()
    {
        Document doc;
        MainWindow window(doc, false);
        test::loadDemo(doc);
        window.selectEntity(kTika);
        QVERIFY(doc.removeEntity(kTika));
        QVERIFY(window.propertyEditor()->entity() != kTika);
        QCOMPARE(window.propertyEditor()->entity(), window.selectedEntity());
        doc.undoStack()->undo();
        window.selectEntity(kTika);
        QCOMPARE(window.propertyEditor()->entity(), kTika);
    }
};

QTEST_MAIN(TestGuiEditor)
#include "tst_gui_editor.moc"
