#include "boolfieldeditor.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QSignalBlocker>

#include "schema.h"

namespace khepri {

BoolFieldEditor::BoolFieldEditor(const QStringList &path, const SchemaNode &node, QWidget *parent)
    : FieldEditor(path, node, parent)
    , m_box(new QCheckBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_box);
    m_box->setText(node.description);
    connect(m_box, &QCheckBox::toggled, this, [this] { emitEdited(value()); });
    setFocusProxy(m_box);
}

void BoolFieldEditor::setValue(const QJsonValue &value)
{
    const bool checked = value.isBool() ? value.toBool() : schema().defaultValue.toBool();
    const QSignalBlocker blocker(m_box);
    m_box->setChecked(checked);
}

QJsonValue BoolFieldEditor::value() const
{
    if (m_box->isChecked() == schema().defaultValue.toBool())
        return QJsonValue(QJsonValue::Undefined);
    return m_box->isChecked();
}

} // namespace khepri
