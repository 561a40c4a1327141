#pragma once

// Editor for an attribute-set option (environment, labels, sysctls,
// driverOpts, logging options, ulimits): a key/value table with add and
// remove buttons. Rows without a key are ignored; no rows unsets it.

#include "fieldeditor.h"

class QTableWidget;

namespace khepri {
class EditableTable;
}

namespace khepri {

class MapFieldEditor : public FieldEditor {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MapFieldEditor)
public:
    MapFieldEditor(const QStringList &path, const SchemaNode &node, QWidget *parent = nullptr);

    void setValue(const QJsonValue &value) override;
    QJsonValue value() const override;
    QTableWidget *table() const { return m_table; }

private:
    QList<std::pair<QString, QString>> rows() const;
    void adjustHeight();

    EditableTable *m_editable;
    QTableWidget *m_table;
};

} // namespace khepri
