#include "graph.h"

#include <QJsonArray>
#include <QMap>
#include <QSet>
#include <QStringBuilder>

#include "enumnames.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

QString localId(GraphNode::Kind kind, const QString &comp, const QString &name)
{
    return NodeId::local(kind, comp, name).toString();
}

QString sharedId(GraphNode::Kind kind, const QString &dockerName)
{
    return NodeId::shared(kind, dockerName).toString();
}

// Docker name of a network or volume, as the module names it: `name`, else the key when
// external, else `<composition>_<key>`.
template<typename T>
QString dockerKey(const Composition &c, const T &entity)
{
    if (!entity.dockerName().isEmpty())
        return entity.dockerName();
    return entity.external() ? entity.name : QString(c.name % u'_' % entity.name);
}

QString quoteDot(const QString &text)
{
    QString out = text;
    out.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s).replace(u'\n', u"\\n"_s);
    return u'"' % out % u'"';
}

QJsonObject refJson(const EntityRef &ref)
{
    return {
        {u"kind"_s, ref.kindName()}, {u"composition"_s, ref.composition}, {u"name"_s, ref.name}};
}

} // namespace

int Graph::indexOf(const QString &nodeId) const
{
    return m_index.value(nodeId, -1);
}

const GraphNode *Graph::node(const QString &nodeId) const
{
    const int i = indexOf(nodeId);
    return i < 0 ? nullptr : &nodes.at(i);
}

QString Graph::nodeIdFor(const EntityRef &ref) const
{
    // Most nodes show one entity under its local id: found without a search.
    if (const QString local = NodeId::of(ref).toString(); m_index.contains(local))
        return local;
    for (const GraphNode &n : nodes)
        if (n.refs.contains(ref))
            return n.id;
    return {};
}

QString edgeKindName(GraphEdge::Kind kind)
{
    static constexpr auto names = makeEnumNames<GraphEdge::Kind>({
        {GraphEdge::Kind::DependsOn, u"dependsOn"},
        {GraphEdge::Kind::Network, u"network"},
        {GraphEdge::Kind::Mount, u"mount"},
    });
    static_assert(names.coversValuesBelow(3) && names.namesAreUnique());
    return names.name(kind);
}

Graph deriveGraph(const QList<Composition> &compositions)
{
    using NK = GraphNode::Kind;
    Graph g;

    // Networks/volumes (by Docker name) more than one composition uses, at least one of
    // them as external: one composition may create it and the others join it.
    QMap<QString, QStringList> netUsers, volUsers;
    QSet<QString> netExternal, volExternal;
    for (const Composition &c : compositions) {
        for (const Network &n : c.networks) {
            netUsers[dockerKey(c, n)].append(c.name);
            if (n.external())
                netExternal.insert(dockerKey(c, n));
        }
        for (const Volume &v : c.volumes) {
            volUsers[dockerKey(c, v)].append(c.name);
            if (v.external())
                volExternal.insert(dockerKey(c, v));
        }
    }
    auto isShared = [](const QMap<QString, QStringList> &users, const QSet<QString> &external,
                       const QString &key) {
        return users.value(key).size() > 1 && external.contains(key);
    };
    auto sharedNetwork = [&](const Composition &c, const Network &n) {
        return isShared(netUsers, netExternal, dockerKey(c, n));
    };
    auto sharedVolume = [&](const Composition &c, const Volume &v) {
        return isShared(volUsers, volExternal, dockerKey(c, v));
    };
    auto networkId = [&](const Composition &c, const Network &n) {
        return sharedNetwork(c, n) ? sharedId(NK::Network, dockerKey(c, n))
                                   : localId(NK::Network, c.name, n.name);
    };
    auto volumeId = [&](const Composition &c, const Volume &v) {
        return sharedVolume(c, v) ? sharedId(NK::Volume, dockerKey(c, v))
                                  : localId(NK::Volume, c.name, v.name);
    };

    auto addNode = [&](GraphNode node) {
        if (const int existing = g.m_index.value(node.id, -1); existing >= 0) {
            g.nodes[existing].refs.append(node.refs);
            return;
        }
        g.m_index.insert(node.id, int(g.nodes.size()));
        g.nodes.append(std::move(node));
    };
    // A shared node outside the clusters: "external" when every composition joins it as
    // external, else it names the composition that creates it.
    QList<GraphNode> shared;
    auto addShared = [&](GraphNode node, const QString &creator) {
        node.cluster.clear();
        for (GraphNode &s : shared)
            if (s.id == node.id) {
                s.refs.append(node.refs);
                if (!creator.isEmpty()) {
                    s.external = false;
                    s.detail = u"from "_s + creator;
                }
                return;
            }
        if (!creator.isEmpty()) {
            node.external = false;
            node.detail = u"from "_s + creator;
        }
        shared.append(std::move(node));
    };

    for (const Composition &c : compositions) {
        g.clusters.append(GraphCluster{c.name, c.name});
        for (const Service &s : c.services)
            addNode(GraphNode{localId(NK::Service, c.name, s.name),
                              NK::Service,
                              s.name,
                              s.image(),
                              c.name,
                              false,
                              {EntityRef::service(c.name, s.name)}});
        for (const Network &n : c.networks) {
            GraphNode node{networkId(c, n),
                           NK::Network,
                           n.name,
                           n.external() ? u"external"_s : n.driver(),
                           c.name,
                           n.external(),
                           {EntityRef::network(c.name, n.name)}};
            if (sharedNetwork(c, n)) {
                node.label = dockerKey(c, n);
                addShared(std::move(node), n.external() ? QString() : c.name);
            } else {
                addNode(std::move(node));
            }
        }
        for (const Volume &v : c.volumes) {
            GraphNode node{volumeId(c, v),
                           NK::Volume,
                           v.name,
                           v.external() ? u"external"_s : v.driver(),
                           c.name,
                           v.external(),
                           {EntityRef::volume(c.name, v.name)}};
            if (sharedVolume(c, v)) {
                node.label = dockerKey(c, v);
                addShared(std::move(node), v.external() ? QString() : c.name);
            } else {
                addNode(std::move(node));
            }
        }
    }
    for (GraphNode &s : shared)
        addNode(std::move(s));

    for (const Composition &c : compositions) {
        for (const Service &s : c.services) {
            const QString from = localId(NK::Service, c.name, s.name);
            const EntityRef owner = EntityRef::service(c.name, s.name);
            for (const Dependency &d : s.dependsOn()) {
                if (!c.service(d.service))
                    continue;
                g.edges.append(GraphEdge{GraphEdge::Kind::DependsOn, from,
                                         localId(NK::Service, c.name, d.service),
                                         conditionName(d.condition), owner, d.service});
            }
            const QJsonObject nets = s.spec.value(u"networks").toObject();
            for (auto it = nets.begin(); it != nets.end(); ++it) {
                const Network *n = c.network(it.key());
                if (!n)
                    continue;
                QStringList aliases;
                for (const QJsonValue &a : it.value().toObject().value(u"aliases").toArray())
                    aliases.append(a.toString());
                g.edges.append(GraphEdge{GraphEdge::Kind::Network, from, networkId(c, *n),
                                         aliases.join(u", "_s), owner, it.key()});
            }
            for (const Mount &m : s.mounts()) {
                if (m.kind != Mount::Kind::Volume)
                    continue;
                const Volume *v = c.volume(m.source);
                if (!v)
                    continue;
                g.edges.append(GraphEdge{GraphEdge::Kind::Mount, from, volumeId(c, *v),
                                         m.readOnly ? QString(m.target % u" (ro)") : m.target,
                                         owner, m.source});
            }
        }
    }
    return g;
}

