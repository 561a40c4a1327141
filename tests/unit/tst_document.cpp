// Document: every edit kind changes the compositions, emits its signal, and
// is undone and redone exactly; read-only compositions reject edits and say
// why; continuous edits of one field merge into one undo step.

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include "compositionjson.h"
#include "document.h"

using namespace khepri;

namespace {
QList<Composition> sample()
{
    return compositionsFromJson(
               QJsonObject{
                   {QStringLiteral("app"),
                    QJsonObject{
                        {QStringLiteral("services"),
                         QJsonObject{
                             {QStringLiteral("web"),
                              QJsonObject{{QStringLiteral("image"), QStringLiteral("nginx")}}},
                             {QStringLiteral("db"),
                              QJsonObject{{QStringLiteral("image"), QStringLiteral("pg")}}}}},
                        {QStringLiteral("networks"),
                         QJsonObject{{QStringLiteral("back"), QJsonObject()}}}}},
                   {QStringLiteral("other"),
                    QJsonObject{
                        {QStringLiteral("services"),
                         QJsonObject{{QStringLiteral("x"), QJsonObject{{QStringLiteral("image"),
                                                                        QStringLiteral("x")}}}}}}}})
        .value();
}

void setUp(Document &doc)
{
    doc.reset(sample(),
              {{QStringLiteral("app"),
                CompositionOrigin{QStringLiteral("/cfg/khepri-compositions.nix"), true, {}}},
               {QStringLiteral("other"),
                CompositionOrigin{QStringLiteral("/cfg/hosts/x.nix"), false,
                                  QStringLiteral("defined in /cfg/hosts/x.nix")}}},
              QStringLiteral("/cfg/khepri-compositions.nix"));
}
} // namespace

