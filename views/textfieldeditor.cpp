#include "textfieldeditor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLineEdit>
#include <QSignalBlocker>

#include "schema.h"

namespace khepri {

TextFieldEditor::TextFieldEditor(const QStringList &path, const SchemaNode &node,
                                 const QStringList &suggestions, QWidget *parent)
    : FieldEditor(path, node, parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    if (!suggestions.isEmpty()) {
        m_combo = new QComboBox(this);
        m_combo->setEditable(true);
        m_combo->setInsertPolicy(QComboBox::NoInsert);
        m_combo->addItems(suggestions);
        m_combo->setCurrentIndex(-1);
        m_edit = m_combo->lineEdit();
        layout->addWidget(m_combo);
        connect(m_combo, &QComboBox::activated, this, [this] { emitEdited(value()); });
    } else {
        m_edit = new QLineEdit(this);
        layout->addWidget(m_edit);
    }
    m_edit->setClearButtonEnabled(true);
    if (node.defaultValue.isString())
        m_edit->setPlaceholderText(node.defaultValue.toString());
    else if (node.required)
        m_edit->setPlaceholderText(tr("required"));
    connect(m_edit, &QLineEdit::textEdited, this, [this] { emitEdited(value()); });
    setFocusProxy(m_edit);
}

void TextFieldEditor::setValue(const QJsonValue &value)
{
    m_numeric = value.isDouble();
    m_opaque = value.isObject() || value.isArray();
    const QString text =
        m_opaque ? tr("(%1 — not editable here)")
                       .arg(value.toObject().value(u"__khepri").toString(tr("structured value")))
                 : valueToText(value);
    m_edit->setReadOnly(m_opaque);
    if (m_edit->text() == text)
        return;
    const QSignalBlocker blocker(m_combo ? static_cast<QObject *>(m_combo) : m_edit);
    if (m_combo)
        m_combo->setEditText(text);
    else
        m_edit->setText(text);
}

QJsonValue TextFieldEditor::value() const
{
    const QString text = m_edit->text();
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    if (m_numeric) {
        bool ok = false;
        const double number = text.toDouble(&ok);
        if (ok)
            return number;
    }
    return text;
}

} // namespace khepri
