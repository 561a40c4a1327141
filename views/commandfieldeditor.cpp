#include "commandfieldeditor.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "listfieldeditor.h"
#include "schema.h"

namespace khepri {

CommandFieldEditor::CommandFieldEditor(const QStringList &path, const SchemaNode &node,
                                       QWidget *parent)
    : FieldEditor(path, node, parent)
    , m_form(new QComboBox(this))
    , m_line(new QLineEdit(this))
    , m_list(new ListFieldEditor(path, node, {}, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_form->addItems({tr("String (split like a shell)"), tr("List (exec form)")});
    layout->addWidget(m_form);
    layout->addWidget(m_line);
    layout->addWidget(m_list);
    m_line->setClearButtonEnabled(true);
    showForm(false);
    connect(m_form, &QComboBox::activated, this, [this](int index) {
        // Carry the value over to the other form.
        const QJsonValue current = value();
        showForm(index == 1);
        if (index == 1 && current.isString()) {
            QJsonArray parts;
            for (const QString &p : current.toString().split(u' ', Qt::SkipEmptyParts))
                parts.append(p);
            m_list->setValue(parts);
        } else if (index == 0 && current.isArray()) {
            QStringList parts;
            for (const QJsonValue &p : current.toArray())
                parts.append(p.toString());
            m_line->setText(parts.join(u' '));
        }
        emitEdited(value());
    });
    connect(m_line, &QLineEdit::textEdited, this, [this] { emitEdited(value()); });
    connect(m_list, &FieldEditor::edited, this, [this] { emitEdited(value()); });
}

void CommandFieldEditor::showForm(bool list)
{
    m_line->setVisible(!list);
    m_list->setVisible(list);
}

void CommandFieldEditor::setValue(const QJsonValue &value)
{
    const bool list = value.isArray();
    {
        const QSignalBlocker blocker(m_form);
        m_form->setCurrentIndex(list ? 1 : 0);
    }
    showForm(list);
    if (list) {
        m_list->setValue(value);
    } else if (m_line->text() != value.toString()) {
        const QSignalBlocker blocker(m_line);
        m_line->setText(value.toString());
    }
}

QJsonValue CommandFieldEditor::value() const
{
    if (m_form->currentIndex() == 1)
        return m_list->value();
    if (m_line->text().isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    return m_line->text();
}

} // namespace khepri
