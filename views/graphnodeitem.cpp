#include "graphnodeitem.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QStringBuilder>
#include <QStyleOptionGraphicsItem>

#include "graphedgeitem.h"
#include "graphscene.h"
#include "graphstyle.h"

using namespace Qt::StringLiterals;

namespace khepri {

GraphNodeItem::GraphNodeItem(const GraphNode &node)
    : m_node(node)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setZValue(1);
    setToolTip(node.detail.isEmpty() ? node.label : QString(node.label % u'\n' % node.detail));
}

void GraphNodeItem::setNode(const GraphNode &node)
{
    if (node == m_node)
        return;
    m_node = node;
    setToolTip(node.detail.isEmpty() ? node.label : QString(node.label % u'\n' % node.detail));
    update();
}

QRectF GraphNodeItem::nodeRect() const
{
    const QSizeF s = graphstyle::nodeSize(m_node.kind);
    return {-s.width() / 2, -s.height() / 2, s.width(), s.height()};
}

QRectF GraphNodeItem::boundingRect() const
{
    return nodeRect().adjusted(-6, -12, 12, 6);
}

QPainterPath GraphNodeItem::shape() const
{
    QPainterPath path;
    path.addRect(nodeRect());
    return path;
}

QRectF GraphNodeItem::handleRect() const
{
    const QRectF r = nodeRect();
    return {r.right() - 5, r.center().y() - 5, 10, 10};
}

void GraphNodeItem::setDiagnostics(int errors, int warnings)
{
    if (errors == m_errors && warnings == m_warnings)
        return;
    m_errors = errors;
    m_warnings = warnings;
    update();
}

void GraphNodeItem::setState(std::optional<LiveStatus> state)
{
    if (state == m_state)
        return;
    m_state = state;
    update();
}

void GraphNodeItem::setReadOnly(bool readOnly)
{
    if (readOnly == m_readOnly)
        return;
    m_readOnly = readOnly;
    update();
}

void GraphNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QPalette palette = scene() ? scene()->palette() : QPalette();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF r = nodeRect();
    const QColor accent = graphstyle::kindColor(m_node.kind, palette);
    const bool selected = isSelected();

    if (lod < 0.2) { // a coloured block is all one can see
        painter->fillRect(r, selected ? palette.color(QPalette::Highlight) : accent);
        if (m_errors > 0)
            painter->fillRect(QRectF(r.right() - 30, r.top() - 10, 40, 30),
                              graphstyle::errorColor(palette));
        return;
    }

    QPen pen(selected ? palette.color(QPalette::Highlight) : accent, selected ? 3 : 1.6);
    if (m_readOnly)
        pen.setStyle(Qt::DashLine);
    if (m_node.external && !selected)
        pen.setStyle(Qt::DotLine);
    painter->setPen(pen);
    painter->setBrush(graphstyle::fill(m_node.kind, palette));
    painter->drawPath(graphstyle::shape(m_node.kind, r));
    if (lod < 0.45)
        return;

    // Text: the name, bold, and the detail below it.
    const qreal inset = m_node.kind == GraphNode::Kind::Network ? r.height() / 2 : 12;
    QRectF textRect = r.adjusted(inset, 4, -inset, -4);
    if (m_node.kind == GraphNode::Kind::Volume)
        textRect.adjust(0, 6, 0, 0);
    QFont font = scene() ? scene()->font() : painter->font();
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF boldMetrics(bold);
    const QFontMetricsF metrics(font);
    const QColor text = palette.color(QPalette::Text);
    painter->setPen(text);
    painter->setFont(bold);
    const QString label = boldMetrics.elidedText(m_node.label, Qt::ElideMiddle, textRect.width());
    if (m_node.detail.isEmpty()) {
        painter->drawText(textRect, Qt::AlignCenter, label);
    } else {
        QFont small = font;
        small.setPointSizeF(font.pointSizeF() * 0.85);
        const QFontMetricsF smallMetrics(small);
        const qreal total = boldMetrics.height() + smallMetrics.height();
        QRectF top = textRect;
        top.setTop(textRect.center().y() - total / 2);
        top.setHeight(boldMetrics.height());
        painter->drawText(top, Qt::AlignHCenter | Qt::AlignVCenter, label);
        painter->setFont(small);
        QColor dim = text;
        dim.setAlphaF(0.7f);
        painter->setPen(dim);
        QRectF bottom = top.translated(0, boldMetrics.height());
        bottom.setHeight(smallMetrics.height());
        painter->drawText(
            bottom, Qt::AlignHCenter | Qt::AlignVCenter,
            smallMetrics.elidedText(m_node.detail, Qt::ElideMiddle, textRect.width()));
    }

    // Live state: a dot on the left.
    if (m_state) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(graphstyle::stateColor(*m_state, palette));
        painter->drawEllipse(QPointF(r.left() + 8, r.center().y()), 4, 4);
    }

    // Diagnostics badge at the top right.
    if (m_errors > 0 || m_warnings > 0) {
        const int count = m_errors > 0 ? m_errors : m_warnings;
        const QColor badge =
            m_errors > 0 ? graphstyle::errorColor(palette) : graphstyle::warningColor(palette);
        QFont badgeFont = bold;
        badgeFont.setPointSizeF(font.pointSizeF() * 0.8);
        const QString number = QString::number(count);
        const qreal w =
            std::max<qreal>(18, QFontMetricsF(badgeFont).horizontalAdvance(number) + 10);
        const QRectF b(r.right() - w + 6, r.top() - 9, w, 18);
        painter->setPen(QPen(palette.color(QPalette::Base), 1.5));
        painter->setBrush(badge);
        painter->drawRoundedRect(b, 9, 9);
        painter->setPen(Qt::white);
        painter->setFont(badgeFont);
        painter->drawText(b, Qt::AlignCenter, number);
    }

    // The connect handle of services, when hovered or selected.
    if (m_node.kind == GraphNode::Kind::Service && (m_hovered || selected) && !m_readOnly) {
        painter->setPen(QPen(palette.color(QPalette::Base), 1.5));
        painter->setBrush(accent);
        painter->drawEllipse(handleRect());
    }
}

QVariant GraphNodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        for (GraphEdgeItem *edge : std::as_const(m_edges))
            edge->adjust();
        if (auto *graph = qobject_cast<GraphScene *>(scene()))
            graph->nodeMoved(this);
    }
    return QGraphicsItem::itemChange(change, value);
}

void GraphNodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void GraphNodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

} // namespace khepri