QString toDot(const Graph &graph)
{
    QString out = u"digraph khepri {\n  rankdir=LR;\n  node [fontname=\"sans-serif\"];\n"_s;
    auto nodeLine = [](const GraphNode &n, const QString &indent) -> QString {
        QString shape;
        switch (n.kind) {
        case GraphNode::Kind::Service:
            shape = u"box, style=rounded"_s;
            break;
        case GraphNode::Kind::Network:
            shape = u"hexagon"_s;
            break;
        case GraphNode::Kind::Volume:
            shape = u"cylinder"_s;
            break;
        }
        const QString label = n.detail.isEmpty() ? n.label : QString(n.label % u'\n' % n.detail);
        return indent % quoteDot(n.id) % u" [label=" % quoteDot(label) % u", shape=" % shape
               % u"];\n";
    };
    for (const GraphCluster &c : graph.clusters) {
        out += u"  subgraph " % quoteDot(u"cluster_" % c.id) % u" {\n    label=" % quoteDot(c.label)
               % u";\n";
        for (const GraphNode &n : graph.nodes)
            if (n.cluster == c.id)
                out += nodeLine(n, u"    "_s);
        out += u"  }\n"_s;
    }
    for (const GraphNode &n : graph.nodes)
        if (n.cluster.isEmpty())
            out += nodeLine(n, u"  "_s);
    for (const GraphEdge &e : graph.edges) {
        QString attrs;
        switch (e.kind) {
        case GraphEdge::Kind::DependsOn:
            attrs = u"label=" % quoteDot(e.label);
            break;
        case GraphEdge::Kind::Network:
            attrs = u"arrowhead=none, style=dashed"_s;
            if (!e.label.isEmpty())
                attrs += u", label=" % quoteDot(e.label);
            break;
        case GraphEdge::Kind::Mount:
            attrs = u"arrowhead=none, style=dotted, label=" % quoteDot(e.label);
            break;
        }
        out += u"  " % quoteDot(e.from) % u" -> " % quoteDot(e.to) % u" [" % attrs % u"];\n";
    }
    out += u"}\n"_s;
    return out;
}

QJsonObject toJson(const Graph &graph)
{
    QJsonArray clusters, nodes, edges;
    for (const GraphCluster &c : graph.clusters)
        clusters.append(QJsonObject{{u"id"_s, c.id}, {u"label"_s, c.label}});
    for (const GraphNode &n : graph.nodes) {
        QJsonArray refs;
        for (const EntityRef &r : n.refs)
            refs.append(refJson(r));
        nodes.append(QJsonObject{{u"id"_s, n.id},
                                 {u"kind"_s, nodeKindName(n.kind)},
                                 {u"label"_s, n.label},
                                 {u"detail"_s, n.detail},
                                 {u"cluster"_s, n.cluster.isEmpty() ? QJsonValue() : n.cluster},
                                 {u"external"_s, n.external},
                                 {u"refs"_s, refs}});
    }
    for (const GraphEdge &e : graph.edges)
        edges.append(QJsonObject{{u"kind"_s, edgeKindName(e.kind)},
                                 {u"from"_s, e.from},
                                 {u"to"_s, e.to},
                                 {u"label"_s, e.label},
                                 {u"owner"_s, refJson(e.owner)}});
    return {{u"clusters"_s, clusters}, {u"nodes"_s, nodes}, {u"edges"_s, edges}};
}

} // namespace khepri
