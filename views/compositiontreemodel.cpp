#include "compositiontreemodel.h"

#include <QApplication>
#include <QFileInfo>
#include <QFont>
#include <QPalette>
#include <QStringBuilder>
#include <QStyle>

#include "document.h"
#include "graphstyle.h"

using namespace Qt::StringLiterals;

namespace khepri {

struct CompositionTreeModel::Node {
    EntityRef ref;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    // What the row shows, refreshed when the Document says it changed.
    QString detail;
    QString tooltip;
    bool readOnly = false;
    DiagnosticCounts counts;
};

namespace {

using Kind = EntityRef::Kind;

int kindOrder(Kind kind)
{
    switch (kind) {
    case Kind::Service:
        return 0;
    case Kind::Network:
        return 1;
    case Kind::Volume:
        return 2;
    default:
        return 3;
    }
}

bool shownInTree(Kind kind)
{
    return kind == Kind::Service || kind == Kind::Network || kind == Kind::Volume;
}

bool before(const EntityRef &a, const EntityRef &b)
{
    if (kindOrder(a.kind) != kindOrder(b.kind))
        return kindOrder(a.kind) < kindOrder(b.kind);
    return a.name < b.name;
}

} // namespace

CompositionTreeModel::CompositionTreeModel(Document &document, QObject *parent)
    : QAbstractItemModel(parent)
    , m_document(document)
{
    refreshIcons();
    connect(&m_document, &Document::documentReset, this, [this] {
        beginResetModel();
        rebuild();
        endResetModel();
    });
    connect(&m_document, &Document::entityAdded, this, &CompositionTreeModel::onAdded);
    connect(&m_document, &Document::entityRemoved, this, &CompositionTreeModel::onRemoved);
    connect(&m_document, &Document::entityChanged, this, &CompositionTreeModel::onChanged);
    connect(&m_document, &Document::diagnosticsChanged, this, &CompositionTreeModel::onDiagnostics);
    rebuild();
}

CompositionTreeModel::~CompositionTreeModel() = default;

void CompositionTreeModel::refreshIcons()
{
    const QPalette palette = QApplication::palette();
    m_kindIcons[0] = graphstyle::kindIcon(GraphNode::Kind::Service, palette);
    m_kindIcons[1] = graphstyle::kindIcon(GraphNode::Kind::Network, palette);
    m_kindIcons[2] = graphstyle::kindIcon(GraphNode::Kind::Volume, palette);
    m_errorIcon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
    m_warningIcon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
}

std::unique_ptr<CompositionTreeModel::Node> CompositionTreeModel::makeNode(const EntityRef &ref,
                                                                           Node *parent) const
{
    auto node = std::make_unique<Node>();
    node->ref = ref;
    node->parent = parent;
    return node;
}

void CompositionTreeModel::rebuild()
{
    m_roots.clear();
    m_counts = countDiagnostics(m_document.diagnostics());
    for (const Composition &c : m_document.compositions()) {
        auto root = makeNode(EntityRef::compositionRef(c.name), nullptr);
        for (const Service &s : c.services)
            root->children.push_back(makeNode(EntityRef::service(c.name, s.name), root.get()));
        for (const Network &n : c.networks)
            root->children.push_back(makeNode(EntityRef::network(c.name, n.name), root.get()));
        for (const Volume &v : c.volumes)
            root->children.push_back(makeNode(EntityRef::volume(c.name, v.name), root.get()));
        refreshNode(root.get());
        for (auto &child : root->children)
            refreshNode(child.get());
        m_roots.push_back(std::move(root));
    }
}

void CompositionTreeModel::refreshNode(Node *node)
{
    const EntityRef &ref = node->ref;
    const CompositionOrigin origin = m_document.origin(ref.composition);
    node->readOnly = !origin.editable;
    node->counts = m_counts.value(entityKey(ref));
    const QJsonObject spec = m_document.spec(ref);
    switch (ref.kind) {
    case Kind::Composition:
        node->detail = origin.editable
                           ? QFileInfo(origin.file).fileName()
                           : QString(tr("read-only") % u" · " % QFileInfo(origin.file).fileName());
        node->tooltip = origin.editable
                            ? tr("Defined in %1 (owned by khepri, editable)").arg(origin.file)
                            : tr("Read-only: defined in %1\n%2")
                                  .arg(origin.file.isEmpty() ? tr("an unknown file") : origin.file,
                                       origin.readOnlyReason);
        break;
    case Kind::Service:
        node->detail = spec.value(u"image").toString();
        node->tooltip = node->detail;
        break;
    case Kind::Network:
    case Kind::Volume: {
        QStringList bits;
        if (spec.value(u"external").toBool())
            bits.append(tr("external"));
        if (spec.contains(u"driver"))
            bits.append(spec.value(u"driver").toString());
        if (spec.contains(u"name"))
            bits.append(spec.value(u"name").toString());
        node->detail = bits.join(u" · "_s);
        node->tooltip = node->detail;
        break;
    }
    case Kind::Secret:
        break;
    }
    if (node->readOnly && ref.kind != Kind::Composition)
        node->tooltip = tr("Read-only: defined in %1").arg(origin.file);
}

CompositionTreeModel::Node *CompositionTreeModel::compositionNode(const QString &name,
                                                                  int *row) const
{
    for (size_t i = 0; i < m_roots.size(); ++i) {
        if (m_roots[i]->ref.composition == name) {
            if (row)
                *row = int(i);
            return m_roots[i].get();
        }
    }
    return nullptr;
}

CompositionTreeModel::Node *CompositionTreeModel::nodeFor(const EntityRef &ref, int *row) const
{
    if (ref.kind == Kind::Composition)
        return compositionNode(ref.composition, row);
    Node *parent = compositionNode(ref.composition);
    if (!parent)
        return nullptr;
    // Children are sorted: binary search.
    auto &children = parent->children;
    auto it = std::lower_bound(
        children.begin(), children.end(), ref,
        [](const std::unique_ptr<Node> &n, const EntityRef &r) { return before(n->ref, r); });
    if (it == children.end() || (*it)->ref != ref)
        return nullptr;
    if (row)
        *row = int(it - children.begin());
    return it->get();
}

CompositionTreeModel::Node *CompositionTreeModel::nodeAt(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : nullptr;
}

void CompositionTreeModel::onAdded(const EntityRef &ref)
{
    if (ref.kind == Kind::Composition) {
        auto it = std::lower_bound(m_roots.begin(), m_roots.end(), ref.composition,
                                   [](const std::unique_ptr<Node> &n, const QString &name) {
                                       return n->ref.composition < name;
                                   });
        const int row = int(it - m_roots.begin());
        beginInsertRows({}, row, row);
        auto node = makeNode(ref, nullptr);
        refreshNode(node.get());
        m_roots.insert(it, std::move(node));
        endInsertRows();
        return;
    }
    if (!shownInTree(ref.kind))
        return;
    int parentRow = 0;
    Node *parent = compositionNode(ref.composition, &parentRow);
    if (!parent)
        return;
    auto &children = parent->children;
    auto it = std::lower_bound(
        children.begin(), children.end(), ref,
        [](const std::unique_ptr<Node> &n, const EntityRef &r) { return before(n->ref, r); });
    const int row = int(it - children.begin());
    beginInsertRows(createIndex(parentRow, 0, parent), row, row);
    auto node = makeNode(ref, parent);
    refreshNode(node.get());
    children.insert(it, std::move(node));
    endInsertRows();
}

void CompositionTreeModel::onRemoved(const EntityRef &ref)
{
    int row = 0;
    Node *node = nodeFor(ref, &row);
    if (!node)
        return;
    if (!node->parent) {
        beginRemoveRows({}, row, row);
        m_roots.erase(m_roots.begin() + row);
        endRemoveRows();
        return;
    }
    int parentRow = 0;
    Node *parent = compositionNode(ref.composition, &parentRow);
    beginRemoveRows(createIndex(parentRow, 0, parent), row, row);
    parent->children.erase(parent->children.begin() + row);
    endRemoveRows();
}

void CompositionTreeModel::onChanged(const EntityRef &ref)
{
    int row = 0;
    Node *node = nodeFor(ref, &row);
    if (!node)
        return;
    refreshNode(node);
    Q_EMIT dataChanged(createIndex(row, 0, node), createIndex(row, ColumnCount - 1, node));
}

void CompositionTreeModel::onDiagnostics()
{
    m_counts = countDiagnostics(m_document.diagnostics());
    for (size_t r = 0; r < m_roots.size(); ++r) {
        Node *root = m_roots[r].get();
        auto update = [&](Node *node, int row) {
            const DiagnosticCounts counts = m_counts.value(entityKey(node->ref));
            if (counts == node->counts)
                return;
            node->counts = counts;
            Q_EMIT dataChanged(createIndex(row, 0, node), createIndex(row, ColumnCount - 1, node));
        };
        update(root, int(r));
        for (size_t c = 0; c < root->children.size(); ++c)
            update(root->children[c].get(), int(c));
    }
}

QModelIndex CompositionTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        if (row >= int(m_roots.size()))
            return {};
        return createIndex(row, column, m_roots[size_t(row)].get());
    }
    Node *p = nodeAt(parent);
    if (!p || parent.column() != 0 || row >= int(p->children.size()))
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex CompositionTreeModel::parent(const QModelIndex &child) const
{
    Node *node = nodeAt(child);
    if (!node || !node->parent)
        return {};
    int row = 0;
    compositionNode(node->parent->ref.composition, &row);
    return createIndex(row, 0, node->parent);
}

int CompositionTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_roots.size());
    if (parent.column() != 0)
        return 0;
    Node *node = nodeAt(parent);
    return node ? int(node->children.size()) : 0;
}

int CompositionTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant CompositionTreeModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeAt(index);
    if (!node)
        return {};
    const bool isComposition = node->ref.kind == Kind::Composition;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return isComposition ? node->ref.composition : node->ref.name;
        return node->detail;
    case Qt::ToolTipRole: {
        QString tip = node->tooltip;
        if (node->counts.errors || node->counts.warnings)
            tip += (tip.isEmpty() ? u""_s : u"\n"_s)
                   % tr("%n error(s)", nullptr, node->counts.errors) % u", "
                   % tr("%n warning(s)", nullptr, node->counts.warnings);
        return tip;
    }
    case Qt::DecorationRole:
        if (index.column() == NameColumn) {
            if (node->counts.errors > 0)
                return m_errorIcon;
            if (node->counts.warnings > 0)
                return m_warningIcon;
            if (!isComposition)
                return m_kindIcons[kindOrder(node->ref.kind)];
        }
        return {};
    case Qt::FontRole:
        if (isComposition && index.column() == NameColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        if (node->readOnly && index.column() == DetailColumn) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (node->readOnly && index.column() == DetailColumn)
            return QApplication::palette().brush(QPalette::PlaceholderText);
        return {};
    default:
        return {};
    }
}

QVariant CompositionTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Name") : tr("Details");
}

Qt::ItemFlags CompositionTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

EntityRef CompositionTreeModel::refAt(const QModelIndex &index) const
{
    const Node *node = nodeAt(index);
    return node ? node->ref : EntityRef{};
}

QModelIndex CompositionTreeModel::indexOf(const EntityRef &ref, int column) const
{
    int row = 0;
    Node *node = nodeFor(ref, &row);
    return node ? createIndex(row, column, node) : QModelIndex();
}

} // namespace khepri
