#pragma once

// The id of one node of the graph (model/graph.h), and the one place that
// knows its format:
//
//   <kind>:<composition>/<name>   an entity of one composition  "service:app/web"
//   <kind>:*/<docker name>        a network or volume shared by  "network:*/proxy_net"
//                                 several compositions
//
// Ids are stable across edits, so views keep their items and positions by
// them, and `khepri graph` prints them. A value type: build one with local(),
// shared() or of(), read one with parse(); toString() is the only formatter.
// Valid composition names never contain '/' or '*' (the validator refuses
// them), so parse() splits at the first '/' after the kind.

#include <cstddef>

#include <QString>
#include <QStringView>

#include "entityref.h"
#include "result.h"

namespace khepri {

enum class NodeKind { Service, Network, Volume };

QString nodeKindName(NodeKind kind); // "service", "network", "volume"

class NodeId {
public:
    NodeId() = default; // null: names no node

    static NodeId local(NodeKind kind, const QString &composition, const QString &name);
    static NodeId shared(NodeKind kind, const QString &dockerName);
    // The node that shows `ref` when it is not shared; null for a composition
    // or a secret, which have no node.
    static NodeId of(const EntityRef &ref);
    // The error says what is wrong with `text` and what an id looks like.
    static Result<NodeId> parse(QStringView text);

    bool isNull() const { return m_null; }
    NodeKind kind() const { return m_kind; }
    bool isShared() const { return m_shared; }
    QString composition() const { return m_composition; } // empty when shared
    QString name() const { return m_name; } // the entity's name; the Docker name when shared
    // The entity a local id stands for (a shared one stands for several: ask
    // the graph); a composition ref with an empty name when shared or null.
    EntityRef ref() const;
    QString toString() const;

    friend bool operator==(const NodeId &, const NodeId &) = default;

private:
    NodeId(NodeKind kind, bool shared, const QString &composition, const QString &name);

    NodeKind m_kind = NodeKind::Service;
    bool m_null = true;
    bool m_shared = false;
    QString m_composition;
    QString m_name;
};

size_t qHash(const NodeId &id, size_t seed = 0);

} // namespace khepri
