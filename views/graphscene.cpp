#include "graphscene.h"

#include <QSet>
#include <QStringBuilder>

#include "diagnostictarget.h"
#include "document.h"
#include "graphedgeitem.h"
#include "graphframeitem.h"
#include "graphlayouter.h"
#include "graphnodeitem.h"
#include "graphstyle.h"
#include "viewslogging.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

constexpr qreal kFrameMargin = 22;
constexpr qreal kGap = 24;
constexpr int kUnplaced = 0; // item data key: a new node not yet given a place

} // namespace

GraphScene::GraphScene(Document &document, QObject *parent)
    : QGraphicsScene(parent)
    , m_document(document)
    , m_layouter(new GraphLayouter(this))
{
    // Many items, few of which move at once: the BSP index pays off.
    setItemIndexMethod(BspTreeIndex);
    connect(&m_document, &Document::documentReset, this, [this] { sync(true); });
    connect(&m_document, &Document::entityAdded, this, [this] { sync(false); });
    connect(&m_document, &Document::entityRemoved, this, [this] { sync(false); });
    connect(&m_document, &Document::entityChanged, this, [this] { sync(false); });
    connect(&m_document, &Document::diagnosticsChanged, this, &GraphScene::updateDiagnostics);
    connect(m_layouter, &GraphLayouter::finished, this, &GraphScene::applyLayout);
    sync(true);
}

GraphScene::~GraphScene()
{
    // Edges first: they unregister from their nodes.
    qDeleteAll(m_edges);
    m_edges.clear();
}

GraphNodeItem *GraphScene::nodeItemFor(const EntityRef &ref) const
{
    return m_nodes.value(m_graph.nodeIdFor(ref));
}

EntityRef GraphScene::refOf(const QGraphicsItem *item)
{
    if (!item)
        return {};
    switch (item->type()) {
    case GraphNodeItem::Type: {
        const auto *node = static_cast<const GraphNodeItem *>(item);
        return node->node().refs.isEmpty() ? EntityRef{} : node->node().refs.first();
    }
    case GraphEdgeItem::Type:
        return static_cast<const GraphEdgeItem *>(item)->edge().owner;
    case GraphFrameItem::Type:
        return EntityRef::compositionRef(static_cast<const GraphFrameItem *>(item)->composition());
    default:
        return {};
    }
}

bool GraphScene::selectRef(const EntityRef &ref)
{
    QGraphicsItem *target = nullptr;
    if (ref.kind == EntityRef::Kind::Composition)
        target = m_frames.value(ref.composition);
    else
        target = nodeItemFor(ref);
    if (target && target->isSelected() && selectedItems().size() == 1)
        return true;
    clearSelection();
    if (!target)
        return false;
    target->setSelected(true);
    return true;
}

void GraphScene::setNodeState(const EntityRef &ref, std::optional<LiveStatus> state)
{
    const QString id = m_graph.nodeIdFor(ref);
    if (id.isEmpty())
        return;
    if (state)
        m_states.insert(id, *state);
    else
        m_states.remove(id);
    if (GraphNodeItem *item = m_nodes.value(id))
        item->setState(state);
}

