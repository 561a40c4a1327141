#pragma once

// Editor for a scalar option: a line edit, or an editable combo box when the
// option has well-known values (restart, networkMode, …). Reports every
// keystroke (the Document merges them into one undo step per field); an
// empty text unsets the option.

#include "fieldeditor.h"

class QComboBox;
class QLineEdit;

namespace khepri {

class TextFieldEditor : public FieldEditor {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TextFieldEditor)
public:
    TextFieldEditor(const QStringList &path, const SchemaNode &node, const QStringList &suggestions,
                    QWidget *parent = nullptr);

    void setValue(const QJsonValue &value) override;
    QJsonValue value() const override;
    QLineEdit *lineEdit() const { return m_edit; }

private:
    QComboBox *m_combo = nullptr;
    QLineEdit *m_edit = nullptr;
    bool m_numeric = false; // the Document holds a number: keep it one
    bool m_opaque = false;  // a value the console cannot edit (a derivation…)
};

} // namespace khepri
