#include "canonical.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringBuilder>

#include "schema.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

using Coerce = SchemaNode::Coerce;

// Nix's toString of a scalar, as the module's toStr does it.
QJsonValue scalarToString(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool() ? u"true"_s : u"false"_s;
    if (v.isDouble()) {
        const QVariant var = v.toVariant();
        if (var.typeId() == QMetaType::LongLong || var.typeId() == QMetaType::Int)
            return QString::number(var.toLongLong());
        return QString::number(v.toDouble(), 'g', 17);
    }
    return v;
}

QJsonValue coerce(const SchemaNode &node, const QJsonValue &value)
{
    switch (node.coerce) {
    case Coerce::None:
        return value;
    case Coerce::NamesToMap:
        if (value.isArray()) {
            QJsonObject o;
            for (const QJsonValue &n : value.toArray())
                if (n.isString())
                    o.insert(n.toString(), QJsonObject());
            return o;
        }
        return value;
    case Coerce::KeyValueToMap:
    case Coerce::EnvironmentToMap:
        if (value.isArray()) {
            QJsonObject o;
            for (const QJsonValue &item : value.toArray()) {
                const QString s = scalarToString(item).toString();
                const qsizetype eq = s.indexOf(u'=');
                if (eq < 0)
                    continue; // bare KEY: dropped by the module too
                o.insert(s.left(eq), s.mid(eq + 1));
            }
            return o;
        }
        return value;
    case Coerce::StringToList:
        if (value.isString())
            return QJsonArray{value};
        return value;
    case Coerce::AttrsToHostList:
        if (value.isObject()) {
            QJsonArray list;
            const QJsonObject o = value.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                list.append(QString(it.key() % u':' % it.value().toString()));
            return list;
        }
        return value;
    case Coerce::ScalarToString:
        return scalarToString(value);
    }
    return value;
}

QString join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path % u'.' % key;
}

} // namespace

bool isMarker(const QJsonValue &value)
{
    return value.isObject() && value.toObject().contains(u"__khepri");
}

bool isDefaultValue(const SchemaNode &node, const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return true;
    if (!node.defaultValue.isNull() && !node.defaultValue.isUndefined())
        return value == node.defaultValue;
    if (value.isArray())
        return value.toArray().isEmpty();
    if (value.isObject() && !isMarker(value))
        return value.toObject().isEmpty() && (node.map || (node.record && !node.keepEmptyRecord));
    return false;
}

QJsonValue canonicalize(const SchemaNode &node, const QJsonValue &raw, const QString &path,
                        CanonicalIssues *issues)
{
    if (raw.isNull() || raw.isUndefined() || isMarker(raw))
        return raw;
    const QJsonValue value = coerce(node, raw);

    if (value.isObject() && node.map) {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            if (it.key().contains(QChar(0)) && issues)
                issues->shapeErrors.append(
                    path % u": a name contains a NUL character, which Nix cannot hold");
            const QJsonValue v =
                node.item ? canonicalize(*node.item, it.value(), join(path, it.key()), issues)
                          : it.value();
            if (v.isNull())
                continue; // keyValueAttrs drops null values
            out.insert(it.key(), v);
        }
        return out;
    }
    if (value.isObject() && node.record) {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            const SchemaNode *field = node.fields.value(it.key());
            if (!field) {
                if (issues)
                    issues->unknownFields.append(join(path, it.key()));
                out.insert(it.key(), it.value());
                continue;
            }
            const QJsonValue v = canonicalize(*field, it.value(), join(path, it.key()), issues);
            if (!isDefaultValue(*field, v))
                out.insert(it.key(), v);
        }
        return out;
    }
    if (value.isArray() && node.list) {
        QJsonArray out;
        const QJsonArray in = value.toArray();
        for (qsizetype i = 0; i < in.size(); ++i)
            out.append(node.item ? canonicalize(*node.item, in.at(i),
                                                path % u'[' % QString::number(i) % u']', issues)
                                 : in.at(i));
        return out;
    }
    if (!value.isObject() && !value.isArray() && node.scalar) {
        // Nix strings cannot hold NUL: nix would cut the string there.
        if (value.isString() && value.toString().contains(QChar(0)) && issues)
            issues->shapeErrors.append(
                path % u": contains a NUL character, which a Nix string cannot hold");
        return value;
    }

    if (issues) {
        QStringList forms;
        if (node.scalar)
            forms.append(u"a value"_s);
        if (node.list)
            forms.append(u"a list"_s);
        if (node.record || node.map)
            forms.append(u"an attribute set"_s);
        issues->shapeErrors.append(path % u": expected " % forms.join(u" or "_s));
    }
    return value;
}

} // namespace khepri