class TestDocument : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void editFieldUndoRedo()
    {
        Document doc;
        setUp(doc);
        const QList<Composition> before = doc.compositions();
        QSignalSpy changed(&doc, &Document::entityChanged);
        const EntityRef web = EntityRef::service(QStringLiteral("app"), QStringLiteral("web"));
        QVERIFY(doc.editField(web, {QStringLiteral("ports")}, QJsonArray{QStringLiteral("80:80")})
                    .ok());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().value<EntityRef>(), web);
        QCOMPARE(doc.composition(QStringLiteral("app"))->service(QStringLiteral("web"))->ports(),
                 QStringList{QStringLiteral("80:80")});
        QVERIFY(doc.isModified());
        doc.undoStack()->undo();
        QCOMPARE(doc.compositions(), before);
        QVERIFY(!doc.isModified());
        doc.undoStack()->redo();
        QCOMPARE(doc.composition(QStringLiteral("app"))->service(QStringLiteral("web"))->ports(),
                 QStringList{QStringLiteral("80:80")});
    }

    void nestedFieldAndRemoval()
    {
        Document doc;
        setUp(doc);
        const EntityRef web = EntityRef::service(QStringLiteral("app"), QStringLiteral("web"));
        QVERIFY(doc.editField(web, {QStringLiteral("healthcheck"), QStringLiteral("test")},
                              QStringLiteral("true"))
                    .ok());
        QVERIFY(doc.composition(QStringLiteral("app"))
                    ->service(QStringLiteral("web"))
                    ->hasHealthcheck());
        QVERIFY(doc.editField(web,
                              {QStringLiteral("dependsOn"), QStringLiteral("db"),
                               QStringLiteral("condition")},
                              QStringLiteral("service_healthy"))
                    .ok());
        QCOMPARE(doc.composition(QStringLiteral("app"))
                     ->service(QStringLiteral("web"))
                     ->dependsOn()
                     .first()
                     .condition,
                 DependencyCondition::Healthy);
        // Removing a field: an undefined value; defaults are never stored.
        QVERIFY(
            doc.editField(web, {QStringLiteral("healthcheck")}, QJsonValue(QJsonValue::Undefined))
                .ok());
        QVERIFY(!doc.spec(web).contains(u"healthcheck"));
        QVERIFY(doc.editField(web, {QStringLiteral("autoStart")}, true)
                    .ok()); // the default: nothing stored
        QVERIFY(!doc.spec(web).contains(u"autoStart"));
        QCOMPARE(doc.undoStack()->count(), 3);
    }

    void continuousEditsMerge()
    {
        Document doc;
        setUp(doc);
        const EntityRef web = EntityRef::service(QStringLiteral("app"), QStringLiteral("web"));
        for (const char *typed : {"n", "ng", "ngi", "ngin", "nginx:1"})
            QVERIFY(doc.editField(web, {QStringLiteral("image")}, QString::fromLatin1(typed)).ok());
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QCOMPARE(doc.composition(QStringLiteral("app"))->service(QStringLiteral("web"))->image(),
                 QStringLiteral("nginx"));
    }

    void addRemoveEntities_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("service") << int(EntityRef::Kind::Service);
        QTest::newRow("network") << int(EntityRef::Kind::Network);
        QTest::newRow("volume") << int(EntityRef::Kind::Volume);
        QTest::newRow("secret") << int(EntityRef::Kind::Secret);
    }

    void addRemoveEntities()
    {
        QFETCH(int, kind);
        Document doc;
        setUp(doc);
        const QList<Composition> before = doc.compositions();
        const EntityRef ref{EntityRef::Kind(kind), QStringLiteral("app"), QStringLiteral("fresh")};
        QSignalSpy added(&doc, &Document::entityAdded);
        QSignalSpy removed(&doc, &Document::entityRemoved);
        const QJsonObject spec =
            ref.kind == EntityRef::Kind::Service
                ? QJsonObject{{QStringLiteral("image"), QStringLiteral("i")}}
            : ref.kind == EntityRef::Kind::Secret
                ? QJsonObject{{QStringLiteral("file"), QStringLiteral("/run/s")}}
                : QJsonObject{{QStringLiteral("external"), true}};
        QVERIFY(doc.addEntity(ref, spec).ok());
        QVERIFY(doc.exists(ref));
        QCOMPARE(doc.spec(ref), spec);
        QCOMPARE(added.size(), 1);
        QVERIFY(!doc.addEntity(ref, spec).ok()); // exists already
        const QList<Composition> withIt = doc.compositions();
        QVERIFY(doc.removeEntity(ref).ok());
        QVERIFY(!doc.exists(ref));
        QCOMPARE(removed.size(), 1);
        doc.undoStack()->undo();
        QCOMPARE(doc.compositions(), withIt);
        doc.undoStack()->undo();
        QCOMPARE(doc.compositions(), before);
        doc.undoStack()->redo();
        doc.undoStack()->redo();
        QVERIFY(!doc.exists(ref));
    }

    void removeCompositionIsOneStep()
    {
        Document doc;
        setUp(doc);
        const QList<Composition> before = doc.compositions();
        QVERIFY(doc.removeEntity(EntityRef::compositionRef(QStringLiteral("app"))).ok());
        QVERIFY(!doc.composition(QStringLiteral("app")));
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QCOMPARE(doc.compositions(), before);
        QVERIFY(doc.origin(QStringLiteral("app")).editable);
    }

    void addComposition()
    {
        Document doc;
        setUp(doc);
        QVERIFY(doc.addComposition(QStringLiteral("new")).ok());
        QVERIFY(doc.origin(QStringLiteral("new")).editable);
        QCOMPARE(doc.ownedCompositions().size(), 2);
        QVERIFY(!doc.addComposition(QStringLiteral("new")).ok());
        doc.undoStack()->undo();
        QVERIFY(!doc.composition(QStringLiteral("new")));
    }

    void readOnlyRejected()
    {
        Document doc;
        setUp(doc);
        const EntityRef x = EntityRef::service(QStringLiteral("other"), QStringLiteral("x"));
        const auto r = doc.editField(x, {QStringLiteral("image")}, QStringLiteral("y"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::ReadOnly);
        QVERIFY(r.error().message.contains(QStringLiteral("defined in /cfg/hosts/x.nix")));
        QVERIFY(!doc.removeEntity(x).ok());
        QVERIFY(!doc.addEntity(EntityRef::service(QStringLiteral("other"), QStringLiteral("y")), {})
                     .ok());
        QCOMPARE(doc.undoStack()->count(), 0);
        QCOMPARE(doc.composition(QStringLiteral("other"))->services.first().image(),
                 QStringLiteral("x"));
        QCOMPARE(doc.ownedCompositions().size(), 1);
    }

    void shapeErrorsRejected()
    {
        Document doc;
        setUp(doc);
        const auto r =
            doc.editField(EntityRef::service(QStringLiteral("app"), QStringLiteral("web")),
                          {QStringLiteral("ports")}, QStringLiteral("80:80"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Shape);
        QCOMPARE(doc.undoStack()->count(), 0);
    }

    void diagnosticsFollowEdits()
    {
        Document doc;
        setUp(doc);
        QVERIFY(!hasErrors(doc.diagnostics()));
        QSignalSpy spy(&doc, &Document::diagnosticsChanged);
        const EntityRef web = EntityRef::service(QStringLiteral("app"), QStringLiteral("web"));
        QVERIFY(doc.editField(web, {QStringLiteral("networks")}, QJsonArray{QStringLiteral("nope")})
                    .ok());
        QCOMPARE(spy.size(), 1);
        QVERIFY(hasErrors(doc.diagnostics()));
        QCOMPARE(doc.diagnosticsFor(web).size(), 1);
        QCOMPARE(doc.diagnosticsFor(web).first().code, QStringLiteral("unknown-network"));
        doc.undoStack()->undo();
        QVERIFY(!hasErrors(doc.diagnostics()));
    }

    void markSaved()
    {
        Document doc;
        setUp(doc);
        QVERIFY(doc.editField(EntityRef::service(QStringLiteral("app"), QStringLiteral("web")),
                              {QStringLiteral("user")}, QStringLiteral("1000"))
                    .ok());
        QVERIFY(doc.isModified());
        doc.markSaved("text");
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.ownedFileBaseline(), std::optional<QByteArray>("text"));
    }
};

QTEST_GUILESS_MAIN(TestDocument)
#include "tst_document.moc"
