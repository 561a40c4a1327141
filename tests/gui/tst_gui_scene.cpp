// The graph scene mirrors the Document: every kind of change (add, remove,
// edit, reset, composition add/remove) and its undo/redo shows up as items;
// untouched nodes keep their place; the demo's Graphviz layout has no
// overlapping nodes and every edge joins the right items; connecting by drag
// and deleting an edge become Document edits; a node's live-state dot takes
// its colour from the LiveStatus the scene is given.

#include <QPainter>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include "demofixture.h"
#include "graphedgeitem.h"
#include "graphframeitem.h"
#include "graphnodeitem.h"
#include "graphscene.h"
#include "graphstyle.h"
#include "graphview.h"
#include "mainwindow.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

bool hasEdge(const GraphScene &scene, GraphEdge::Kind kind, const QString &from, const QString &to)
{
    for (GraphEdgeItem *e : scene.edgeItems())
        if (e->edge().kind == kind && e->source()->id() == from && e->target()->id() == to)
            return true;
    return false;
}

// Waits for the first (asynchronous) Graphviz layout.
bool waitForLayout(GraphScene &scene)
{
    if (!scene.isLayoutPending())
        return true;
    QSignalSpy spy(&scene, &GraphScene::layoutFinished);
    return spy.wait(30000);
}

} // namespace

