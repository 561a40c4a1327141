// model/graph: nodes and edges derived from the compositions, shared
// external networks merged into one node linked to each composition, stable
// ids, and the dot / JSON renderings `khepri graph` prints.

#include <QJsonArray>
#include <QTest>

#include "demofixture.h"
#include "graph.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestGraph : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void demoNodes()
    {
        const Graph g = deriveGraph(test::demoCompositions());
        QCOMPARE(g.clusters.size(), 2);
        // 6 services, 2 local networks (caddy has none of its own), 5 volumes, 1 shared.
        int services = 0, networks = 0, volumes = 0;
        for (const GraphNode &n : g.nodes) {
            services += n.kind == GraphNode::Kind::Service;
            networks += n.kind == GraphNode::Kind::Network;
            volumes += n.kind == GraphNode::Kind::Volume;
        }
        QCOMPARE(services, 6);
        QCOMPARE(networks, 2); // paperless + the shared proxy_net
        QCOMPARE(volumes, 5);
        const GraphNode *proxy = g.node(u"network:*/proxy_net"_s);
        QVERIFY(proxy);
        QVERIFY(proxy->cluster.isEmpty());
        QVERIFY(!proxy->external); // caddy creates it, paperless joins it as external
        QCOMPARE(proxy->detail, u"from caddy"_s);
        QCOMPARE(proxy->refs.size(), 2);
        QCOMPARE(g.nodeIdFor(EntityRef::network(u"caddy"_s, u"proxy_net"_s)), proxy->id);
        QCOMPARE(g.nodeIdFor(EntityRef::network(u"paperless"_s, u"proxy_net"_s)), proxy->id);
        QCOMPARE(g.node(u"service:paperless/webserver"_s)->cluster, u"paperless"_s);
    }

    void demoEdges_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("label");
        using K = GraphEdge::Kind;
        QTest::newRow("depends") << int(K::DependsOn) << u"service:paperless/webserver"_s
                                 << u"service:paperless/db"_s << u"service_started"_s;
        QTest::newRow("caddy joins proxy_net")
            << int(K::Network) << u"service:caddy/caddy"_s << u"network:*/proxy_net"_s << QString();
        QTest::newRow("webserver joins proxy_net")
            << int(K::Network) << u"service:paperless/webserver"_s << u"network:*/proxy_net"_s
            << QString();
        QTest::newRow("mount") << int(K::Mount) << u"service:paperless/db"_s
                               << u"volume:paperless/pgdata"_s << u"/var/lib/postgresql/data"_s;
        QTest::newRow("caddy mount") << int(K::Mount) << u"service:caddy/caddy"_s
                                     << u"volume:caddy/caddy_data"_s << u"/data"_s;
    }
    void demoEdges()
    {
        QFETCH(int, kind);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, label);
        const Graph g = deriveGraph(test::demoCompositions());
        const auto it = std::find_if(g.edges.cbegin(), g.edges.cend(), [&](const GraphEdge &e) {
            return int(e.kind) == kind && e.from == from && e.to == to;
        });
        QVERIFY(it != g.edges.cend());
        QCOMPARE(it->label, label);
        // Bind mounts are not edges; every edge's ends exist.
        for (const GraphEdge &e : g.edges) {
            QVERIFY2(g.node(e.from), qPrintable(e.from));
            QVERIFY2(g.node(e.to), qPrintable(e.to));
        }
        QCOMPARE(g.edges.size(), 4 + 7 + 5); // dependsOn, memberships, volume mounts
    }

    void sharedExternalEverywhere()
    {
        auto comps = test::demoCompositions();
        comps[0].networks[0].spec = QJsonObject{{u"external"_s, true}}; // caddy joins it too
        const Graph g = deriveGraph(comps);
        const GraphNode *proxy = g.node(u"network:*/proxy_net"_s);
        QVERIFY(proxy);
        QVERIFY(proxy->external);
        QCOMPARE(proxy->detail, u"external"_s);
        QCOMPARE(proxy->refs.size(), 2);
    }

    void notSharedWhenAlone()
    {
        auto comps = test::demoCompositions();
        comps.removeFirst(); // caddy
        const Graph g = deriveGraph(comps);
        QVERIFY(!g.node(u"network:*/proxy_net"_s));
        const GraphNode *local = g.node(u"network:paperless/proxy_net"_s);
        QVERIFY(local);
        QCOMPARE(local->cluster, u"paperless"_s);
    }

    void danglingReferencesAreNotEdges()
    {
        auto comps = test::demoCompositions();
        comps[1].services[0].spec.insert(u"dependsOn"_s, QJsonObject{{u"nope"_s, QJsonObject()}});
        const Graph g = deriveGraph(comps);
        for (const GraphEdge &e : g.edges)
            QVERIFY(e.to != u"service:paperless/nope"_s);
    }

    void dot()
    {
        const QString dot = toDot(deriveGraph(test::demoCompositions()));
        QVERIFY(dot.startsWith(u"digraph khepri {"_s));
        QVERIFY(dot.contains(u"subgraph \"cluster_paperless\""_s));
        QVERIFY(dot.contains(
            u"\"network:*/proxy_net\" [label=\"proxy_net\\nfrom caddy\", shape=hexagon];"_s));
        QVERIFY(dot.contains(
            u"\"service:paperless/webserver\" -> \"service:paperless/db\" [label=\"service_started\"];"_s));
        QVERIFY(dot.contains(u"shape=cylinder"_s));
        QCOMPARE(dot, toDot(deriveGraph(test::demoCompositions()))); // deterministic
    }

    void json()
    {
        const QJsonObject j = toJson(deriveGraph(test::demoCompositions()));
        QCOMPARE(j.value(u"clusters").toArray().size(), 2);
        QCOMPARE(j.value(u"nodes").toArray().size(), 13);
        QCOMPARE(j.value(u"edges").toArray().size(), 16);
        const QJsonObject first = j.value(u"nodes").toArray().first().toObject();
        QCOMPARE(first.value(u"id").toString(), u"service:caddy/caddy"_s);
        QCOMPARE(first.value(u"kind").toString(), u"service"_s);
        QCOMPARE(first.value(u"refs").toArray().first().toObject().value(u"composition"),
                 QJsonValue(u"caddy"_s));
    }
};

QTEST_GUILESS_MAIN(TestGraph)
#include "tst_graph.moc"
