#include "graphstyle.h"

#include <QIcon>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace khepri::graphstyle {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor kindColor(GraphNode::Kind kind, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (kind) {
    case GraphNode::Kind::Service:
        return dark ? QColor(0x6c, 0xa8, 0xf0) : QColor(0x2b, 0x6c, 0xc4);
    case GraphNode::Kind::Network:
        return dark ? QColor(0x5f, 0xc9, 0x8c) : QColor(0x23, 0x8a, 0x52);
    case GraphNode::Kind::Volume:
        return dark ? QColor(0xe8, 0xa8, 0x4c) : QColor(0xb8, 0x6b, 0x0c);
    }
    return palette.color(QPalette::Text);
}

namespace {
QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}
} // namespace

QColor fill(GraphNode::Kind kind, const QPalette &palette)
{
    return mix(palette.color(QPalette::Base), kindColor(kind, palette),
               isDark(palette) ? 0.22 : 0.12);
}

QColor edgeColor(GraphEdge::Kind kind, const QPalette &palette)
{
    switch (kind) {
    case GraphEdge::Kind::DependsOn:
        return mix(palette.color(QPalette::Text), kindColor(GraphNode::Kind::Service, palette),
                   0.5);
    case GraphEdge::Kind::Network:
        return kindColor(GraphNode::Kind::Network, palette);
    case GraphEdge::Kind::Mount:
        return kindColor(GraphNode::Kind::Volume, palette);
    }
    return palette.color(QPalette::Text);
}

QColor errorColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xf0, 0x5a, 0x5a) : QColor(0xc8, 0x1e, 0x1e);
}

QColor warningColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xf0, 0xc0, 0x40) : QColor(0xc0, 0x85, 0x00);
}

QColor stateColor(LiveStatus state, const QPalette &palette)
{
    switch (state) {
    case LiveStatus::Running:
    case LiveStatus::Healthy:
        return kindColor(GraphNode::Kind::Network, palette);
    case LiveStatus::Unhealthy:
    case LiveStatus::Failed:
        return errorColor(palette);
    case LiveStatus::Starting:
    case LiveStatus::Restarting:
        return warningColor(palette);
    case LiveStatus::Stopped:
    case LiveStatus::Missing:
    case LiveStatus::Unknown:
        break;
    }
    return palette.color(QPalette::PlaceholderText);
}

QSizeF nodeSize(GraphNode::Kind kind)
{
    switch (kind) {
    case GraphNode::Kind::Service:
        return {190, 54};
    case GraphNode::Kind::Network:
        return {160, 40};
    case GraphNode::Kind::Volume:
        return {150, 50};
    }
    return {150, 50};
}

QPainterPath shape(GraphNode::Kind kind, const QRectF &r)
{
    QPainterPath path;
    switch (kind) {
    case GraphNode::Kind::Service:
        path.addRoundedRect(r, 8, 8);
        break;
    case GraphNode::Kind::Network: {
        const qreal inset = r.height() / 2;
        QPolygonF hexagon;
        hexagon << QPointF(r.left(), r.center().y()) << QPointF(r.left() + inset, r.top())
                << QPointF(r.right() - inset, r.top()) << QPointF(r.right(), r.center().y())
                << QPointF(r.right() - inset, r.bottom()) << QPointF(r.left() + inset, r.bottom())
                << QPointF(r.left(), r.center().y());
        path.addPolygon(hexagon);
        break;
    }
    case GraphNode::Kind::Volume: {
        const qreal ry = std::min(r.height() / 6, 8.0);
        const QRectF top(r.left(), r.top(), r.width(), 2 * ry);
        path.moveTo(r.left(), r.top() + ry);
        path.arcTo(top, 180, -180);
        path.lineTo(r.right(), r.bottom() - ry);
        path.arcTo(QRectF(r.left(), r.bottom() - 2 * ry, r.width(), 2 * ry), 0, -180);
        path.closeSubpath();
        // The rim: the lower half of the top ellipse.
        path.moveTo(r.left(), r.top() + ry);
        path.arcTo(top, 180, 180);
        break;
    }
    }
    return path;
}

QIcon kindIcon(GraphNode::Kind kind, const QPalette &palette)
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(kindColor(kind, palette), 2.5));
    p.setBrush(fill(kind, palette));
    const QRectF r = kind == GraphNode::Kind::Volume ? QRectF(5, 3, 22, 26) : QRectF(2, 7, 28, 18);
    p.drawPath(shape(kind, r));
    p.end();
    return QIcon(pixmap);
}

} // namespace khepri::graphstyle
