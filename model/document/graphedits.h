#pragma once

// What the graph's gestures mean for the compositions, decided in one place
// for every console (in the spirit of QtNodes' connectionPossible() and
// addConnection()). Dragging from a service onto
//   - another service of its composition: it depends on that service;
//   - a network of its composition: it joins it; onto an external or shared
//     network its composition does not declare yet: the network is declared
//     there too, as external, and joined;
//   - a volume of its composition: it mounts it at an absolute path.
// Deleting an edge removes the entry of the service's settings that makes it.
//
// Every connect() and disconnect() is ONE undo command on the Document (one
// DocumentEdit), or — refused — nothing at all, with the reason. The views
// only forward gestures here. Holds a reference to the Document, which
// outlives it; keeps no state of its own (it derives the graph per call).

#include <optional>

#include <QString>

#include "entityref.h"
#include "graph.h"
#include "nodeid.h"
#include "result.h"

namespace khepri {

class Document;
class DocumentEdit;

class GraphEdits {
public:
    explicit GraphEdits(Document &document);

    // What an allowed connection does.
    struct Connection {
        enum class Kind { DependsOn, JoinNetwork, DeclareAndJoinNetwork, Mount };
        Kind kind = Kind::DependsOn;
        EntityRef service; // whose settings hold the connection
        EntityRef target;  // the service, network or volume it reaches (declared: the new one)
        QString text;      // the undo step, e.g. "Join tika to proxy_net"
        bool needsMountPath() const { return kind == Kind::Mount; }
    };

    // Whether `from` may be connected to `to`, and what that would do; the
    // error says why not. Checks all that connect() checks but the mount path.
    Result<Connection> canConnect(const NodeId &from, const NodeId &to) const;
    // Connects, as one undo step. A mount needs `mountPath` (absolute).
    Result<void> connect(const NodeId &from, const NodeId &to, const QString &mountPath = {});
    // Removes the edge (its entry in the owning service), as one undo step.
    Result<void> disconnect(const GraphEdge &edge);

private:
    // Stages the connection as the steps of `edit`; without a mount path, a
    // placeholder stands in for it so the rest is still checked.
    Result<Connection> plan(const NodeId &from, const NodeId &to,
                            const std::optional<QString> &mountPath, DocumentEdit &edit) const;

    Document &m_document;
};

} // namespace khepri
