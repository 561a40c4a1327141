#pragma once

// One node of the graph scene: a service, network or volume, drawn in the
// shape of its kind with its name, detail (image, driver), a badge for its
// diagnostics and a dot for its live state. Holds the node id (see
// model/graph.h) and what it displays; the scene keeps these in step with the
// Document and owns the item. Paints less when zoomed out (level of detail)
// so that thousands of nodes stay fluid.

#include <optional>

#include <QGraphicsItem>
#include <QList>

#include "graph.h"
#include "livestatus.h"

namespace khepri {

class GraphEdgeItem;

class GraphNodeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };
    explicit GraphNodeItem(const GraphNode &node);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString id() const { return m_node.id; }
    const GraphNode &node() const { return m_node; }
    void setNode(const GraphNode &node);
    QRectF nodeRect() const; // in item coordinates, centred on (0, 0)

    void setDiagnostics(int errors, int warnings);
    int errors() const { return m_errors; }
    int warnings() const { return m_warnings; }
    // The live state, shown as a coloured dot; none: no dot (not deployed, no live data).
    void setState(std::optional<LiveStatus> state);
    std::optional<LiveStatus> state() const { return m_state; }
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    // The connect handle (drag from it to link to another node).
    QRectF handleRect() const;

    void addEdge(GraphEdgeItem *edge) { m_edges.append(edge); }
    void removeEdge(GraphEdgeItem *edge) { m_edges.removeAll(edge); }
    const QList<GraphEdgeItem *> &edges() const { return m_edges; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    GraphNode m_node;
    int m_errors = 0;
    int m_warnings = 0;
    std::optional<LiveStatus> m_state;
    bool m_readOnly = false;
    bool m_hovered = false;
    QList<GraphEdgeItem *> m_edges;
};

} // namespace khepri
