#include "compositionjson.h"

#include <algorithm>

#include <QJsonArray>
#include <QStringBuilder>

#include "canonical.h"
#include "schema.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

void collectMarkers(const QString &path, const QJsonValue &value, QList<Unrepresentable> *out)
{
    if (isMarker(value)) {
        const QJsonObject o = value.toObject();
        out->append({path, o.value(u"__khepri").toString(), o.value(u"detail").toString()});
        return;
    }
    if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            collectMarkers(path % u'[' % QString::number(i) % u']', a.at(i), out);
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            collectMarkers(path % u'.' % it.key(), it.value(), out);
    }
}

template<typename T>
QList<T> entries(const QJsonObject &composition, const QString &key)
{
    QList<T> out;
    const QJsonObject map = composition.value(key).toObject();
    for (auto it = map.begin(); it != map.end(); ++it)
        out.append(T{it.key(), it.value().toObject()});
    return out; // QJsonObject keys are sorted
}

template<typename T>
QJsonObject entriesToJson(const QList<T> &list)
{
    QJsonObject o;
    for (const T &t : list)
        o.insert(t.name, t.spec);
    return o;
}

} // namespace

Result<QList<Composition>> compositionsFromJson(const QJsonObject &root)
{
    CanonicalIssues issues;
    const QJsonObject canonical =
        canonicalize(schema::compositions(), root, {}, &issues).toObject();
    if (!issues.shapeErrors.isEmpty())
        return Error::make(ErrorCode::Shape, issues.shapeErrors.first());

    QList<Composition> out;
    for (auto it = canonical.begin(); it != canonical.end(); ++it) {
        Composition c;
        c.name = it.key();
        const QJsonObject o = it.value().toObject();
        c.services = entries<Service>(o, u"services"_s);
        c.networks = entries<Network>(o, u"networks"_s);
        c.volumes = entries<Volume>(o, u"volumes"_s);
        c.secrets = entries<Secret>(o, u"secrets"_s);
        collectMarkers(c.name, o, &c.unrepresentable);
        for (const QString &field : std::as_const(issues.unknownFields))
            if (field.startsWith(c.name % u'.'))
                c.unrepresentable.append(
                    {field, u"unknown-field"_s,
                     u"the khepri module has no option " % field.section(u'.', -1)});
        out.append(c);
    }
    return out;
}

QJsonObject compositionToJson(const Composition &c)
{
    QJsonObject o;
    if (!c.services.isEmpty())
        o.insert(u"services", entriesToJson(c.services));
    if (!c.networks.isEmpty())
        o.insert(u"networks", entriesToJson(c.networks));
    if (!c.volumes.isEmpty())
        o.insert(u"volumes", entriesToJson(c.volumes));
    if (!c.secrets.isEmpty())
        o.insert(u"secrets", entriesToJson(c.secrets));
    return o;
}

QJsonObject compositionsToJson(const QList<Composition> &compositions)
{
    QJsonObject root;
    for (const Composition &c : compositions)
        root.insert(c.name, compositionToJson(c));
    return root;
}

} // namespace khepri
