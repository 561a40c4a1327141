// DocumentEdit: the steps of one edit see each other before anything is
// applied, touch the Document only on commit, and become exactly one undo
// step — or, when a step is refused, nothing (no command, no signal).

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include "compositionjson.h"
#include "document.h"
#include "documentedit.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

const QString kOwned = u"/cfg/khepri-compositions.nix"_s;

void setUp(Document &doc)
{
    const QJsonObject json{
        {u"app"_s,
         QJsonObject{{u"services"_s, QJsonObject{{u"web"_s, QJsonObject{{u"image"_s, u"nginx"_s}}},
                                                 {u"db"_s, QJsonObject{{u"image"_s, u"pg"_s}}}}},
                     {u"networks"_s, QJsonObject{{u"back"_s, QJsonObject()}}}}},
        {u"hand"_s,
         QJsonObject{{u"services"_s, QJsonObject{{u"x"_s, QJsonObject{{u"image"_s, u"x"_s}}}}}}}};
    doc.reset(compositionsFromJson(json).value(),
              {{u"app"_s, CompositionOrigin{kOwned, true, {}}},
               {u"hand"_s, CompositionOrigin{u"/cfg/hand.nix"_s, false, u"written by hand"_s}}},
              kOwned);
}

QByteArray snapshot(const Document &doc)
{
    return QJsonDocument(compositionsToJson(doc.compositions())).toJson();
}

const EntityRef kWeb = EntityRef::service(u"app"_s, u"web"_s);

} // namespace

