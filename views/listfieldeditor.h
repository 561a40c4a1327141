#pragma once

// Editor for a list option (ports, volumes, dns, capAdd, extraOptions, …): a
// one-column table with add and remove buttons. Items are strings as compose
// writes them ("8080:80/tcp", "data:/data:ro"); a long-form item shows and
// is edited as compact JSON. Empty rows are ignored; no rows unsets it.

#include "fieldeditor.h"

class QTableWidget;

namespace khepri {
class EditableTable;
}

namespace khepri {

class ListFieldEditor : public FieldEditor {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListFieldEditor)
public:
    ListFieldEditor(const QStringList &path, const SchemaNode &node, const QString &header,
                    QWidget *parent = nullptr);

    void setValue(const QJsonValue &value) override;
    QJsonValue value() const override;
    QTableWidget *table() const { return m_table; }

private:
    QStringList rows() const;
    void adjustHeight();

    EditableTable *m_editable;
    QTableWidget *m_table;
};

} // namespace khepri
