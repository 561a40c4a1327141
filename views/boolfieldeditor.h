#pragma once

// Editor for a boolean option: a check box; unchecking a default-false
// option (or checking a default-true one) unsets it, as the writer would.

#include "fieldeditor.h"

class QCheckBox;

namespace khepri {

class BoolFieldEditor : public FieldEditor {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BoolFieldEditor)
public:
    BoolFieldEditor(const QStringList &path, const SchemaNode &node, QWidget *parent = nullptr);

    void setValue(const QJsonValue &value) override;
    QJsonValue value() const override;
    QCheckBox *checkBox() const { return m_box; }

private:
    QCheckBox *m_box;
};

} // namespace khepri
