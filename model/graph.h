#pragma once

// The compositions as a graph: services, networks and volumes as nodes;
// depends_on, network membership and volume mounts as edges; one cluster per
// composition. An external network (or volume) that several compositions
// declare under the same Docker name is one node outside every cluster,
// linked to each composition's services. Pure derivation (Qt::Core only),
// shared by the GUI's graph scene and `khepri graph --format dot|json`.
//
// Node ids are stable across edits ("service:app/web", "network:app/net",
// "network:*/proxy_net" for a shared external one), so a view can keep its
// items and positions by id; NodeId (nodeid.h) owns their format.

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "composition.h"
#include "entityref.h"
#include "nodeid.h"

namespace khepri {

struct GraphNode {
    using Kind = NodeKind;
    QString id; // NodeId::toString()
    Kind kind = Kind::Service;
    QString label;   // the entity's name (a shared one: its Docker name)
    QString detail;  // service: image; network/volume: driver, "external", "from <creator>"
    QString cluster; // composition name; empty for shared networks/volumes
    bool external = false;
    QList<EntityRef> refs; // what it stands for; several for a shared external
    friend bool operator==(const GraphNode &, const GraphNode &) = default;
};

struct GraphEdge {
    enum class Kind { DependsOn, Network, Mount };
    Kind kind = Kind::DependsOn;
    QString from;    // node id; always a service
    QString to;      // node id
    QString label;   // condition (depends_on), mount target (+ " (ro)"), aliases (network)
    EntityRef owner; // the service whose settings hold the edge
    QString key;     // the dependsOn/networks entry or the mount source
    friend bool operator==(const GraphEdge &, const GraphEdge &) = default;
};

struct GraphCluster {
    QString id; // the composition name
    QString label;
    friend bool operator==(const GraphCluster &, const GraphCluster &) = default;
};

struct Graph {
    QList<GraphCluster> clusters;
    QList<GraphNode> nodes; // clusters' nodes first, in composition order; shared ones last
    QList<GraphEdge> edges;

    int indexOf(const QString &nodeId) const; // -1 when absent
    const GraphNode *node(const QString &nodeId) const;
    // The node that shows `ref` (a shared external shows several refs).
    QString nodeIdFor(const EntityRef &ref) const;
    friend bool operator==(const Graph &, const Graph &) = default;

private:
    friend Graph deriveGraph(const QList<Composition> &compositions);
    QHash<QString, int> m_index;
};

Graph deriveGraph(const QList<Composition> &compositions);

QString edgeKindName(GraphEdge::Kind kind); // "dependsOn", "network", "mount"

// Graphviz source: one subgraph cluster per composition, shapes per kind.
QString toDot(const Graph &graph);
// {"clusters": [...], "nodes": [...], "edges": [...]} — stable field names.
QJsonObject toJson(const Graph &graph);

} // namespace khepri