void GraphScene::sync(bool reset)
{
    const Graph next = deriveGraph(m_document.compositions());

    // Edges go first: they point at node items.
    QHash<QString, const GraphEdge *> nextEdges;
    nextEdges.reserve(next.edges.size());
    for (const GraphEdge &e : next.edges)
        nextEdges.insert(edgeKey(e), &e);
    for (auto it = m_edges.begin(); it != m_edges.end();) {
        const GraphEdge *e = nextEdges.value(it.key());
        // An edge whose end changed identity (e.g. a network became shared) is rebuilt.
        if (!e || !next.node(e->from) || !next.node(e->to)
            || next.node(e->to)->kind != it.value()->target()->node().kind) {
            delete it.value();
            it = m_edges.erase(it);
        } else {
            ++it;
        }
    }

    // Nodes.
    int created = 0;
    for (auto it = m_nodes.begin(); it != m_nodes.end();) {
        const GraphNode *n = next.node(it.key());
        if (!n || n->kind != it.value()->node().kind) {
            const QList<GraphEdgeItem *> left = it.value()->edges(); // defensive: none should be
            for (GraphEdgeItem *edge : left) {
                m_edges.remove(edgeKey(edge->edge()));
                delete edge;
            }
            m_removedAt.insert(it.key(), it.value()->pos());
            delete it.value();
            it = m_nodes.erase(it);
        } else {
            ++it;
        }
    }
    QList<GraphNodeItem *> fresh;
    for (const GraphNode &n : next.nodes) {
        if (GraphNodeItem *item = m_nodes.value(n.id)) {
            item->setNode(n);
            continue;
        }
        auto *item = new GraphNodeItem(n);
        if (const auto state = m_states.constFind(n.id); state != m_states.cend())
            item->setState(*state);
        // A node coming back (undo of a removal) returns to where it was.
        const auto previous = m_removedAt.constFind(n.id);
        item->setData(kUnplaced, previous == m_removedAt.cend());
        if (previous != m_removedAt.cend())
            item->setPos(*previous);
        addItem(item);
        m_nodes.insert(n.id, item);
        fresh.append(item);
        ++created;
    }
    m_graph = next;

    for (const GraphEdge &e : m_graph.edges) {
        const QString key = edgeKey(e);
        if (GraphEdgeItem *item = m_edges.value(key)) {
            item->setEdge(e);
            continue;
        }
        auto *item = new GraphEdgeItem(e, m_nodes.value(e.from), m_nodes.value(e.to));
        addItem(item);
        m_edges.insert(key, item);
    }

    // Frames.
    QSet<QString> clusters;
    for (const GraphCluster &c : m_graph.clusters) {
        clusters.insert(c.id);
        GraphFrameItem *frame = m_frames.value(c.id);
        if (!frame) {
            frame = new GraphFrameItem(c.id);
            addItem(frame);
            m_frames.insert(c.id, frame);
        }
        const CompositionOrigin origin = m_document.origin(c.id);
        frame->setReadOnly(!origin.editable, origin.file);
    }
    for (auto it = m_frames.begin(); it != m_frames.end();) {
        if (!clusters.contains(it.key())) {
            delete it.value();
            it = m_frames.erase(it);
        } else {
            ++it;
        }
    }
    for (GraphNodeItem *item : std::as_const(m_nodes)) {
        bool editable = false;
        for (const EntityRef &r : item->node().refs)
            editable = editable || m_document.origin(r.composition).editable;
        item->setReadOnly(!editable);
    }

    // Positions: a full layout when most nodes are new, else place the new ones.
    const bool fullLayout = reset && created > 0 && created * 2 > m_nodes.size();
    m_applying = true;
    if (fullLayout) {
        // Until Graphviz answers, a plain grid per composition keeps things visible.
        int i = 0;
        for (GraphNodeItem *item : std::as_const(fresh)) {
            const int column = i % 8;
            const int row = i / 8;
            item->setPos(column * 220.0, row * 90.0);
            item->setData(kUnplaced, false);
            ++i;
        }
        relayout();
    } else {
        for (GraphNodeItem *item : std::as_const(fresh))
            if (item->data(kUnplaced).toBool())
                placeNear(item);
    }
    m_applying = false;
    if (reset)
        m_removedAt.clear(); // undo history is gone with a reset
    updateFrames();
    updateDiagnostics();
    updateSceneRect();
    if (!fullLayout && reset)
        Q_EMIT layoutFinished();
}

void GraphScene::relayout()
{
    LayoutRequest request;
    for (const GraphCluster &c : m_graph.clusters)
        request.clusters.append(c.id);
    request.nodes.reserve(m_graph.nodes.size());
    for (const GraphNode &n : m_graph.nodes)
        request.nodes.append({n.id, n.cluster, graphstyle::nodeSize(n.kind)});
    for (const GraphEdge &e : m_graph.edges)
        request.edges.append({e.from, e.to});
    m_pendingLayout = m_layouter->request(request);
}

void GraphScene::applyLayout(int generation, const LayoutResult &result)
{
    if (generation != m_pendingLayout)
        return;
    m_pendingLayout = 0;
    if (!result.error.isEmpty())
        qCWarning(lcUiGraph) << result.error;
    m_applying = true;
    for (auto it = result.centers.cbegin(); it != result.centers.cend(); ++it)
        if (GraphNodeItem *item = m_nodes.value(it.key()))
            item->setPos(it.value());
    // Nodes added while Graphviz worked were not in the request.
    QList<GraphNodeItem *> missing;
    for (GraphNodeItem *item : std::as_const(m_nodes)) {
        if (!result.centers.contains(item->id())) {
            item->setData(kUnplaced, true);
            missing.append(item);
        }
    }
    for (GraphNodeItem *item : std::as_const(missing))
        placeNear(item);
    m_applying = false;
    updateFrames();
    updateSceneRect();
    qCDebug(lcUiGraph) << "applied layout of" << result.centers.size() << "nodes in"
                       << result.elapsedMs << "ms";
    Q_EMIT layoutFinished();
}

