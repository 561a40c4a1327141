// GraphEdits: which connections the graph allows (and why it refuses the
// others), and that each connect or disconnect is exactly ONE undo step whose
// undo and redo restore the compositions byte for byte — or, refused, leaves
// nothing at all: not a half-done macro, not an empty one, not a signal.

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include "compositionjson.h"
#include "document.h"
#include "graphedits.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

using ConnectionKind = GraphEdits::Connection::Kind;

// app and edge are in the owned file, hand is written by hand. edge creates
// proxy_net and hand joins it as external: one shared node, network:*/proxy_net,
// which app does not declare. app also has its own (unrelated) network "lan".
QList<Composition> sample()
{
    const QJsonObject json{
        {u"app"_s,
         QJsonObject{
             {u"services"_s,
              QJsonObject{{u"web"_s, QJsonObject{{u"image"_s, u"nginx"_s},
                                                 {u"networks"_s, QJsonArray{u"back"_s}},
                                                 {u"dependsOn"_s, QJsonArray{u"worker"_s}},
                                                 {u"volumes"_s, QJsonArray{u"data:/srv/data"_s}}}},
                          {u"db"_s, QJsonObject{{u"image"_s, u"postgres"_s}}},
                          {u"worker"_s, QJsonObject{{u"image"_s, u"w"_s}}}}},
             {u"networks"_s, QJsonObject{{u"back"_s, QJsonObject()}, {u"lan"_s, QJsonObject()}}},
             {u"volumes"_s, QJsonArray{u"data"_s, u"cache"_s}}}},
        {u"edge"_s,
         QJsonObject{
             {u"services"_s, QJsonObject{{u"proxy"_s, QJsonObject{{u"image"_s, u"caddy"_s}}}}},
             {u"networks"_s, QJsonObject{{u"proxy_net"_s, QJsonObject{{u"name"_s, u"proxy_net"_s}}},
                                         {u"internal"_s, QJsonObject()},
                                         {u"outside"_s, QJsonObject{{u"external"_s, true},
                                                                    {u"name"_s, u"wan0"_s}}}}},
             {u"volumes"_s, QJsonArray{u"certs"_s}}}},
        {u"hand"_s,
         QJsonObject{
             {u"services"_s, QJsonObject{{u"h"_s, QJsonObject{{u"image"_s, u"h"_s}}}}},
             {u"networks"_s, QJsonObject{{u"proxy_net"_s, QJsonObject{{u"external"_s, true}}}}}}}};
    return compositionsFromJson(json).value();
}

Composition &app(QList<Composition> &compositions)
{
    for (Composition &c : compositions)
        if (c.name == u"app")
            return c;
    qFatal("the sample has no composition app");
}

const QString kOwned = u"/cfg/khepri-compositions.nix"_s;

void setUp(Document &doc, QList<Composition> compositions = sample())
{
    doc.reset(compositions,
              {{u"app"_s, CompositionOrigin{kOwned, true, {}}},
               {u"edge"_s, CompositionOrigin{kOwned, true, {}}},
               {u"hand"_s, CompositionOrigin{u"/cfg/hand.nix"_s, false,
                                             u"it is written by hand in /cfg/hand.nix"_s}}},
              kOwned);
}

// The compositions, byte for byte as the writer sees them.
QByteArray snapshot(const Document &doc)
{
    return QJsonDocument(compositionsToJson(doc.compositions())).toJson(QJsonDocument::Indented);
}

NodeId id(const QString &text)
{
    return NodeId::parse(text).value();
}

EntityRef web()
{
    return EntityRef::service(u"app"_s, u"web"_s);
}

// A Document whose service app/db holds settings that no longer canonicalize
// (Document::reset takes what it is given): any edit of db is refused by
// the shape check, while edits of everything else go through.
void setUpWithBrokenDb(Document &doc)
{
    QList<Composition> compositions = sample();
    for (Service &s : app(compositions).services)
        if (s.name == u"db")
            s.spec.insert(u"image"_s, QJsonArray{u"not"_s, u"a"_s, u"string"_s});
    setUp(doc, compositions);
}

} // namespace

