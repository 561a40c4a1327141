#include "graphview.h"

#include <QGraphicsLineItem>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include "graphnodeitem.h"
#include "graphscene.h"

namespace khepri {

GraphView::GraphView(GraphScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setOptimizationFlags(DontSavePainterState);
    setFrameShape(QFrame::NoFrame);
}

qreal GraphView::zoom() const
{
    return transform().m11();
}

void GraphView::zoomBy(qreal factor)
{
    const qreal next = zoom() * factor;
    if (next < 0.02 || next > 4)
        return;
    scale(factor, factor);
}

void GraphView::fitAll()
{
    QRectF bounds;
    for (QGraphicsItem *item : m_scene->items())
        if (!item->parentItem() && item != m_connectLine)
            bounds = bounds.united(item->sceneBoundingRect());
    if (!bounds.isValid())
        return;
    fitInView(bounds.adjusted(-30, -30, 30, 30), Qt::KeepAspectRatio);
    if (zoom() > 1.4) { // a small graph: do not blow it up
        const qreal f = 1.4 / zoom();
        scale(f, f);
    }
    centerOn(bounds.center());
}

bool GraphView::focusNode(const QString &nodeId)
{
    GraphNodeItem *item = m_scene->nodeItem(nodeId);
    if (!item)
        return false;
    if (zoom() < 0.8)
        zoomBy(1.0 / zoom());
    m_scene->clearSelection();
    item->setSelected(true);
    centerOn(item);
    return true;
}

void GraphView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ShiftModifier) { // scroll sideways / along
        QGraphicsView::wheelEvent(event);
        return;
    }
    const int delta = event->angleDelta().y();
    if (delta == 0)
        return;
    zoomBy(std::pow(1.0015, delta));
    event->accept();
}

GraphNodeItem *GraphView::nodeAt(const QPoint &viewPos) const
{
    for (QGraphicsItem *item : items(viewPos))
        if (item->type() == GraphNodeItem::Type)
            return static_cast<GraphNodeItem *>(item);
    return nullptr;
}

void GraphView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        GraphNodeItem *node = nodeAt(event->position().toPoint());
        if (node && node->node().kind == GraphNode::Kind::Service) {
            const QPointF local = node->mapFromScene(mapToScene(event->position().toPoint()));
            const bool onHandle = node->handleRect().adjusted(-4, -4, 4, 4).contains(local);
            if ((event->modifiers() & Qt::ShiftModifier) || onHandle) {
                m_connectFrom = node->id();
                m_connectLine = new QGraphicsLineItem(QLineF(node->scenePos(), node->scenePos()));
                QPen pen(palette().color(QPalette::Highlight), 2, Qt::DashLine);
                pen.setCosmetic(true);
                m_connectLine->setPen(pen);
                m_connectLine->setZValue(100);
                m_scene->addItem(m_connectLine);
                viewport()->setCursor(Qt::CrossCursor);
                event->accept();
                return;
            }
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_connectLine) {
        if (GraphNodeItem *from = m_scene->nodeItem(m_connectFrom))
            m_connectLine->setLine(
                QLineF(from->scenePos(), mapToScene(event->position().toPoint())));
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void GraphView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_connectLine) {
        delete m_connectLine;
        m_connectLine = nullptr;
        viewport()->unsetCursor();
        const QString from = m_connectFrom;
        m_connectFrom.clear();
        GraphNodeItem *to = nodeAt(event->position().toPoint());
        if (to && to->id() != from && m_scene->nodeItem(from))
            Q_EMIT connectRequested(from, to->id());
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

} // namespace khepri
