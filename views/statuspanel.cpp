#include "statuspanel.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "livestatemodel.h"

using namespace Qt::StringLiterals;

namespace khepri {

StatusPanel::StatusPanel(LiveStateModel &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new QLineEdit(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
{
    setObjectName(u"statusPanel"_s);
    m_filter->setObjectName(u"statusFilter"_s);
    m_filter->setPlaceholderText(tr("Filter services, compositions, states…"));
    m_filter->setClearButtonEnabled(true);

    m_proxy->setSourceModel(&m_model);
    m_proxy->setSortRole(LiveStateModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // any column
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_view->setObjectName(u"statusView"_s);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // RuntimeState's order until a header is clicked
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        if (!m_selecting)
            Q_EMIT currentIdChanged(currentId());
    });
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT activated(index.data(LiveStateModel::IdRole).toString());
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
}

QString StatusPanel::currentId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(LiveStateModel::IdRole).toString() : QString();
}

bool StatusPanel::selectId(const QString &id)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model.indexOfId(id));
    m_selecting = true;
    if (index.isValid()) {
        m_view->setCurrentIndex(index);
        m_view->scrollTo(index);
    } else {
        m_view->selectionModel()->clearCurrentIndex();
        m_view->clearSelection();
    }
    m_selecting = false;
    return index.isValid();
}

} // namespace khepri
