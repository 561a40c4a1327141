#include "graphframeitem.h"

#include <QFileInfo>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QStringBuilder>
#include <QStyleOptionGraphicsItem>

#include "graphstyle.h"

using namespace Qt::StringLiterals;

namespace khepri {

GraphFrameItem::GraphFrameItem(const QString &composition)
    : m_composition(composition)
{
    setFlags(ItemIsSelectable);
    setZValue(-10);
}

void GraphFrameItem::setFrameRect(const QRectF &rect)
{
    if (rect == m_rect)
        return;
    prepareGeometryChange();
    m_rect = rect;
}

void GraphFrameItem::setReadOnly(bool readOnly, const QString &file)
{
    m_readOnly = readOnly;
    m_file = file;
    setToolTip(readOnly ? QString(m_composition % u" — read-only, defined in " % file)
                        : QString(m_composition % u" — editable, in " % file));
    update();
}

void GraphFrameItem::setDiagnostics(int errors, int warnings)
{
    m_errors = errors;
    m_warnings = warnings;
    update();
}

QRectF GraphFrameItem::titleRect() const
{
    return {m_rect.left(), m_rect.top(), m_rect.width(), kTitleHeight};
}

QRectF GraphFrameItem::boundingRect() const
{
    return m_rect.adjusted(-2, -2, 2, 2);
}

QPainterPath GraphFrameItem::shape() const
{
    QPainterPath path;
    path.addRect(titleRect());
    return path;
}

void GraphFrameItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QPalette palette = scene() ? scene()->palette() : QPalette();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QColor text = palette.color(QPalette::Text);
    QColor border = isSelected() ? palette.color(QPalette::Highlight) : text;
    if (!isSelected())
        border.setAlphaF(0.35f);
    QColor background = text;
    background.setAlphaF(graphstyle::isDark(palette) ? 0.04f : 0.03f);
    QPen pen(border, isSelected() ? 2.5 : 1.2);
    if (m_readOnly)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(background);
    painter->drawRoundedRect(m_rect, 12, 12);
    if (lod < 0.15)
        return;

    QFont font = scene() ? scene()->font() : painter->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.25);
    painter->setFont(font);
    painter->setPen(text);
    const QRectF title = titleRect().adjusted(14, 4, -14, 0);
    painter->drawText(title, Qt::AlignLeft | Qt::AlignVCenter, m_composition);
    const qreal used = QFontMetricsF(font).horizontalAdvance(m_composition) + 12;
    QString note;
    if (m_readOnly)
        note = u"read-only · " % QFileInfo(m_file).fileName();
    if (m_errors > 0)
        note += (note.isEmpty() ? u""_s : u" · "_s) % QString::number(m_errors)
                % (m_errors == 1 ? u" error"_s : u" errors"_s);
    else if (m_warnings > 0)
        note += (note.isEmpty() ? u""_s : u" · "_s) % QString::number(m_warnings)
                % (m_warnings == 1 ? u" warning"_s : u" warnings"_s);
    if (!note.isEmpty()) {
        QFont small = font;
        small.setBold(false);
        small.setPointSizeF(font.pointSizeF() * 0.7);
        painter->setFont(small);
        QColor dim = m_errors > 0 ? graphstyle::errorColor(palette) : text;
        if (m_errors == 0)
            dim.setAlphaF(0.65f);
        painter->setPen(dim);
        painter->drawText(
            title.adjusted(used, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(small).elidedText(note, Qt::ElideRight, title.width() - used));
    }
}

} // namespace khepri
