#pragma once

// The labelled frame around one composition's nodes in the graph scene. Its
// rectangle is computed by the scene from the nodes it contains; only its
// title bar takes clicks (selecting the composition), so dragging inside the
// frame pans the view. Read-only compositions say so, and which file holds
// them, in the title.

#include <QGraphicsItem>

namespace khepri {

class GraphFrameItem : public QGraphicsItem {
public:
    enum { Type = UserType + 3 };
    explicit GraphFrameItem(const QString &composition);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString composition() const { return m_composition; }
    void setFrameRect(const QRectF &rect); // scene coordinates, nodes' bounds plus margin
    QRectF frameRect() const { return m_rect; }
    void setReadOnly(bool readOnly, const QString &file);
    void setDiagnostics(int errors, int warnings);
    static constexpr qreal kTitleHeight = 30;

private:
    QRectF titleRect() const;

    QString m_composition;
    QRectF m_rect;
    bool m_readOnly = false;
    QString m_file;
    int m_errors = 0;
    int m_warnings = 0;
};

} // namespace khepri
