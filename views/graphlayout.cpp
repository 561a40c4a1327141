#include "graphlayout.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QMutexLocker>
#include <QtMath>

#include <graphviz/gvc.h>

#include "viewslogging.h"

using namespace Qt::StringLiterals;

// Graphviz's accessor macros are C casts.
#pragma GCC diagnostic ignored "-Wold-style-cast"

namespace khepri {
namespace {

// Above this many nodes, compositions are laid out one by one (see below).
constexpr qsizetype kWholeGraphLimit = 150;

QMutex &graphvizLock()
{
    static QMutex lock;
    return lock;
}

void set(void *object, const char *name, const QByteArray &value)
{
    agsafeset(object, const_cast<char *>(name), const_cast<char *>(value.constData()),
              const_cast<char *>(""));
}

QByteArray inches(qreal points)
{
    return QByteArray::number(points / 72.0, 'f', 3);
}

LayoutResult layoutWithDot(const LayoutRequest &request)
{
    LayoutResult result;
    QElapsedTimer timer;
    timer.start();
    if (request.nodes.isEmpty())
        return result;

    QMutexLocker locker(&graphvizLock());
    GVC_t *gvc = gvContext();
    Agraph_t *graph = agopen(const_cast<char *>("khepri"), Agdirected, nullptr);
    set(graph, "rankdir", "LR");
    set(graph, "nodesep", "0.35");
    set(graph, "ranksep", "0.9");
    // Edges are drawn by the scene as straight lines: no spline routing.
    set(graph, "splines", "none");
    set(graph, "newrank", "true");
    // Bounds the crossing minimisation so that thousands of nodes stay fast.
    set(graph, "mclimit", request.nodes.size() > 300 ? "0.3" : "1.0");
    set(graph, "nslimit", request.nodes.size() > 300 ? "4" : "");

    QHash<QString, Agraph_t *> clusters;
    for (const QString &c : request.clusters) {
        QByteArray name = "cluster_" + c.toUtf8();
        Agraph_t *sub = agsubg(graph, name.data(), 1);
        // The label reserves room for the frame's title drawn by the scene.
        set(sub, "label", c.toUtf8());
        set(sub, "labeljust", "l");
        set(sub, "fontsize", "16");
        set(sub, "margin", "20");
        clusters.insert(c, sub);
    }
    QHash<QString, Agnode_t *> nodes;
    nodes.reserve(request.nodes.size());
    for (const LayoutRequest::Node &n : request.nodes) {
        Agraph_t *owner = clusters.value(n.cluster, graph);
        QByteArray name = n.id.toUtf8();
        Agnode_t *node = agnode(owner, name.data(), 1);
        set(node, "shape", "box");
        set(node, "fixedsize", "true");
        set(node, "label", "");
        set(node, "width", inches(n.size.width()));
        set(node, "height", inches(n.size.height()));
        nodes.insert(n.id, node);
    }
    for (const auto &[from, to] : request.edges) {
        Agnode_t *tail = nodes.value(from);
        Agnode_t *head = nodes.value(to);
        if (tail && head && tail != head)
            agedge(graph, tail, head, nullptr, 1);
    }

    if (gvLayout(gvc, graph, "dot") != 0) {
        result.error = u"Graphviz could not lay out the graph"_s;
    } else {
        const boxf bb = GD_bb(graph);
        result.bounds = QRectF(0, 0, bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y);
        for (auto it = nodes.cbegin(); it != nodes.cend(); ++it) {
            const pointf p = ND_coord(it.value());
            result.centers.insert(it.key(), QPointF(p.x - bb.LL.x, bb.UR.y - p.y));
        }
        gvFreeLayout(gvc, graph);
    }
    agclose(graph);
    gvFreeContext(gvc);
    result.elapsedMs = timer.elapsed();
    return result;
}

// Big graphs: dot's cost grows much faster than the graph, mostly with
// clusters. Each composition is laid out on its own, and the compositions
// are packed in rows; nodes outside every cluster (shared externals) go in
// a row above them.
LayoutResult layoutPerCluster(const LayoutRequest &request)
{
    constexpr qreal kSpacing = 80;
    LayoutResult result;
    QHash<QString, QString> clusterOf;
    for (const LayoutRequest::Node &n : request.nodes)
        clusterOf.insert(n.id, n.cluster);
    struct Part {
        LayoutResult layout;
        QSizeF size;
    };
    QList<Part> parts;
    qreal area = 0;
    for (const QString &cluster : request.clusters) {
        LayoutRequest sub;
        for (const LayoutRequest::Node &n : request.nodes)
            if (n.cluster == cluster)
                sub.nodes.append({n.id, {}, n.size});
        for (const auto &e : request.edges)
            if (clusterOf.value(e.first) == cluster && clusterOf.value(e.second) == cluster)
                sub.edges.append(e);
        if (sub.nodes.isEmpty())
            continue;
        Part part{layoutWithDot(sub), {}};
        if (!part.layout.error.isEmpty())
            result.error = part.layout.error;
        // Room for the frame and its title around the nodes.
        part.size = part.layout.bounds.size() + QSizeF(2 * kSpacing, 2 * kSpacing);
        area += part.size.width() * part.size.height();
        parts.append(part);
    }
    // Shared nodes: one row on top.
    qreal x = 0;
    qreal y = 0;
    qreal rowHeight = 0;
    for (const LayoutRequest::Node &n : request.nodes) {
        if (!n.cluster.isEmpty())
            continue;
        result.centers.insert(n.id, QPointF(x + n.size.width() / 2, n.size.height() / 2));
        x += n.size.width() + kSpacing;
        rowHeight = std::max(rowHeight, n.size.height() + kSpacing);
    }
    y = rowHeight;
    // Shelf packing, rows about as wide as the whole is tall.
    const qreal rowWidth = std::max(std::sqrt(area) * 1.6, 800.0);
    x = 0;
    rowHeight = 0;
    for (const Part &part : std::as_const(parts)) {
        if (x > 0 && x + part.size.width() > rowWidth) {
            x = 0;
            y += rowHeight;
            rowHeight = 0;
        }
        const QPointF offset(x + kSpacing, y + kSpacing);
        for (auto it = part.layout.centers.cbegin(); it != part.layout.centers.cend(); ++it)
            result.centers.insert(it.key(), it.value() + offset);
        x += part.size.width();
        rowHeight = std::max(rowHeight, part.size.height());
    }
    result.bounds = QRectF(0, 0, std::max(x, rowWidth), y + rowHeight);
    return result;
}

} // namespace

LayoutResult computeLayout(const LayoutRequest &request)
{
    QElapsedTimer timer;
    timer.start();
    LayoutResult result = request.nodes.size() > kWholeGraphLimit && request.clusters.size() > 1
                              ? layoutPerCluster(request)
                              : layoutWithDot(request);
    result.elapsedMs = timer.elapsed();
    qCDebug(lcUiGraph) << "layout of" << request.nodes.size() << "nodes took" << result.elapsedMs
                       << "ms";
    return result;
}

} // namespace khepri