class TestGuiScene : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void demoLayout()
    {
        Document doc;
        GraphScene scene(doc);
        test::loadDemo(doc);
        QVERIFY(scene.isLayoutPending());
        QVERIFY(waitForLayout(scene));
        QCOMPARE(scene.nodeItems().size(), 13);
        QCOMPARE(scene.edgeItems().size(), 16);
        // No two nodes overlap.
        const auto nodes = scene.nodeItems();
        for (int i = 0; i < nodes.size(); ++i)
            for (int j = i + 1; j < nodes.size(); ++j) {
                const QRectF a = nodes[i]->mapRectToScene(nodes[i]->nodeRect());
                const QRectF b = nodes[j]->mapRectToScene(nodes[j]->nodeRect());
                QVERIFY2(!a.intersects(b),
                         qPrintable(nodes[i]->id() + u" overlaps "_s + nodes[j]->id()));
            }
        // Every edge joins the items of its ends, and its line touches both.
        for (GraphEdgeItem *e : scene.edgeItems()) {
            QCOMPARE(e->source(), scene.nodeItem(e->edge().from));
            QCOMPARE(e->target(), scene.nodeItem(e->edge().to));
            const QRectF a =
                e->source()->mapRectToScene(e->source()->nodeRect()).adjusted(-1, -1, 1, 1);
            const QRectF b =
                e->target()->mapRectToScene(e->target()->nodeRect()).adjusted(-1, -1, 1, 1);
            QVERIFY(a.contains(e->line().p1()));
            QVERIFY(b.contains(e->line().p2()));
        }
        // Each composition's frame holds its nodes; the shared network sits outside both.
        for (GraphNodeItem *n : nodes) {
            const QRectF r = n->mapRectToScene(n->nodeRect());
            if (n->node().cluster.isEmpty()) {
                for (const QString &c : {u"caddy"_s, u"paperless"_s})
                    QVERIFY(!scene.frameItem(c)->frameRect().contains(r));
            } else {
                QVERIFY(scene.frameItem(n->node().cluster)->frameRect().contains(r));
            }
        }
        QVERIFY(hasEdge(scene, GraphEdge::Kind::Network, u"service:caddy/caddy"_s,
                        u"network:*/proxy_net"_s));
        QVERIFY(hasEdge(scene, GraphEdge::Kind::Network, u"service:paperless/webserver"_s,
                        u"network:*/proxy_net"_s));
    }

    void everyChangeKind()
    {
        Document doc;
        GraphScene scene(doc);
        test::loadDemo(doc);
        QVERIFY(waitForLayout(scene));
        QUndoStack *undo = doc.undoStack();
        const QPointF dbPos = scene.nodeItem(u"service:paperless/db"_s)->pos();
        QSignalSpy added(&doc, &Document::entityAdded);

        // Add a service: a node appears, nothing else moves.
        QVERIFY(doc.addEntity(EntityRef::service(u"paperless"_s, u"cache"_s),
                              {{u"image"_s, u"redis"_s}}));
        QCOMPARE(added.size(), 1);
        GraphNodeItem *cache = scene.nodeItem(u"service:paperless/cache"_s);
        QVERIFY(cache);
        QCOMPARE(scene.nodeItem(u"service:paperless/db"_s)->pos(), dbPos);
        for (GraphNodeItem *n : scene.nodeItems())
            if (n != cache)
                QVERIFY2(!n->mapRectToScene(n->nodeRect())
                              .intersects(cache->mapRectToScene(cache->nodeRect())),
                         qPrintable(n->id()));
        QVERIFY(scene.frameItem(u"paperless"_s)->frameRect().contains(cache->scenePos()));

        // Edit: a dependency becomes an edge, labelled with its condition.
        QVERIFY(doc.editField(EntityRef::service(u"paperless"_s, u"cache"_s),
                              {u"dependsOn"_s, u"db"_s},
                              QJsonObject{{u"condition"_s, u"service_completed_successfully"_s}}));
        QVERIFY(hasEdge(scene, GraphEdge::Kind::DependsOn, u"service:paperless/cache"_s,
                        u"service:paperless/db"_s));
        // Membership and mount.
        QVERIFY(doc.editField(EntityRef::service(u"paperless"_s, u"cache"_s), {u"networks"_s},
                              QJsonObject{{u"paperless"_s, QJsonObject()}}));
        QVERIFY(hasEdge(scene, GraphEdge::Kind::Network, u"service:paperless/cache"_s,
                        u"network:paperless/paperless"_s));
        QVERIFY(doc.editField(EntityRef::service(u"paperless"_s, u"cache"_s), {u"volumes"_s},
                              QJsonArray{u"data:/cache:ro"_s}));
        QVERIFY(hasEdge(scene, GraphEdge::Kind::Mount, u"service:paperless/cache"_s,
                        u"volume:paperless/data"_s));
        const int edges = int(scene.edgeItems().size());

        // Changing an image updates the node's detail in place.
        QVERIFY(doc.editField(EntityRef::service(u"paperless"_s, u"db"_s), {u"image"_s},
                              u"postgres:16"_s));
        QCOMPARE(scene.nodeItem(u"service:paperless/db"_s)->node().detail, u"postgres:16"_s);
        QCOMPARE(scene.nodeItem(u"service:paperless/db"_s)->pos(), dbPos);

        // Add a network and a volume; a new composition gets a frame.
        QVERIFY(doc.addEntity(EntityRef::network(u"paperless"_s, u"backend"_s), {}));
        QVERIFY(scene.nodeItem(u"network:paperless/backend"_s));
        QVERIFY(doc.addEntity(EntityRef::volume(u"paperless"_s, u"cachedata"_s), {}));
        QVERIFY(scene.nodeItem(u"volume:paperless/cachedata"_s));
        QVERIFY(doc.addComposition(u"extra"_s));
        QVERIFY(scene.frameItem(u"extra"_s));

        // Remove: the db node and its edges go.
        QVERIFY(doc.removeEntity(EntityRef::service(u"paperless"_s, u"db"_s)));
        QVERIFY(!scene.nodeItem(u"service:paperless/db"_s));
        for (GraphEdgeItem *e : scene.edgeItems())
            QVERIFY(e->edge().to != u"service:paperless/db"_s);

        // Undo everything step by step, then redo: the scene follows exactly.
        const Graph end = scene.graph();
        while (undo->canUndo())
            undo->undo();
        QCOMPARE(scene.graph(), deriveGraph(test::demoCompositions()));
        QVERIFY(!scene.frameItem(u"extra"_s));
        QVERIFY(!scene.nodeItem(u"service:paperless/cache"_s));
        QCOMPARE(scene.nodeItem(u"service:paperless/db"_s)->pos(), dbPos);
        while (undo->canRedo())
            undo->redo();
        QCOMPARE(scene.graph(), end);
        QCOMPARE(scene.edgeItems().size(), end.edges.size());
        QVERIFY(edges > int(end.edges.size())); // db's edges went with it
    }

    void removeCompositionAndUndo()
    {
        Document doc;
        GraphScene scene(doc);
        test::loadDemo(doc);
        QVERIFY(waitForLayout(scene));
        QVERIFY(doc.removeEntity(EntityRef::compositionRef(u"caddy"_s)));
        QVERIFY(!scene.frameItem(u"caddy"_s));
        QVERIFY(!scene.nodeItem(u"network:*/proxy_net"_s));        // no longer shared
        QVERIFY(scene.nodeItem(u"network:paperless/proxy_net"_s)); // back in its composition
        doc.undoStack()->undo();
        QVERIFY(scene.frameItem(u"caddy"_s));
        QVERIFY(scene.nodeItem(u"network:*/proxy_net"_s));
        QCOMPARE(scene.graph(), deriveGraph(test::demoCompositions()));
    }

    void resetKeepsPositions()
    {
        Document doc;
        GraphScene scene(doc);
        test::loadDemo(doc);
        QVERIFY(waitForLayout(scene));
        const QPointF tika = scene.nodeItem(u"service:paperless/tika"_s)->pos();
        QSignalSpy spy(&scene, &GraphScene::layoutFinished);
        test::loadDemo(doc); // a reload: same nodes
        QVERIFY(!scene.isLayoutPending());
        QCOMPARE(scene.nodeItem(u"service:paperless/tika"_s)->pos(), tika);
    }

    void diagnosticsBadges()
    {
        Document doc;
        GraphScene scene(doc);
        test::loadDemo(doc);
        QCOMPARE(scene.nodeItem(u"service:paperless/db"_s)->warnings(), 1); // POSTGRES_PASSWORD
        QCOMPARE(scene.nodeItem(u"service:paperless/tika"_s)->errors(), 0);
        QVERIFY(doc.editField(EntityRef::service(u"paperless"_s, u"tika"_s), {u"networks"_s},
                              QJsonObject{{u"nowhere"_s, QJsonObject()}}));
        QCOMPARE(scene.nodeItem(u"service:paperless/tika"_s)->errors(), 1);
        doc.undoStack()->undo();
        QCOMPARE(scene.nodeItem(u"service:paperless/tika"_s)->errors(), 0);
        scene.setNodeState(EntityRef::service(u"paperless"_s, u"tika"_s), LiveStatus::Running);
        QCOMPARE(scene.nodeItem(u"service:paperless/tika"_s)->state(),
                 std::optional(LiveStatus::Running));
    }

    // The scene colours a node's live-state dot from the LiveStatus it is
    // given — failed in the error colour, and so on — and no state draws no dot.
    void stateDotColour_data()
    {
        QTest::addColumn<int>("status"); // -1: no live state
        QTest::addColumn<QString>("style");
        QTest::newRow("failed") << int(LiveStatus::Failed) << u"error"_s;
        QTest::newRow("unhealthy") << int(LiveStatus::Unhealthy) << u"error"_s;
        QTest::newRow("running") << int(LiveStatus::Running) << u"good"_s;
        QTest::newRow("healthy") << int(LiveStatus::Healthy) << u"good"_s;
        QTest::newRow("starting") << int(LiveStatus::Starting) << u"warning"_s;
        QTest::newRow("restarting") << int(LiveStatus::Restarting) << u"warning"_s;
        QTest::newRow("stopped") << int(LiveStatus::Stopped) << u"idle"_s;
        QTest::newRow("missing") << int(LiveStatus::Missing) << u"idle"_s;
        QTest::newRow("unknown") << int(LiveStatus::Unknown) << u"idle"_s;
        QTest::newRow("none") << -1 << u"node"_s;
    }

    void stateDotColour()
    {
        QFETCH(int, status);
        QFETCH(QString, style);
        Document doc;
        GraphScene scene(doc);
        test::loadDemo(doc);
        const EntityRef tika = EntityRef::service(u"paperless"_s, u"tika"_s);
        scene.setNodeState(tika, LiveStatus::Running); // a dot first, which "none" takes away
        scene.setNodeState(tika, status < 0 ? std::nullopt : std::optional(LiveStatus(status)));
        const QPalette palette = scene.palette();
        const QHash<QString, QColor> styles{
            {u"error"_s, graphstyle::errorColor(palette)},
            {u"good"_s, graphstyle::kindColor(GraphNode::Kind::Network, palette)},
            {u"warning"_s, graphstyle::warningColor(palette)},
            {u"idle"_s, palette.color(QPalette::PlaceholderText)},
            {u"node"_s, graphstyle::fill(GraphNode::Kind::Service, palette)}};
        QSet<QRgb> distinct;
        for (const QColor &c : styles)
            distinct.insert(c.rgb());
        QCOMPARE(distinct.size(), styles.size()); // else the pixel could not tell them apart

        // Render the node as the scene draws it; the dot sits 8 px in from
        // the left edge, halfway down.
        const GraphNodeItem *node = scene.nodeItemFor(tika);
        QVERIFY(node);
        const QRectF source = node->mapRectToScene(node->nodeRect());
        QImage image(source.size().toSize(), QImage::Format_ARGB32);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        scene.render(&painter, QRectF(image.rect()), source);
        painter.end();
        const QPoint dot(8, int(source.height() / 2));
        // A translucent style (the idle one) shows over the node's fill.
        QImage expected(1, 1, QImage::Format_ARGB32);
        expected.fill(styles.value(u"node"_s));
        QPainter over(&expected);
        over.fillRect(expected.rect(), styles.value(style));
        over.end();
        QCOMPARE(image.pixelColor(dot).name(), expected.pixelColor(0, 0).name());
    }

    void readOnlyMarks()
    {
        Document doc;
        GraphScene scene(doc);
        test::loadDemo(doc, {u"caddy"_s});
        QVERIFY(scene.nodeItem(u"service:caddy/caddy"_s)->isReadOnly());
        QVERIFY(!scene.nodeItem(u"service:paperless/db"_s)->isReadOnly());
        QVERIFY(!scene.nodeItem(u"network:*/proxy_net"_s)->isReadOnly()); // paperless may edit it
    }

    void connectAndDisconnect()
    {
        Document doc;
        MainWindow window(doc, false);
        test::loadDemo(doc, {u"caddy"_s});
        GraphScene *scene = window.graphScene();
        QVERIFY(waitForLayout(*scene));
        const int before = doc.undoStack()->count();
        // service → service: dependsOn
        QVERIFY(window.connectNodes(u"service:paperless/tika"_s, u"service:paperless/gotenberg"_s));
        QVERIFY(hasEdge(*scene, GraphEdge::Kind::DependsOn, u"service:paperless/tika"_s,
                        u"service:paperless/gotenberg"_s));
        // service → shared external network
        QVERIFY(window.connectNodes(u"service:paperless/tika"_s, u"network:*/proxy_net"_s));
        QVERIFY(doc.spec(EntityRef::service(u"paperless"_s, u"tika"_s))
                    .value(u"networks"_s)
                    .toObject()
                    .contains(u"proxy_net"_s));
        // service → volume with a mount path
        QVERIFY(window.connectNodes(u"service:paperless/tika"_s, u"volume:paperless/data"_s,
                                    u"/models"_s));
        QVERIFY(hasEdge(*scene, GraphEdge::Kind::Mount, u"service:paperless/tika"_s,
                        u"volume:paperless/data"_s));
        QCOMPARE(doc.undoStack()->count(), before + 3);
        // Refusals: across compositions, into a read-only composition, twice.
        QVERIFY(!window.connectNodes(u"service:paperless/tika"_s, u"service:caddy/caddy"_s));
        QVERIFY(
            !window.connectNodes(u"service:caddy/caddy"_s, u"volume:caddy/caddy_data"_s, u"/x"_s));
        QVERIFY(
            !window.connectNodes(u"service:paperless/tika"_s, u"service:paperless/gotenberg"_s));
        QCOMPARE(doc.undoStack()->count(), before + 3);
        // Deleting the edges undoes the connections.
        const QList<GraphEdge> edges = scene->graph().edges; // disconnecting changes the graph
        for (const GraphEdge &e : edges)
            if (e.from == u"service:paperless/tika"_s && e.kind != GraphEdge::Kind::Network)
                QVERIFY(window.disconnectEdge(e));
        QVERIFY(!hasEdge(*scene, GraphEdge::Kind::Mount, u"service:paperless/tika"_s,
                         u"volume:paperless/data"_s));
        QVERIFY(!doc.spec(EntityRef::service(u"paperless"_s, u"tika"_s)).contains(u"dependsOn"_s));
        QVERIFY(!doc.spec(EntityRef::service(u"paperless"_s, u"tika"_s)).contains(u"volumes"_s));
    }

    void dragToConnect()
    {
        Document doc;
        MainWindow window(doc, false);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        test::loadDemo(doc);
        QVERIFY(waitForLayout(*window.graphScene()));
        GraphView *view = window.graphView();
        view->fitAll();
        GraphNodeItem *from = window.graphScene()->nodeItem(u"service:paperless/tika"_s);
        GraphNodeItem *to = window.graphScene()->nodeItem(u"service:paperless/broker"_s);
        const QPoint a = view->mapFromScene(from->scenePos());
        const QPoint b = view->mapFromScene(to->scenePos());
        QTest::mousePress(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, a);
        QMouseEvent move(QEvent::MouseMove, b, view->viewport()->mapToGlobal(b), Qt::NoButton,
                         Qt::LeftButton, Qt::ShiftModifier);
        QApplication::sendEvent(view->viewport(), &move);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, b);
        QVERIFY(doc.spec(EntityRef::service(u"paperless"_s, u"tika"_s))
                    .value(u"dependsOn"_s)
                    .toObject()
                    .contains(u"broker"_s));
        // The nodes did not move.
        QCOMPARE(view->mapFromScene(from->scenePos()), a);
    }

    void findFocuses()
    {
        Document doc;
        MainWindow window(doc, false);
        test::loadDemo(doc);
        QVERIFY(window.find(u"gotenb"_s));
        QCOMPARE(window.selectedEntity(), EntityRef::service(u"paperless"_s, u"gotenberg"_s));
        QVERIFY(window.graphScene()->nodeItem(u"service:paperless/gotenberg"_s)->isSelected());
        QVERIFY(!window.find(u"no-such-thing"_s));
    }
};

QTEST_MAIN(TestGuiScene)
#include "tst_gui_scene.moc"
