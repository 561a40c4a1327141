#pragma once

// The graph of the Document's compositions as a QGraphicsScene: one item per
// node of deriveGraph() (model/graph.h), one per edge, one frame per
// composition. The scene mirrors the Document: on every change it derives
// the graph again and brings its items in line by node id — items whose node
// survives keep their place, new nodes are put beside their neighbours, and
// only a reset with mostly new nodes (or relayout()) runs a full Graphviz
// layout, off the GUI thread. Positions are the only state of its own.
// Owned by the main window; the Document outlives it.

#include <optional>

#include <QGraphicsScene>
#include <QHash>

#include "entityref.h"
#include "graph.h"
#include "livestatus.h"

namespace khepri {

class Document;
class GraphEdgeItem;
class GraphFrameItem;
class GraphLayouter;
class GraphNodeItem;
struct LayoutResult;

class GraphScene : public QGraphicsScene {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GraphScene)
public:
    explicit GraphScene(Document &document, QObject *parent = nullptr);
    ~GraphScene() override;

    const Graph &graph() const { return m_graph; }
    GraphNodeItem *nodeItem(const QString &nodeId) const { return m_nodes.value(nodeId); }
    GraphNodeItem *nodeItemFor(const EntityRef &ref) const;
    QList<GraphNodeItem *> nodeItems() const { return m_nodes.values(); }
    QList<GraphEdgeItem *> edgeItems() const { return m_edges.values(); }
    GraphFrameItem *frameItem(const QString &composition) const
    {
        return m_frames.value(composition);
    }

    // The entity an item stands for: a node's (first) entity, an edge's
    // owning service, a frame's composition.
    static EntityRef refOf(const QGraphicsItem *item);
    // Selects the item showing `ref` (and nothing else); false if none does.
    bool selectRef(const EntityRef &ref);

    // Live state hook: shown as a coloured dot on the entity's node; none
    // removes the dot.
    void setNodeState(const EntityRef &ref, std::optional<LiveStatus> state);

    // Lays out every node again with Graphviz (asynchronously).
    void relayout();
    bool isLayoutPending() const { return m_pendingLayout != 0; }

    // Called by node items when they move.
    void nodeMoved(GraphNodeItem *node);

Q_SIGNALS:
    void layoutFinished();

private:
    void sync(bool reset);
    void applyLayout(int generation, const LayoutResult &result);
    void placeNear(GraphNodeItem *item);
    void updateFrame(const QString &composition);
    void updateFrames();
    void updateDiagnostics();
    void updateSceneRect();

    Document &m_document;
    GraphLayouter *m_layouter;
    Graph m_graph;
    QHash<QString, GraphNodeItem *> m_nodes;
    QHash<QString, GraphEdgeItem *> m_edges; // by edgeKey()
    QHash<QString, GraphFrameItem *> m_frames;
    QHash<QString, LiveStatus> m_states; // node id → live state
    QHash<QString, QPointF> m_removedAt; // where removed nodes were, for undo
    int m_pendingLayout = 0;             // generation awaited; 0: none
    bool m_applying = false;
};

} // namespace khepri
