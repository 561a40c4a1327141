#include "checklistfieldeditor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QTableWidget>

#include "schema.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

QStringList choicesFor(const QString &field)
{
    if (field == u"condition")
        return {u"service_started"_s, u"service_healthy"_s, u"service_completed_successfully"_s};
    return {};
}

} // namespace

ChecklistFieldEditor::ChecklistFieldEditor(const QStringList &path, const SchemaNode &node,
                                           QWidget *parent)
    : FieldEditor(path, node, parent)
    , m_table(new QTableWidget(this))
{
    if (node.item && node.item->record)
        m_fields = node.item->fields.keys();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_table->setColumnCount(1 + int(m_fields.size()));
    m_table->setHorizontalHeaderLabels(QStringList{tr("Name")} + m_fields);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    layout->addWidget(m_table);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_building)
            return;
        if (item->column() == 0) { // the entry's settings are editable only when it is checked
            m_building = true;
            const bool on = item->checkState() == Qt::Checked;
            for (int c = 1; c < m_table->columnCount(); ++c) {
                if (QWidget *w = m_table->cellWidget(item->row(), c))
                    w->setEnabled(on);
                else if (QTableWidgetItem *cell = m_table->item(item->row(), c))
                    cell->setFlags(on ? cell->flags() | Qt::ItemIsEnabled
                                      : cell->flags() & ~Qt::ItemIsEnabled);
            }
            m_building = false;
        }
        emitEdited(value());
    });
    adjustHeight();
}

QString ChecklistFieldEditor::cellText(int row, int column) const
{
    if (auto *combo = qobject_cast<QComboBox *>(m_table->cellWidget(row, column)))
        return combo->currentText();
    const QTableWidgetItem *item = m_table->item(row, column);
    return item ? item->text() : QString();
}

int ChecklistFieldEditor::rowOf(const QString &name) const
{
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (m_table->item(r, 0) && m_table->item(r, 0)->data(Qt::UserRole).toString() == name)
            return r;
    return -1;
}

QJsonValue ChecklistFieldEditor::value() const
{
    QJsonObject out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QTableWidgetItem *item = m_table->item(r, 0);
        if (!item || item->checkState() != Qt::Checked)
            continue;
        QJsonObject entry;
        for (int c = 0; c < m_fields.size(); ++c) {
            const QString text = cellText(r, c + 1).trimmed();
            if (text.isEmpty())
                continue;
            const SchemaNode *field = schema().item->fields.value(m_fields.at(c));
            if (field && field->list) {
                QJsonArray list;
                for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
                    list.append(part.trimmed());
                entry.insert(m_fields.at(c), list);
            } else if (!(field && field->defaultValue.isString()
                         && field->defaultValue.toString() == text)) {
                entry.insert(m_fields.at(c), text);
            }
        }
        out.insert(item->data(Qt::UserRole).toString(), entry);
    }
    if (out.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    return out;
}

void ChecklistFieldEditor::setValue(const QJsonValue &value)
{
    const QJsonObject next = value.toObject();
    if (next == this->value().toObject() && m_table->rowCount() > 0)
        return;
    rebuild(next);
}

void ChecklistFieldEditor::setCandidates(const QStringList &names)
{
    if (names == m_candidates)
        return;
    m_candidates = names;
    rebuild(value().toObject());
}

void ChecklistFieldEditor::rebuild(const QJsonObject &value)
{
    m_building = true;
    QStringList names = m_candidates;
    for (auto it = value.begin(); it != value.end(); ++it)
        if (!names.contains(it.key()))
            names.append(it.key());
    m_table->clearContents();
    m_table->setRowCount(int(names.size()));
    for (int r = 0; r < names.size(); ++r) {
        const QString &name = names.at(r);
        const bool checked = value.contains(name);
        auto *item = new QTableWidgetItem(name);
        item->setData(Qt::UserRole, name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
        if (!m_candidates.contains(name))
            item->setToolTip(tr("%1 is not defined in this composition").arg(name));
        m_table->setItem(r, 0, item);
        const QJsonObject entry = value.value(name).toObject();
        for (int c = 0; c < m_fields.size(); ++c) {
            const QString &field = m_fields.at(c);
            const QJsonValue v = entry.value(field);
            QString text;
            if (v.isArray()) {
                QStringList parts;
                for (const QJsonValue &p : v.toArray())
                    parts.append(p.toString());
                text = parts.join(u", "_s);
            } else {
                text = valueToText(v);
            }
            const QStringList choices = choicesFor(field);
            if (!choices.isEmpty()) {
                auto *combo = new QComboBox(m_table);
                combo->addItems(choices);
                combo->setCurrentText(text.isEmpty() ? choices.first() : text);
                combo->setEnabled(checked);
                connect(combo, &QComboBox::currentTextChanged, this, [this] {
                    if (!m_building)
                        emitEdited(this->value());
                });
                m_table->setCellWidget(r, c + 1, combo);
            } else {
                auto *cell = new QTableWidgetItem(text);
                if (!checked)
                    cell->setFlags(cell->flags() & ~Qt::ItemIsEnabled);
                m_table->setItem(r, c + 1, cell);
            }
        }
    }
    m_table->resizeColumnToContents(0);
    adjustHeight();
    m_building = false;
}

void ChecklistFieldEditor::setChecked(const QString &name, bool checked)
{
    const int row = rowOf(name);
    if (row >= 0)
        m_table->item(row, 0)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void ChecklistFieldEditor::setEntryField(const QString &name, const QString &field,
                                         const QString &text)
{
    const int row = rowOf(name);
    const int column = int(m_fields.indexOf(field)) + 1;
    if (row < 0 || column < 1)
        return;
    if (auto *combo = qobject_cast<QComboBox *>(m_table->cellWidget(row, column)))
        combo->setCurrentText(text);
    else if (QTableWidgetItem *item = m_table->item(row, column))
        item->setText(text);
}

void ChecklistFieldEditor::adjustHeight()
{
    const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
    const int header = m_table->horizontalHeader()->sizeHint().height();
    const int shown = std::clamp(m_table->rowCount(), 1, 10);
    m_table->setFixedHeight(header + shown * rowHeight + 2 * m_table->frameWidth() + 2);
}

} // namespace khepri
