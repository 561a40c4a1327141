#include "listfieldeditor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "schema.h"

namespace khepri {

ListFieldEditor::ListFieldEditor(const QStringList &path, const SchemaNode &node,
                                 const QString &header, QWidget *parent)
    : FieldEditor(path, node, parent)
    , m_table(new QTableWidget(0, 1, this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_table->setHorizontalHeaderLabels({header});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setVisible(false);
    m_table->setToolTip(header);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    layout->addWidget(m_table, 1);

    auto *buttons = new QVBoxLayout;
    auto *add = new QToolButton(this);
    add->setText(QStringLiteral("+"));
    add->setToolTip(tr("Add an item"));
    auto *remove = new QToolButton(this);
    remove->setText(QStringLiteral("−"));
    remove->setToolTip(tr("Remove the selected items"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(add, &QToolButton::clicked, this, [this] {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem);
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
        emitEdited(value());
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this] { emitEdited(value()); });
    adjustHeight();
}

QStringList ListFieldEditor::rows() const
{
    QStringList out;
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (QTableWidgetItem *item = m_table->item(r, 0); item && !item->text().isEmpty())
            out.append(item->text());
    return out;
}

void ListFieldEditor::setValue(const QJsonValue &value)
{
    QStringList next;
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            next.append(valueToText(v));
    } else if (value.isObject()) { // { host = "ip"; } form of extraHosts
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            next.append(it.key() + u':' + it.value().toString());
    } else if (!value.isUndefined() && !value.isNull()) {
        next.append(valueToText(value));
    }
    if (next == rows())
        return;
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    for (const QString &text : std::as_const(next)) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(text));
    }
    adjustHeight();
}

QJsonValue ListFieldEditor::value() const
{
    const QStringList texts = rows();
    if (texts.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    const bool structured = schema().item && schema().item->record;
    QJsonArray array;
    for (const QString &t : texts)
        array.append(structured ? textToValue(t) : QJsonValue(t));
    return array;
}

void ListFieldEditor::adjustHeight()
{
    const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
    const int header = m_table->horizontalHeader()->isVisible()
                           ? m_table->horizontalHeader()->sizeHint().height()
                           : 0;
    const int shown = std::clamp(m_table->rowCount(), 1, 8);
    m_table->setFixedHeight(header + shown * rowHeight + 2 * m_table->frameWidth() + 2);
}

} // namespace khepri
