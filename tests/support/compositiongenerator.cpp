#include "compositiongenerator.h"

#include <QJsonArray>
#include <QStringBuilder>

#include "schema.h"

using namespace Qt::StringLiterals;

namespace khepri::test {

CompositionGenerator::CompositionGenerator(quint32 seed, bool hostile)
    : m_random(seed)
    , m_hostile(hostile)
{}

QString CompositionGenerator::hostileString()
{
    static const QStringList pieces{
        u"\""_s,     u"\\"_s,     u"${x}"_s,  u"$${y}"_s, u"$"_s,    u"''"_s,     u"''${"_s,
        u"\n"_s,     u"\t"_s,     u"\r"_s,    u"Grüße"_s, u"🐳"_s,    u"日本語"_s, u"e\u0301"_s,
        u"\u0001"_s, u"\u007f"_s, u" "_s,     u"{"_s,     u"}"_s,    u";"_s,      u"#"_s,
        u"/*"_s,     u"="_s,      u"plain"_s, u"a.b"_s,   u"\\${"_s, u"\\n"_s,    u"'"_s,
        u"${"_s,     u"@"_s,      u"\u00a0"_s};
    const int kind = int(m_random.bounded(100));
    if (kind < 5)
        return {};
    if (kind < 7) { // 10 kB
        QString s;
        while (s.size() < 10240)
            s += pieces.at(int(m_random.bounded(qsizetype(pieces.size()))));
        return s;
    }
    QString s;
    const int n = 1 + int(m_random.bounded(6));
    for (int i = 0; i < n; ++i)
        s += pieces.at(int(m_random.bounded(qsizetype(pieces.size()))));
    return s;
}

QString CompositionGenerator::name()
{
    ++m_counter;
    if (m_hostile && m_random.bounded(3) == 0) {
        QString s = hostileString().left(40);
        if (!s.isEmpty() && s.back().isHighSurrogate())
            s.chop(1); // never split a surrogate pair
        return s % QString::number(m_counter);
    }
    return u"n"_s % QString::number(m_counter);
}

QJsonObject CompositionGenerator::record(const SchemaNode &node, int depth, bool allowEmpty)
{
    QJsonObject o;
    const QStringList keys = node.fields.keys();
    for (const QString &k : keys) {
        const SchemaNode *f = node.fields.value(k);
        if (!f)
            continue;
        if (f->required || m_random.bounded(depth == 0 ? 3 : 2) == 0)
            o.insert(k, value(*f, depth + 1));
    }
    if (o.isEmpty() && !allowEmpty && !keys.isEmpty()) {
        const QString k = keys.at(int(m_random.bounded(qsizetype(keys.size()))));
        if (const SchemaNode *f = node.fields.value(k))
            o.insert(k, value(*f, depth + 1));
    }
    return o;
}

// A canonical, non-default value for `node`.
QJsonValue CompositionGenerator::value(const SchemaNode &node, int depth)
{
    const QJsonValue def = node.defaultValue;
    if (def.isBool())
        return !def.toBool();
    const bool canRecord = node.record && depth < 6;
    // Lists that the module turns into maps are not canonical: the map is.
    const bool listIsShortForm = node.coerce == SchemaNode::Coerce::NamesToMap
                                 || node.coerce == SchemaNode::Coerce::KeyValueToMap
                                 || node.coerce == SchemaNode::Coerce::EnvironmentToMap;
    const bool canList = node.list && node.item && !listIsShortForm;
    const bool canMap = node.map && node.item && node.coerce != SchemaNode::Coerce::AttrsToHostList;
    QList<int> forms;
    if (node.scalar)
        forms.append(0);
    if (canRecord)
        forms.append(1);
    if (canList)
        forms.append(2);
    if (canMap)
        forms.append(3);
    if (forms.isEmpty())
        return m_hostile ? hostileString() : u"x"_s;
    switch (forms.at(int(m_random.bounded(qsizetype(forms.size()))))) {
    case 0: {
        // The module coerces a string to a list for these: canonical is the list.
        if (node.coerce == SchemaNode::Coerce::StringToList)
            return QJsonArray{m_hostile ? hostileString() : u"x"_s};
        if (!def.isNull() && !def.isUndefined())
            return QString(def.toString() % u"-other");
        if (m_random.bounded(8) == 0 && node.coerce != SchemaNode::Coerce::ScalarToString)
            return qint64(m_random.bounded(-1000, 100000));
        return m_hostile ? hostileString() : QString(u"value"_s % QString::number(m_counter++));
    }
    case 1:
        return record(node, depth, node.keepEmptyRecord);
    case 2: {
        QJsonArray a;
        const int n = 1 + int(m_random.bounded(3));
        for (int i = 0; i < n; ++i)
            a.append(value(*node.item, depth + 1));
        return a;
    }
    default: {
        QJsonObject o;
        const int n = 1 + int(m_random.bounded(3));
        for (int i = 0; i < n; ++i) {
            const QJsonValue v = value(*node.item, depth + 1);
            o.insert(name(), v);
        }
        return o;
    }
    }
}

QJsonObject CompositionGenerator::compositions(int count, int maxServices)
{
    QJsonObject out;
    for (int i = 0; i < count; ++i) {
        QJsonObject c;
        QJsonObject services;
        const int n = int(m_random.bounded(maxServices + 1));
        for (int s = 0; s < n; ++s)
            services.insert(name(), record(schema::service(), 0, false));
        if (!services.isEmpty())
            c.insert(u"services", services);
        for (const QString &kind : {u"networks"_s, u"volumes"_s, u"secrets"_s}) {
            if (m_random.bounded(2) == 0)
                continue;
            const SchemaNode *item = schema::composition().fields.value(kind)->item;
            QJsonObject entries;
            const int m = 1 + int(m_random.bounded(3));
            for (int e = 0; e < m; ++e)
                entries.insert(name(),
                               m_random.bounded(2) ? record(*item, 1, true) : QJsonObject());
            c.insert(kind, entries);
        }
        out.insert(name(), c);
    }
    return out;
}

QJsonObject CompositionGenerator::plainComposition(int services)
{
    QJsonObject svcs;
    for (int i = 0; i < services; ++i) {
        const QString n = u"svc"_s % QString::number(i);
        QJsonObject s{
            {u"image"_s, QString(u"docker.io/library/app:"_s % QString::number(i))},
            {u"ports"_s, QJsonArray{QString(QString::number(10000 + i) % u":80/tcp")}},
            {u"environment"_s, QJsonObject{{u"INDEX"_s, QString::number(i)}, {u"TZ"_s, u"UTC"_s}}},
            {u"networks"_s, QJsonObject{{u"backend"_s, QJsonObject()}}},
            {u"volumes"_s, QJsonArray{QString(u"data:/data/"_s % QString::number(i))}}};
        if (i > 0)
            s.insert(u"dependsOn",
                     QJsonObject{{QString(u"svc"_s % QString::number(i - 1)), QJsonObject()}});
        svcs.insert(n, s);
    }
    return QJsonObject{{u"services"_s, svcs},
                       {u"networks"_s, QJsonObject{{u"backend"_s, QJsonObject()}}},
                       {u"volumes"_s, QJsonObject{{u"data"_s, QJsonObject()}}}};
}

} // namespace khepri::test
