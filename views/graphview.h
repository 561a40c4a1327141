#pragma once

// The view on the graph scene: zoom with the wheel (around the cursor), pan
// by dragging the background, fit everything, focus a node, and connect by
// dragging from a service — with Shift held, or from the handle on its right
// edge — to a network, a volume or another service. The view only reports
// the wish (connectRequested); the main window turns it into Document edits.

#include <QGraphicsView>

namespace khepri {

class GraphNodeItem;
class GraphScene;

class GraphView : public QGraphicsView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GraphView)
public:
    explicit GraphView(GraphScene *scene, QWidget *parent = nullptr);

    GraphScene *graphScene() const { return m_scene; }
    void fitAll();
    void zoomBy(qreal factor);
    qreal zoom() const;
    // Centres on a node and selects it; false if there is none.
    bool focusNode(const QString &nodeId);

Q_SIGNALS:
    void connectRequested(const QString &fromNodeId, const QString &toNodeId);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    GraphNodeItem *nodeAt(const QPoint &viewPos) const;

    GraphScene *m_scene;
    QString m_connectFrom; // node id while dragging a connection
    QGraphicsLineItem *m_connectLine = nullptr;
};

} // namespace khepri