class TestDocumentEdit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stepsSeeEarlierSteps()
    {
        Document doc;
        setUp(doc);
        const QByteArray before = snapshot(doc);
        QSignalSpy added(&doc, &Document::entityAdded);
        QSignalSpy changed(&doc, &Document::entityChanged);
        const EntityRef api = EntityRef::service(u"new"_s, u"api"_s);
        {
            DocumentEdit edit(doc, u"Add new with api"_s);
            QVERIFY(edit.addComposition(u"new"_s));
            QVERIFY(edit.exists(EntityRef::compositionRef(u"new"_s)));
            QVERIFY(edit.addEntity(api, QJsonObject{{u"image"_s, u"a"_s}}));
            QVERIFY(edit.exists(api));
            QVERIFY(edit.editField(api, {u"ports"_s}, QJsonArray{u"80:80"_s}));
            QCOMPARE(edit.spec(api),
                     (QJsonObject{{u"image"_s, u"a"_s}, {u"ports"_s, QJsonArray{u"80:80"_s}}}));
            QVERIFY(edit.editField(kWeb, {u"image"_s}, u"nginx:1"_s));
            QVERIFY(edit.editField(kWeb, {u"image"_s}, u"nginx:2"_s));
            QCOMPARE(edit.spec(kWeb).value(u"image"_s).toString(), u"nginx:2"_s);
            // Nothing has happened to the Document yet.
            QVERIFY(!doc.exists(api));
            QCOMPARE(doc.spec(kWeb).value(u"image"_s).toString(), u"nginx"_s);
            QCOMPARE(added.size(), 0);
            QCOMPARE(changed.size(), 0);
            QVERIFY(edit.commit());
        }
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(doc.undoStack()->undoText(), u"Add new with api"_s);
        QCOMPARE(doc.spec(api).value(u"ports"_s).toArray(), QJsonArray{u"80:80"_s});
        QCOMPARE(doc.spec(kWeb).value(u"image"_s).toString(), u"nginx:2"_s);
        QVERIFY(doc.origin(u"new"_s).editable);
        const QByteArray after = snapshot(doc);
        doc.undoStack()->undo();
        QCOMPARE(snapshot(doc), before);
        QVERIFY(!doc.composition(u"new"_s));
        doc.undoStack()->redo();
        QCOMPARE(snapshot(doc), after);
    }

    void refusedStepRefusesAll()
    {
        Document doc;
        setUp(doc);
        const QByteArray before = snapshot(doc);
        QSignalSpy added(&doc, &Document::entityAdded);
        DocumentEdit edit(doc);
        QVERIFY(edit.addEntity(EntityRef::network(u"app"_s, u"front"_s), {}));
        const Result<void> refused = edit.editField(kWeb, {u"ports"_s}, QJsonObject{{u"a"_s, 1}});
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Shape);
        QVERIFY(edit.isRefused());
        // Later steps are not tried, whatever they are.
        const Result<void> later = edit.addEntity(EntityRef::volume(u"app"_s, u"v"_s), {});
        QVERIFY(!later);
        QCOMPARE(later.error().message, refused.error().message);
        const Result<void> committed = edit.commit();
        QVERIFY(!committed);
        QCOMPARE(committed.error().message, refused.error().message);
        QCOMPARE(doc.undoStack()->count(), 0);
        QCOMPARE(added.size(), 0);
        QCOMPARE(snapshot(doc), before);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("step");
        QTest::addColumn<QString>("why");
        QTest::newRow("read-only") << u"edit hand"_s << u"composition hand is read-only"_s;
        QTest::newRow("no composition") << u"add to nope"_s << u"there is no composition nope"_s;
        QTest::newRow("no entity") << u"edit app/nope"_s << u"there is no service nope"_s;
        QTest::newRow("exists") << u"add app/web"_s << u"already has a service web"_s;
        QTest::newRow("removed earlier")
            << u"remove app/web, edit it"_s << u"there is no service web"_s;
        QTest::newRow("composition exists")
            << u"add composition app"_s << u"there already is a composition app"_s;
    }

    void refusals()
    {
        QFETCH(QString, step);
        QFETCH(QString, why);
        Document doc;
        setUp(doc);
        DocumentEdit edit(doc);
        Result<void> r;
        if (step == u"edit hand")
            r = edit.editField(EntityRef::service(u"hand"_s, u"x"_s), {u"image"_s}, u"y"_s);
        else if (step == u"add to nope")
            r = edit.addEntity(EntityRef::service(u"nope"_s, u"x"_s), {});
        else if (step == u"edit app/nope")
            r = edit.editSpec(EntityRef::service(u"app"_s, u"nope"_s), {});
        else if (step == u"add app/web")
            r = edit.addEntity(kWeb, {});
        else if (step == u"remove app/web, edit it") {
            QVERIFY(edit.removeEntity(kWeb));
            QVERIFY(!edit.exists(kWeb));
            r = edit.editField(kWeb, {u"image"_s}, u"y"_s);
        } else if (step == u"add composition app")
            r = edit.addComposition(u"app"_s);
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(why), qPrintable(r.error().message));
        QVERIFY(!edit.commit());
        QCOMPARE(doc.undoStack()->count(), 0);
        QVERIFY(doc.exists(kWeb));
    }

    // A lone step of an unnamed edit is pushed as itself, so typing in a field
    // stays one undo step; a named edit (a gesture) never merges.
    void merging()
    {
        Document doc;
        setUp(doc);
        for (const QString &image : {u"n"_s, u"ng"_s, u"ngi"_s}) {
            DocumentEdit edit(doc);
            QVERIFY(edit.editField(kWeb, {u"image"_s}, image));
            QVERIFY(edit.commit());
        }
        QCOMPARE(doc.undoStack()->count(), 1);
        for (const QString &image : {u"a"_s, u"b"_s}) {
            DocumentEdit edit(doc, u"Rename image"_s);
            QVERIFY(edit.editField(kWeb, {u"image"_s}, image));
            QVERIFY(edit.commit());
        }
        QCOMPARE(doc.undoStack()->count(), 3);
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QCOMPARE(doc.spec(kWeb).value(u"image"_s).toString(), u"ngi"_s);
    }

    void nothingChangedPushesNothing()
    {
        Document doc;
        setUp(doc);
        DocumentEdit edit(doc, u"No-op"_s);
        QVERIFY(edit.editField(kWeb, {u"image"_s}, u"nginx"_s));
        QVERIFY(edit.commit());
        QCOMPARE(doc.undoStack()->count(), 0);
    }

    void uncommittedIsDiscarded()
    {
        Document doc;
        setUp(doc);
        const QByteArray before = snapshot(doc);
        {
            DocumentEdit edit(doc);
            QVERIFY(edit.removeEntity(EntityRef::compositionRef(u"app"_s)));
        }
        QCOMPARE(doc.undoStack()->count(), 0);
        QCOMPARE(snapshot(doc), before);
    }

    // Removing a composition takes what earlier steps added to it too, and
    // one undo brings back the composition exactly as it was.
    void removeCompositionWithStagedAdditions()
    {
        Document doc;
        setUp(doc);
        const QByteArray before = snapshot(doc);
        DocumentEdit edit(doc);
        QVERIFY(edit.addEntity(EntityRef::volume(u"app"_s, u"v"_s), {}));
        QVERIFY(edit.removeEntity(EntityRef::compositionRef(u"app"_s)));
        QVERIFY(!edit.exists(kWeb));
        QVERIFY(!edit.exists(EntityRef::volume(u"app"_s, u"v"_s)));
        QVERIFY(edit.commit());
        QCOMPARE(doc.undoStack()->count(), 1);
        QVERIFY(!doc.composition(u"app"_s));
        doc.undoStack()->undo();
        QCOMPARE(snapshot(doc), before);
        QVERIFY(doc.origin(u"app"_s).editable);
    }
};

QTEST_GUILESS_MAIN(TestDocumentEdit)
#include "tst_documentedit.moc"
