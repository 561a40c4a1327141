#include "mapfieldeditor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "schema.h"

namespace khepri {

MapFieldEditor::MapFieldEditor(const QStringList &path, const SchemaNode &node, QWidget *parent)
    : FieldEditor(path, node, parent)
    , m_table(new QTableWidget(0, 2, this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_table, 1);

    auto *buttons = new QVBoxLayout;
    auto *add = new QToolButton(this);
    add->setText(QStringLiteral("+"));
    add->setToolTip(tr("Add an entry"));
    auto *remove = new QToolButton(this);
    remove->setText(QStringLiteral("−"));
    remove->setToolTip(tr("Remove the selected entries"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(add, &QToolButton::clicked, this, [this] {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem);
        m_table->setItem(row, 1, new QTableWidgetItem);
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

QList<std::pair<QString, QString>> MapFieldEditor::rows() const
{
    QList<std::pair<QString, QString>> out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QTableWidgetItem *key = m_table->item(r, 0);
        const QTableWidgetItem *val = m_table->item(r, 1);
        if (key && !key->text().isEmpty())
            out.append({key->text(), val ? val->text() : QString()});
    }
    return out;
}

void MapFieldEditor::setValue(const QJsonValue &value)
{
    QList<std::pair<QString, QString>> next;
    const QJsonObject o = value.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        next.append({it.key(), valueToText(it.value())});
    if (next == rows())
        return;
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    for (const auto &[k, v] : std::as_const(next)) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(k));
        m_table->setItem(row, 1, new QTableWidgetItem(v));
    }
    adjustHeight();
}

QJsonValue MapFieldEditor::value() const
{
    const auto entries = rows();
    if (entries.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    const bool structured = schema().item && schema().item->record;
    QJsonObject o;
    for (const auto &[k, v] : entries)
        o.insert(k, structured ? textToValue(v) : QJsonValue(v));
    return o;
}

void MapFieldEditor::adjustHeight()
{
    const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
    const int header = m_table->horizontalHeader()->sizeHint().height();
    const int shown = std::clamp(m_table->rowCount(), 1, 10);
    m_table->setFixedHeight(header + shown * rowHeight + 2 * m_table->frameWidth() + 2);
}

} // namespace khepri
