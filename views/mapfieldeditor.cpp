#include "mapfieldeditor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QSignalBlocker>
#include <QTableWidget>

#include "schema.h"

#include "editabletable.h"

namespace khepri {

MapFieldEditor::MapFieldEditor(const QStringList &path, const SchemaNode &node, QWidget *parent)
    : FieldEditor(path, node, parent)
    , m_editable(
          new EditableTable(2, tr("Add an entry"), tr("Remove the selected entries"), 10, this))
    , m_table(m_editable->table())
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editable);
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    connect(m_editable, &EditableTable::edited, this, [this] { emitEdited(value()); });
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
    m_editable->adjustHeight();
}

} // namespace khepri