class TestGraphEdits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void allowed_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("kind");
        QTest::addColumn<EntityRef>("target");
        QTest::newRow("depends on a service")
            << u"service:app/web"_s << u"service:app/db"_s << int(ConnectionKind::DependsOn)
            << EntityRef::service(u"app"_s, u"db"_s);
        QTest::newRow("joins its network")
            << u"service:app/db"_s << u"network:app/back"_s << int(ConnectionKind::JoinNetwork)
            << EntityRef::network(u"app"_s, u"back"_s);
        QTest::newRow("joins a shared network it does not declare")
            << u"service:app/web"_s << u"network:*/proxy_net"_s
            << int(ConnectionKind::DeclareAndJoinNetwork)
            << EntityRef::network(u"app"_s, u"proxy_net"_s);
        QTest::newRow("joins another composition's external network")
            << u"service:app/web"_s << u"network:edge/outside"_s
            << int(ConnectionKind::DeclareAndJoinNetwork)
            << EntityRef::network(u"app"_s, u"wan0"_s); // under its Docker name
        QTest::newRow("joins a shared network it declares")
            << u"service:edge/proxy"_s << u"network:*/proxy_net"_s
            << int(ConnectionKind::JoinNetwork) << EntityRef::network(u"edge"_s, u"proxy_net"_s);
        QTest::newRow("mounts a volume")
            << u"service:app/web"_s << u"volume:app/cache"_s << int(ConnectionKind::Mount)
            << EntityRef::volume(u"app"_s, u"cache"_s);
    }

    void allowed()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(int, kind);
        QFETCH(EntityRef, target);
        Document doc;
        setUp(doc);
        const QByteArray before = snapshot(doc);
        const GraphEdits edits(doc);
        const Result<GraphEdits::Connection> c = edits.canConnect(id(from), id(to));
        QVERIFY2(c, qPrintable(c ? QString() : c.error().message));
        QCOMPARE(int(c.value().kind), kind);
        QCOMPARE(c.value().service, id(from).ref());
        QCOMPARE(c.value().target, target);
        QCOMPARE(c.value().needsMountPath(), kind == int(ConnectionKind::Mount));
        QVERIFY(!c.value().text.isEmpty());
        // Asking changes nothing.
        QCOMPARE(snapshot(doc), before);
        QCOMPARE(doc.undoStack()->count(), 0);
    }

    void refused_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("why");
        QTest::newRow("from a network")
            << u"network:app/back"_s << u"service:app/web"_s << u"Connect from a service"_s;
        QTest::newRow("from a node that does not exist")
            << u"service:app/nope"_s << u"service:app/db"_s << u"Connect from a service"_s;
        QTest::newRow("to a node that does not exist")
            << u"service:app/web"_s << u"volume:app/nope"_s << u"Connect from a service"_s;
        QTest::newRow("onto itself")
            << u"service:app/web"_s << u"service:app/web"_s << u"web cannot depend on itself"_s;
        QTest::newRow("across compositions") << u"service:app/web"_s << u"service:edge/proxy"_s
                                             << u"web and proxy are in different compositions"_s;
        QTest::newRow("a dependency twice") << u"service:app/web"_s << u"service:app/worker"_s
                                            << u"web already depends on worker"_s;
        QTest::newRow("a network twice")
            << u"service:app/web"_s << u"network:app/back"_s << u"web already joins back"_s;
        QTest::newRow("another composition's own network")
            << u"service:app/web"_s << u"network:edge/internal"_s
            << u"Network internal belongs to composition edge"_s;
        QTest::newRow("another composition's volume")
            << u"service:app/web"_s << u"volume:edge/certs"_s
            << u"Volume certs is not declared in composition app"_s;
        QTest::newRow("from a read-only composition")
            << u"service:hand/h"_s << u"network:*/proxy_net"_s
            << u"composition hand is read-only"_s;
        QTest::newRow("a name its composition already uses")
            << u"service:app/web"_s << u"network:edge/outside"_s << u"already has a network wan0"_s;
    }

    void refused()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, why);
        Document doc;
        if (QByteArray(QTest::currentDataTag()) == "a name its composition already uses") {
            QList<Composition> compositions = sample();
            app(compositions).networks.append(Network{u"wan0"_s, {}}); // app's own wan0
            setUp(doc, compositions);
        } else {
            setUp(doc);
        }
        const QByteArray before = snapshot(doc);
        QSignalSpy added(&doc, &Document::entityAdded);
        QSignalSpy changed(&doc, &Document::entityChanged);
        GraphEdits edits(doc);
        const Result<GraphEdits::Connection> allowed = edits.canConnect(id(from), id(to));
        QVERIFY(!allowed);
        QVERIFY2(allowed.error().message.contains(why), qPrintable(allowed.error().message));
        // connect() refuses for the same reason, and leaves nothing behind.
        const Result<void> connected = edits.connect(id(from), id(to), u"/mnt"_s);
        QVERIFY(!connected);
        QCOMPARE(connected.error().message, allowed.error().message);
        QCOMPARE(doc.undoStack()->count(), 0);
        QCOMPARE(snapshot(doc), before);
        QCOMPARE(added.size(), 0);
        QCOMPARE(changed.size(), 0);
    }

    // Every allowed connection is exactly one undo step; undo gives back the
    // compositions byte for byte, redo the connected ones.
    void connectIsOneUndoStep_data() { allowed_data(); }

    void connectIsOneUndoStep()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(int, kind);
        QFETCH(EntityRef, target);
        Document doc;
        setUp(doc);
        // Something on the stack already, which the connection must not merge with.
        QVERIFY(doc.editField(web(), {u"image"_s}, u"nginx:1"_s));
        const int steps = doc.undoStack()->count();
        const QByteArray before = snapshot(doc);
        GraphEdits edits(doc);
        const auto r = edits.connect(id(from), id(to), u"/cache"_s);
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        const QByteArray after = snapshot(doc);
        QVERIFY(after != before);

        const EntityRef service = id(from).ref();
        const QJsonObject spec = doc.spec(service);
        switch (ConnectionKind(kind)) {
        case ConnectionKind::DependsOn:
            QVERIFY(spec.value(u"dependsOn").toObject().contains(target.name));
            break;
        case ConnectionKind::JoinNetwork:
            QVERIFY(spec.value(u"networks").toObject().contains(target.name));
            break;
        case ConnectionKind::DeclareAndJoinNetwork:
            QVERIFY(spec.value(u"networks").toObject().contains(target.name));
            QCOMPARE(doc.spec(target), QJsonObject({{u"external"_s, true}}));
            break;
        case ConnectionKind::Mount:
            QVERIFY(spec.value(u"volumes").toArray().contains(u"cache:/cache"_s));
            break;
        }

        doc.undoStack()->undo();
        QCOMPARE(snapshot(doc), before);
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        doc.undoStack()->redo();
        QCOMPARE(snapshot(doc), after);
        doc.undoStack()->undo();
        doc.undoStack()->undo(); // and the edit before it is still its own step
        QCOMPARE(doc.spec(web()).value(u"image"_s).toString(), u"nginx"_s);
    }

    // The old way — an undo macro the view opened, then a step at a time —
    // left a half-done macro on the stack when a later step was refused (and
    // an empty one when the first was). GraphEdits leaves nothing.
    void laterStepFailureLeavesNothing()
    {
        const NodeId db = id(u"service:app/db"_s);
        const NodeId shared = id(u"network:*/proxy_net"_s);
        const EntityRef declared = EntityRef::network(u"app"_s, u"proxy_net"_s);
        {
            // What MainWindow::connectNodes did before: declare, then join.
            Document doc;
            setUpWithBrokenDb(doc);
            doc.undoStack()->beginMacro(u"Join db to proxy_net"_s);
            QVERIFY(doc.addEntity(declared, QJsonObject{{u"external"_s, true}}));
            QVERIFY(!doc.editField(db.ref(), {u"networks"_s, u"proxy_net"_s}, QJsonObject()));
            doc.undoStack()->endMacro();
            QCOMPARE(doc.undoStack()->count(), 1); // half a connection, undoable
            QVERIFY(doc.exists(declared));
        }
        Document doc;
        setUpWithBrokenDb(doc);
        const QByteArray before = snapshot(doc);
        QSignalSpy added(&doc, &Document::entityAdded);
        GraphEdits edits(doc);
        const auto r = edits.connect(db, shared);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Shape);
        QVERIFY2(r.error().message.contains(u"image"_s), qPrintable(r.error().message));
        QCOMPARE(doc.undoStack()->count(), 0);
        QVERIFY(!doc.exists(declared));
        QCOMPARE(added.size(), 0);
        QCOMPARE(snapshot(doc), before);
        // canConnect says so up front, from the same checks.
        QVERIFY(!edits.canConnect(db, shared));
        // The others in app still connect, in one step.
        QVERIFY(edits.connect(id(u"service:app/worker"_s), shared));
        QCOMPARE(doc.undoStack()->count(), 1);
    }

    void firstStepFailureLeavesNothing()
    {
        QList<Composition> compositions = sample();
        app(compositions).networks.append(Network{u"proxy_net"_s, {}}); // app's own, not shared
        {
            Document doc;
            setUp(doc, compositions);
            doc.undoStack()->beginMacro(u"Join web to proxy_net"_s);
            QVERIFY(!doc.addEntity(EntityRef::network(u"app"_s, u"proxy_net"_s),
                                   QJsonObject{{u"external"_s, true}}));
            doc.undoStack()->endMacro();
            QCOMPARE(doc.undoStack()->count(), 1); // the old way: an empty undo step
        }
        Document doc;
        setUp(doc, compositions);
        const QByteArray before = snapshot(doc);
        const auto r =
            GraphEdits(doc).connect(id(u"service:app/web"_s), id(u"network:*/proxy_net"_s));
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(u"already has a network proxy_net"_s),
                 qPrintable(r.error().message));
        QCOMPARE(doc.undoStack()->count(), 0);
        QCOMPARE(snapshot(doc), before);
    }

    void mountPath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("ok");
        QTest::newRow("absolute") << u"/var/cache"_s << true;
        QTest::newRow("missing") << QString() << false;
        QTest::newRow("relative") << u"cache"_s << false;
    }

    void mountPath()
    {
        QFETCH(QString, path);
        QFETCH(bool, ok);
        Document doc;
        setUp(doc);
        const QByteArray before = snapshot(doc);
        const auto r =
            GraphEdits(doc).connect(id(u"service:app/web"_s), id(u"volume:app/cache"_s), path);
        QCOMPARE(bool(r), ok);
        if (!ok) {
            QVERIFY(r.error().message.contains(u"must be absolute"_s));
            QCOMPARE(doc.undoStack()->count(), 0);
            QCOMPARE(snapshot(doc), before);
            return;
        }
        QCOMPARE(doc.spec(web()).value(u"volumes"_s).toArray(),
                 QJsonArray({u"data:/srv/data"_s, u"cache:/var/cache"_s}));
        QCOMPARE(doc.undoStack()->count(), 1);
    }

    void disconnect_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field");
        QTest::newRow("dependsOn") << int(GraphEdge::Kind::DependsOn) << u"dependsOn"_s;
        QTest::newRow("network") << int(GraphEdge::Kind::Network) << u"networks"_s;
        QTest::newRow("mount") << int(GraphEdge::Kind::Mount) << u"volumes"_s;
    }

    void disconnect()
    {
        QFETCH(int, kind);
        QFETCH(QString, field);
        Document doc;
        setUp(doc);
        const QByteArray before = snapshot(doc);
        const Graph graph = deriveGraph(doc.compositions());
        GraphEdge edge;
        for (const GraphEdge &e : graph.edges)
            if (int(e.kind) == kind && e.owner == web())
                edge = e;
        QCOMPARE(int(edge.kind), kind);
        QCOMPARE(edge.owner, web());

        GraphEdits edits(doc);
        QVERIFY(edits.disconnect(edge));
        QCOMPARE(doc.undoStack()->count(), 1);
        QVERIFY(!doc.spec(web()).contains(field)); // web had one entry of each
        const QByteArray after = snapshot(doc);
        doc.undoStack()->undo();
        QCOMPARE(snapshot(doc), before);
        doc.undoStack()->redo();
        QCOMPARE(snapshot(doc), after);

        // Twice: the edge is gone, and nothing is pushed.
        const auto again = edits.disconnect(edge);
        QVERIFY(!again);
        QCOMPARE(again.error().code, ErrorCode::NoSuchEdge);
        QCOMPARE(doc.undoStack()->count(), 1);
    }

    void disconnectReadOnly()
    {
        QList<Composition> compositions = sample();
        for (Composition &c : compositions)
            if (c.name == u"hand")
                c.services.first().spec.insert(u"networks"_s,
                                               QJsonObject{{u"proxy_net"_s, QJsonObject()}});
        Document doc;
        setUp(doc, compositions);
        GraphEdge edge;
        for (const GraphEdge &e : deriveGraph(doc.compositions()).edges)
            if (e.owner.composition == u"hand")
                edge = e;
        QCOMPARE(edge.owner, EntityRef::service(u"hand"_s, u"h"_s));
        const auto r = GraphEdits(doc).disconnect(edge);
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(u"composition hand is read-only"_s),
                 qPrintable(r.error().message));
        QCOMPARE(doc.undoStack()->count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestGraphEdits)
#include "tst_graphedits.moc"
