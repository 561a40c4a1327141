#include "editabletable.h"

#include <algorithm>
#include <functional>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace khepri {

EditableTable::EditableTable(int columns, const QString &addTip, const QString &removeTip,
                             int maxRows, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, columns, this))
    , m_maxRows(maxRows)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_table, 1);

    auto *buttons = new QVBoxLayout;
    auto *add = new QToolButton(this);
    add->setText(QStringLiteral("+"));
    add->setToolTip(addTip);
    auto *remove = new QToolButton(this);
    remove->setText(QStringLiteral("−"));
    remove->setToolTip(removeTip);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(add, &QToolButton::clicked, this, [this] {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        for (int column = 0; column < m_table->columnCount(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem);
        adjustHeight();
        m_table->setCurrentCell(row, 0);
        m_table->editItem(m_table->item(row, 0));
    });
    connect(remove, &QToolButton::clicked, this, [this] {
        QList<int> selected;
        for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
            selected.append(index.row());
        if (selected.isEmpty() && m_table->currentRow() >= 0)
            selected.append(m_table->currentRow());
        std::sort(selected.begin(), selected.end(), std::greater<>());
        for (int row : selected)
            m_table->removeRow(row);
        adjustHeight();
        Q_EMIT edited();
    });
    connect(m_table, &QTableWidget::itemChanged, this, &EditableTable::edited);
}

void EditableTable::adjustHeight()
{
    const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
    const int header = m_table->horizontalHeader()->isVisible()
                           ? m_table->horizontalHeader()->sizeHint().height()
                           : 0;
    const int shown = std::clamp(m_table->rowCount(), 1, m_maxRows);
    m_table->setFixedHeight(header + shown * rowHeight + 2 * m_table->frameWidth() + 2);
}

} // namespace khepri
