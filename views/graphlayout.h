#pragma once

// Graph layout with Graphviz (libgvc, dot): node boxes in, node centres out,
// one cluster per composition. Graphviz is not thread-safe, so every call is
// serialised by one process-wide lock: at most one layout runs at a time,
// whichever thread asks. Pure apart from that lock; GraphLayouter runs it off
// the GUI thread.

#include <QHash>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QStringList>

namespace khepri {

struct LayoutRequest {
    struct Node {
        QString id;
        QString cluster; // empty: outside every cluster
        QSizeF size;     // scene units (1 unit = 1 pt)
    };
    QList<Node> nodes;
    QList<std::pair<QString, QString>> edges; // node ids, tail → head
    QStringList clusters;                     // cluster ids, in order
};

struct LayoutResult {
    QHash<QString, QPointF> centers; // node id → centre, y pointing down
    QRectF bounds;
    qint64 elapsedMs = 0;
    QString error; // empty on success
};

LayoutResult computeLayout(const LayoutRequest &request);

} // namespace khepri
