#pragma once

// Editor for an option that is a string or a list of strings, kept in the
// form written (cmd, entrypoint, healthcheck.test): the module splits a
// string like a shell, a list is passed as it is. A form picker chooses
// between a line edit (string) and a list table (exec form).

#include "fieldeditor.h"

class QComboBox;
class QLineEdit;

namespace khepri {

class ListFieldEditor;

class CommandFieldEditor : public FieldEditor {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandFieldEditor)
public:
    CommandFieldEditor(const QStringList &path, const SchemaNode &node, QWidget *parent = nullptr);

    void setValue(const QJsonValue &value) override;
    QJsonValue value() const override;

private:
    void showForm(bool list);

    QComboBox *m_form;
    QLineEdit *m_line;
    ListFieldEditor *m_list;
};

} // namespace khepri
