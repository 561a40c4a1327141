#pragma once

// One edge of the graph scene: a dependency (arrow labelled with its
// condition), a network membership (dashed) or a volume mount (dotted,
// labelled with the mount path). Follows its two node items as they move;
// the scene owns it and removes it before either node.

#include <QGraphicsItem>

#include "graph.h"

namespace khepri {

class GraphNodeItem;

class GraphEdgeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 2 };
    GraphEdgeItem(const GraphEdge &edge, GraphNodeItem *source, GraphNodeItem *target);
    ~GraphEdgeItem() override;

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const GraphEdge &edge() const { return m_edge; }
    void setEdge(const GraphEdge &edge);
    GraphNodeItem *source() const { return m_source; }
    GraphNodeItem *target() const { return m_target; }
    QLineF line() const { return m_line; }
    void adjust(); // after either node moved

private:
    QRectF labelRect() const;

    GraphEdge m_edge;
    GraphNodeItem *m_source;
    GraphNodeItem *m_target;
    QLineF m_line;
};

// The key under which the scene keeps an edge: kind, ends and entry.
QString edgeKey(const GraphEdge &edge);

} // namespace khepri
