// NodeId owns the graph's node-id format: every kind of id formats as the
// graph has always printed it, parses back to the same value, and text that
// is not an id is refused with a reason; the graph's own ids are NodeIds.

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include "compositionjson.h"
#include "graph.h"
#include "nodeid.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestNodeId : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void format_data()
    {
        QTest::addColumn<NodeId>("id");
        QTest::addColumn<QString>("text");
        QTest::newRow("service") << NodeId::local(NodeKind::Service, u"app"_s, u"web"_s)
                                 << u"service:app/web"_s;
        QTest::newRow("network") << NodeId::local(NodeKind::Network, u"app"_s, u"back"_s)
                                 << u"network:app/back"_s;
        QTest::newRow("volume") << NodeId::local(NodeKind::Volume, u"app"_s, u"data.v1"_s)
                                << u"volume:app/data.v1"_s;
        QTest::newRow("shared network")
            << NodeId::shared(NodeKind::Network, u"proxy_net"_s) << u"network:*/proxy_net"_s;
        QTest::newRow("shared volume")
            << NodeId::shared(NodeKind::Volume, u"media"_s) << u"volume:*/media"_s;
        QTest::newRow("of a service ref")
            << NodeId::of(EntityRef::service(u"paperless"_s, u"tika"_s))
            << u"service:paperless/tika"_s;
        QTest::newRow("of a volume ref")
            << NodeId::of(EntityRef::volume(u"a"_s, u"v"_s)) << u"volume:a/v"_s;
    }

    void format()
    {
        QFETCH(NodeId, id);
        QFETCH(QString, text);
        QVERIFY(!id.isNull());
        QCOMPARE(id.toString(), text);
        const Result<NodeId> parsed = NodeId::parse(text);
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed.value(), id);
        QCOMPARE(qHash(parsed.value()), qHash(id));
    }

    void parts()
    {
        const NodeId local = NodeId::parse(u"network:app/back"_s).value();
        QCOMPARE(local.kind(), NodeKind::Network);
        QVERIFY(!local.isShared());
        QCOMPARE(local.composition(), u"app"_s);
        QCOMPARE(local.name(), u"back"_s);
        QCOMPARE(local.ref(), EntityRef::network(u"app"_s, u"back"_s));

        const NodeId shared = NodeId::parse(u"volume:*/media"_s).value();
        QCOMPARE(shared.kind(), NodeKind::Volume);
        QVERIFY(shared.isShared());
        QCOMPARE(shared.composition(), QString());
        QCOMPARE(shared.name(), u"media"_s);
        QCOMPARE(shared.ref(), EntityRef()); // several entities: the graph knows them

        // A name may hold a "/" (only the composition cannot).
        const NodeId slash = NodeId::parse(u"service:app/a/b"_s).value();
        QCOMPARE(slash.composition(), u"app"_s);
        QCOMPARE(slash.name(), u"a/b"_s);
        QCOMPARE(slash.toString(), u"service:app/a/b"_s);
    }

    void nullIds()
    {
        QVERIFY(NodeId().isNull());
        QCOMPARE(NodeId().toString(), QString());
        QVERIFY(NodeId::of(EntityRef::compositionRef(u"app"_s)).isNull());
        QVERIFY(NodeId::of(EntityRef::secret(u"app"_s, u"s"_s)).isNull());
        QVERIFY(NodeId() != NodeId::local(NodeKind::Service, {}, {}));
        QVERIFY(NodeId::local(NodeKind::Network, u"a"_s, u"n"_s)
                != NodeId::local(NodeKind::Volume, u"a"_s, u"n"_s));
        QVERIFY(NodeId::local(NodeKind::Network, u"*"_s, u"n"_s).toString()
                == NodeId::shared(NodeKind::Network, u"n"_s).toString()); // why "*" is refused
    }

    void refused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("empty") << QString() << u"no \":\""_s;
        QTest::newRow("no kind separator") << u"service-app/web"_s << u"no \":\""_s;
        QTest::newRow("unknown kind") << u"secret:app/s"_s << u"\"secret\" is not a kind"_s;
        QTest::newRow("kind case") << u"Service:app/web"_s << u"\"Service\" is not a kind"_s;
        QTest::newRow("no slash") << u"service:web"_s << u"no \"/\""_s;
        QTest::newRow("no composition") << u"service:/web"_s << u"composition is empty"_s;
        QTest::newRow("no name") << u"network:app/"_s << u"name is empty"_s;
        QTest::newRow("shared service") << u"service:*/web"_s << u"never shared"_s;
    }

    void refused()
    {
        QFETCH(QString, text);
        QFETCH(QString, why);
        const Result<NodeId> parsed = NodeId::parse(text);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, ErrorCode::InvalidNodeId);
        QVERIFY2(parsed.error().message.contains(why), qPrintable(parsed.error().message));
        QVERIFY(parsed.error().message.contains(u'"' + text + u'"'));
        QVERIFY(parsed.error().hint.contains(u"KIND:COMPOSITION/NAME"_s));
    }

    // Every id deriveGraph() hands out is a NodeId's text, and nodeIdFor()
    // finds shared and local nodes alike.
    void graphIdsAreNodeIds()
    {
        const QJsonObject json{
            {u"a"_s,
             QJsonObject{
                 {u"services"_s,
                  QJsonObject{{u"web"_s, QJsonObject{{u"image"_s, u"nginx"_s},
                                                     {u"networks"_s, QJsonArray{u"pub"_s}},
                                                     {u"volumes"_s, QJsonArray{u"data:/d"_s}}}}}},
                 {u"networks"_s, QJsonObject{{u"pub"_s, QJsonObject{{u"external"_s, true}}}}},
                 {u"volumes"_s, QJsonArray{u"data"_s}}}},
            {u"b"_s,
             QJsonObject{
                 {u"services"_s, QJsonObject{{u"x"_s, QJsonObject{{u"image"_s, u"x"_s}}}}},
                 {u"networks"_s, QJsonObject{{u"pub"_s, QJsonObject{{u"name"_s, u"pub"_s}}}}}}}};
        const Graph g = deriveGraph(compositionsFromJson(json).value());
        QSet<QString> seen;
        for (const GraphNode &n : g.nodes) {
            const Result<NodeId> id = NodeId::parse(n.id);
            QVERIFY2(id, qPrintable(n.id));
            QCOMPARE(id.value().toString(), n.id);
            QCOMPARE(id.value().kind(), n.kind);
            QCOMPARE(id.value().isShared(), n.cluster.isEmpty());
            seen.insert(n.id);
        }
        QVERIFY(seen.contains(u"network:*/pub"_s)); // b creates it, a joins it as external
        QCOMPARE(g.nodeIdFor(EntityRef::network(u"a"_s, u"pub"_s)), u"network:*/pub"_s);
        QCOMPARE(g.nodeIdFor(EntityRef::service(u"a"_s, u"web"_s)), u"service:a/web"_s);
        QCOMPARE(g.nodeIdFor(EntityRef::volume(u"a"_s, u"data"_s)), u"volume:a/data"_s);
        QCOMPARE(g.nodeIdFor(EntityRef::volume(u"a"_s, u"nope"_s)), QString());
    }
};

QTEST_GUILESS_MAIN(TestNodeId)
#include "tst_nodeid.moc"
