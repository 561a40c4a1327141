#include "graphedgeitem.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QStringBuilder>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

#include "graphnodeitem.h"
#include "graphstyle.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// Where the segment from the centre of `rect` towards `outside` leaves it.
QPointF clipToRect(const QRectF &rect, const QPointF &outside)
{
    const QPointF c = rect.center();
    const QPointF d = outside - c;
    if (qFuzzyIsNull(d.x()) && qFuzzyIsNull(d.y()))
        return c;
    const qreal sx = qFuzzyIsNull(d.x()) ? 1e9 : (rect.width() / 2) / std::abs(d.x());
    const qreal sy = qFuzzyIsNull(d.y()) ? 1e9 : (rect.height() / 2) / std::abs(d.y());
    const qreal s = std::min({sx, sy, 1.0});
    return c + d * s;
}

} // namespace

QString edgeKey(const GraphEdge &edge)
{
    return edgeKindName(edge.kind) % u'|' % edge.from % u'|' % edge.to % u'|' % edge.key;
}

GraphEdgeItem::GraphEdgeItem(const GraphEdge &edge, GraphNodeItem *source, GraphNodeItem *target)
    : m_edge(edge)
    , m_source(source)
    , m_target(target)
{
    setFlags(ItemIsSelectable);
    setZValue(0);
    m_source->addEdge(this);
    m_target->addEdge(this);
    adjust();
}

GraphEdgeItem::~GraphEdgeItem()
{
    m_source->removeEdge(this);
    m_target->removeEdge(this);
}

void GraphEdgeItem::setEdge(const GraphEdge &edge)
{
    if (edge == m_edge)
        return;
    prepareGeometryChange();
    m_edge = edge;
    update();
}

void GraphEdgeItem::adjust()
{
    const QRectF a = m_source->mapRectToScene(m_source->nodeRect());
    const QRectF b = m_target->mapRectToScene(m_target->nodeRect());
    const QLineF line(clipToRect(a, b.center()), clipToRect(b, a.center()));
    if (line == m_line)
        return;
    prepareGeometryChange();
    m_line = line;
}

QRectF GraphEdgeItem::labelRect() const
{
    if (m_edge.label.isEmpty())
        return {};
    const QFont font = scene() ? scene()->font() : QFont();
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.8);
    const QFontMetricsF metrics(small);
    const QSizeF size(metrics.horizontalAdvance(m_edge.label) + 8, metrics.height() + 2);
    // Dependency labels sit nearer their target, so that several leaving one
    // service do not pile up in the middle.
    const QPointF at = m_line.pointAt(m_edge.kind == GraphEdge::Kind::DependsOn ? 0.62 : 0.5);
    return QRectF(at - QPointF(size.width() / 2, size.height() / 2), size);
}

QRectF GraphEdgeItem::boundingRect() const
{
    const QRectF lineRect = QRectF(m_line.p1(), m_line.p2()).normalized().adjusted(-8, -8, 8, 8);
    return lineRect.united(labelRect());
}

QPainterPath GraphEdgeItem::shape() const
{
    QPainterPath path(m_line.p1());
    path.lineTo(m_line.p2());
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    return stroker.createStroke(path);
}

void GraphEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (m_line.length() < 1)
        return;
    const QPalette palette = scene() ? scene()->palette() : QPalette();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    QColor color = isSelected() ? palette.color(QPalette::Highlight)
                                : graphstyle::edgeColor(m_edge.kind, palette);
    QPen pen(color, isSelected() ? 2.5 : 1.4);
    if (lod < 0.3) { // thin, plain lines when zoomed far out
        pen.setWidthF(0);
        painter->setPen(pen);
        painter->drawLine(m_line);
        return;
    }
    if (m_edge.kind == GraphEdge::Kind::Network)
        pen.setStyle(Qt::DashLine);
    else if (m_edge.kind == GraphEdge::Kind::Mount)
        pen.setStyle(Qt::DotLine);
    painter->setPen(pen);
    painter->drawLine(m_line);

    if (m_edge.kind == GraphEdge::Kind::DependsOn) {
        const qreal angle = std::atan2(-m_line.dy(), m_line.dx());
        const QPointF tip = m_line.p2();
        const qreal size = 10;
        const QPointF left =
            tip - QPointF(std::cos(angle - M_PI / 7) * size, -std::sin(angle - M_PI / 7) * size);
        const QPointF right =
            tip - QPointF(std::cos(angle + M_PI / 7) * size, -std::sin(angle + M_PI / 7) * size);
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawPolygon(QPolygonF{tip, left, right});
    }

    if (lod >= 0.6 && !m_edge.label.isEmpty()) {
        const QRectF r = labelRect();
        QFont small = scene() ? scene()->font() : painter->font();
        small.setPointSizeF(small.pointSizeF() * 0.8);
        painter->setFont(small);
        QColor background = palette.color(QPalette::Base);
        background.setAlphaF(0.85f);
        painter->setPen(Qt::NoPen);
        painter->setBrush(background);
        painter->drawRoundedRect(r, 3, 3);
        painter->setPen(color);
        painter->drawText(r, Qt::AlignCenter, m_edge.label);
    }
}

} // namespace khepri
