#pragma once

// Editor for an option that names other entities of the composition —
// dependsOn (services) and networks: a checklist of the candidates, with a
// column per setting of an entry (a condition picker for dependsOn; aliases
// and addresses for networks). Entries naming something that does not exist
// stay listed (checked) so the user can see and remove them.

#include "fieldeditor.h"

class QTableWidget;

namespace khepri {

class ChecklistFieldEditor : public FieldEditor {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChecklistFieldEditor)
public:
    ChecklistFieldEditor(const QStringList &path, const SchemaNode &node,
                         QWidget *parent = nullptr);

    void setValue(const QJsonValue &value) override;
    QJsonValue value() const override;
    void setCandidates(const QStringList &names) override;
    QTableWidget *table() const { return m_table; }
    // Checks or unchecks `name` as a user would (emits edited()).
    void setChecked(const QString &name, bool checked);
    // Sets an entry's setting as a user would, e.g. ("db", "condition", "service_healthy").
    void setEntryField(const QString &name, const QString &field, const QString &text);

private:
    void rebuild(const QJsonObject &value);
    QString cellText(int row, int column) const;
    int rowOf(const QString &name) const;
    void adjustHeight();

    QTableWidget *m_table;
    QStringList m_fields; // settings of an entry, one column each
    QStringList m_candidates;
    bool m_building = false;
};

} // namespace khepri