void GraphScene::placeNear(GraphNodeItem *item)
{
    const GraphNode &node = item->node();
    QPointF anchor;
    int neighbours = 0;
    qreal direction = node.kind == GraphNode::Kind::Service ? -1 : 1;
    for (GraphEdgeItem *edge : item->edges()) {
        GraphNodeItem *other = edge->source() == item ? edge->target() : edge->source();
        if (other == item || other->data(kUnplaced).toBool())
            continue;
        anchor += other->pos();
        ++neighbours;
        if (edge->source() == item && node.kind == GraphNode::Kind::Service)
            direction = -1;
    }
    const QSizeF size = graphstyle::nodeSize(node.kind);
    QPointF pos;
    if (neighbours > 0) {
        pos = anchor / neighbours + QPointF(direction * (size.width() + 60), 0);
    } else {
        QRectF cluster;
        for (GraphNodeItem *other : std::as_const(m_nodes))
            if (other != item && other->node().cluster == node.cluster && !node.cluster.isEmpty()
                && !other->data(kUnplaced).toBool())
                cluster = cluster.united(other->mapRectToScene(other->nodeRect()));
        if (cluster.isValid())
            pos = QPointF(cluster.left() + size.width() / 2,
                          cluster.bottom() + kGap + size.height() / 2);
        else {
            QRectF all;
            for (GraphNodeItem *other : std::as_const(m_nodes))
                if (other != item)
                    all = all.united(other->mapRectToScene(other->nodeRect()));
            pos = all.isValid() ? QPointF(all.right() + 3 * kFrameMargin + size.width() / 2,
                                          all.top() + size.height() / 2)
                                : QPointF(0, 0);
        }
    }
    // Step down until nothing else is there.
    item->setPos(pos);
    for (int attempt = 0; attempt < 500; ++attempt) {
        const QRectF mine = item->mapRectToScene(item->nodeRect())
                                .adjusted(-kGap / 2, -kGap / 2, kGap / 2, kGap / 2);
        bool clash = false;
        for (QGraphicsItem *other : items(mine, Qt::IntersectsItemBoundingRect)) {
            if (other != item && other->type() == GraphNodeItem::Type
                && !other->data(kUnplaced).toBool()) {
                clash = true;
                break;
            }
        }
        if (!clash)
            break;
        item->moveBy(0, size.height() + kGap);
    }
    item->setData(kUnplaced, false);
}

void GraphScene::nodeMoved(GraphNodeItem *node)
{
    if (m_applying)
        return;
    if (!node->node().cluster.isEmpty())
        updateFrame(node->node().cluster);
}

void GraphScene::updateFrame(const QString &composition)
{
    GraphFrameItem *frame = m_frames.value(composition);
    if (!frame)
        return;
    QRectF bounds;
    for (const GraphNode &n : std::as_const(m_graph.nodes)) {
        if (n.cluster != composition)
            continue;
        if (GraphNodeItem *item = m_nodes.value(n.id))
            bounds = bounds.united(item->mapRectToScene(item->nodeRect()));
    }
    if (!bounds.isValid()) { // an empty composition: a small frame beside the others
        QRectF all = itemsBoundingRect();
        bounds = QRectF(all.isValid() ? all.right() + 3 * kFrameMargin : 0,
                        all.isValid() ? all.top() + GraphFrameItem::kTitleHeight : 0, 200, 60);
        if (frame->frameRect().isValid())
            bounds.moveTopLeft(
                frame->frameRect().topLeft()
                + QPointF(kFrameMargin, kFrameMargin + GraphFrameItem::kTitleHeight));
    }
    frame->setFrameRect(bounds.adjusted(-kFrameMargin, -kFrameMargin - GraphFrameItem::kTitleHeight,
                                        kFrameMargin, kFrameMargin));
}

void GraphScene::updateFrames()
{
    for (auto it = m_frames.cbegin(); it != m_frames.cend(); ++it)
        updateFrame(it.key());
}

void GraphScene::updateDiagnostics()
{
    const QHash<QString, DiagnosticCounts> counts = countDiagnostics(m_document.diagnostics());
    for (GraphNodeItem *item : std::as_const(m_nodes)) {
        int errors = 0, warnings = 0;
        for (const EntityRef &r : item->node().refs) {
            const DiagnosticCounts c = counts.value(entityKey(r));
            errors += c.errors;
            warnings += c.warnings;
        }
        item->setDiagnostics(errors, warnings);
    }
    QHash<QString, DiagnosticCounts> perComposition;
    for (const Diagnostic &d : m_document.diagnostics()) {
        DiagnosticCounts &c = perComposition[d.composition];
        if (d.severity == Diagnostic::Severity::Error)
            ++c.errors;
        else if (d.severity == Diagnostic::Severity::Warning)
            ++c.warnings;
    }
    for (auto it = m_frames.cbegin(); it != m_frames.cend(); ++it) {
        const DiagnosticCounts c = perComposition.value(it.key());
        it.value()->setDiagnostics(c.errors, c.warnings);
    }
}

void GraphScene::updateSceneRect()
{
    setSceneRect(itemsBoundingRect().adjusted(-200, -200, 200, 200));
}

} // namespace khepri
