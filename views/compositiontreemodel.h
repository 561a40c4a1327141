#pragma once

// The compositions as a tree for the side panel: composition → its services,
// networks and volumes (in that order, each sorted by name). Read-only
// compositions show the file that defines them; items with diagnostics carry
// an error or warning badge. Mirrors the Document incrementally (rows are
// inserted, removed and changed one by one as the Document signals); keeps
// only ids and the text it displays so that data() is a lookup.

#include <memory>
#include <QAbstractItemModel>
#include <QIcon>
#include <vector>

#include "diagnostictarget.h"
#include "entityref.h"

namespace khepri {

class Document;

class CompositionTreeModel : public QAbstractItemModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompositionTreeModel)
public:
    enum Column { NameColumn, DetailColumn, ColumnCount };

    explicit CompositionTreeModel(Document &document, QObject *parent = nullptr);
    ~CompositionTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    EntityRef refAt(const QModelIndex &index) const;
    QModelIndex indexOf(const EntityRef &ref, int column = 0) const;

private:
    struct Node;
    void rebuild();
    void onAdded(const EntityRef &ref);
    void onRemoved(const EntityRef &ref);
    void onChanged(const EntityRef &ref);
    void onDiagnostics();
    void refreshNode(Node *node);
    std::unique_ptr<Node> makeNode(const EntityRef &ref, Node *parent) const;
    Node *compositionNode(const QString &name, int *row = nullptr) const;
    Node *nodeFor(const EntityRef &ref, int *row = nullptr) const;
    Node *nodeAt(const QModelIndex &index) const;
    void refreshIcons();

    Document &m_document;
    std::vector<std::unique_ptr<Node>> m_roots;
    QHash<QString, DiagnosticCounts> m_counts;
    QIcon m_kindIcons[3];
    QIcon m_errorIcon;
    QIcon m_warningIcon;
};

} // namespace khepri
