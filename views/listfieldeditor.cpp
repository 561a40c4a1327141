#include "listfieldeditor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalBlocker>
#include <QTableWidget>

#include "editabletable.h"
#include "schema.h"

namespace khepri {

ListFieldEditor::ListFieldEditor(const QStringList &path, const SchemaNode &node,
                                 const QString &header, QWidget *parent)
    : FieldEditor(path, node, parent)
    , m_editable(new EditableTable(1, tr("Add an item"), tr("Remove the selected items"), 8, this))
    , m_table(m_editable->table())
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editable);
    m_table->setHorizontalHeaderLabels({header});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setVisible(false);
    m_table->setToolTip(header);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    connect(m_editable, &EditableTable::edited, this, [this] { emitEdited(value()); });
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
    m_editable->adjustHeight();
}

} // namespace khepri
