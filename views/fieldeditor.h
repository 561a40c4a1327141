#pragma once

// Base of the property form's editors: one editor per option of the schema
// (model/schema.h), addressed by its path below the entity ("image",
// "healthcheck.interval"). setValue() shows the Document's value without
// echoing it back; a user's change is reported with edited(path, value),
// an undefined value meaning "unset". The editor keeps no value of its own
// beyond what its widgets show.

#include <QJsonValue>
#include <QStringList>
#include <QWidget>

namespace khepri {

struct SchemaNode;

class FieldEditor : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FieldEditor)
public:
    FieldEditor(const QStringList &path, const SchemaNode &node, QWidget *parent = nullptr);

    QStringList path() const { return m_path; }
    const SchemaNode &schema() const { return m_node; }
    virtual void setValue(const QJsonValue &value) = 0;
    virtual QJsonValue value() const = 0; // what the widgets show, as the Document would hold it
    // Names the editor may offer (services, networks of the composition).
    virtual void setCandidates(const QStringList &) {}
    void setProblem(const QString &message); // empty: none

Q_SIGNALS:
    void edited(const QStringList &path, const QJsonValue &value);
    void problemChanged(const QString &message);

protected:
    void emitEdited(const QJsonValue &value);

private:
    QStringList m_path;
    const SchemaNode &m_node;
    QString m_problem;
};

// Text for a JSON value in a cell: strings as they are, anything else as
// compact JSON. textToValue() reads it back the same way.
QString valueToText(const QJsonValue &value);
QJsonValue textToValue(const QString &text);

} // namespace khepri
