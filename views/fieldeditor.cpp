#include "fieldeditor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace khepri {

FieldEditor::FieldEditor(const QStringList &path, const SchemaNode &node, QWidget *parent)
    : QWidget(parent)
    , m_path(path)
    , m_node(node)
{}

void FieldEditor::setProblem(const QString &message)
{
    if (message == m_problem)
        return;
    m_problem = message;
    Q_EMIT problemChanged(message);
}

void FieldEditor::emitEdited(const QJsonValue &value)
{
    Q_EMIT edited(m_path, value);
}

QString valueToText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return {};
}

QJsonValue textToValue(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(u'{') || trimmed.startsWith(u'[')) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
        if (error.error == QJsonParseError::NoError)
            return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    }
    return text;
}

} // namespace khepri
