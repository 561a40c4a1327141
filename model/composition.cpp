#include "composition.h"

#include <algorithm>

#include <QJsonArray>
#include <QStringBuilder>

#include "enumnames.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

template<typename T>
const T *byName(const QList<T> &list, const QString &name)
{
    auto it = std::find_if(list.cbegin(), list.cend(), [&](const T &t) { return t.name == name; });
    return it == list.cend() ? nullptr : &*it;
}

QString scalarText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? u"true"_s : u"false"_s;
    return {};
}

constexpr auto conditionNames = makeEnumNames<DependencyCondition>({
    {DependencyCondition::Started, u"service_started"},
    {DependencyCondition::Healthy, u"service_healthy"},
    {DependencyCondition::CompletedSuccessfully, u"service_completed_successfully"},
});
static_assert(conditionNames.coversValuesBelow(3) && conditionNames.namesAreUnique());

} // namespace

QString conditionName(DependencyCondition condition)
{
    return conditionNames.name(condition);
}

bool parseDependencyCondition(const QString &text, DependencyCondition *out)
{
    const std::optional<DependencyCondition> c = conditionNames.value(text);
    if (c)
        *out = *c;
    return c.has_value();
}

Mount parseMount(const QString &text)
{
    Mount m;
    const QStringList parts = text.split(u':');
    if (parts.size() == 1) {
        m.kind = Mount::Kind::Anonymous;
        m.target = parts.at(0);
        return m;
    }
    m.source = parts.at(0);
    m.target = parts.at(1);
    m.kind = (m.source.startsWith(u'/') || m.source.startsWith(u'.') || m.source.startsWith(u'~'))
                 ? Mount::Kind::Bind
                 : Mount::Kind::Volume;
    if (parts.size() > 2)
        m.readOnly = parts.at(2).split(u',').contains(u"ro"_s);
    return m;
}

QString Service::image() const
{
    return spec.value(u"image").toString();
}

QString Service::containerName() const
{
    return spec.value(u"containerName").toString();
}

QStringList Service::ports() const
{
    QStringList out;
    for (const QJsonValue &p : spec.value(u"ports").toArray()) {
        if (!p.isObject()) {
            out.append(scalarText(p));
            continue;
        }
        const QJsonObject o = p.toObject();
        QString text;
        // As the module writes it: an IPv6 address in brackets, "IP::TARGET" when Docker
        // chooses the host port.
        const QString hostIp = o.value(u"hostIp").toString();
        const bool hasIp = !hostIp.isEmpty();
        if (hasIp)
            text +=
                (hostIp.contains(u':') && !hostIp.startsWith(u'[') ? u'[' % hostIp % u']' : hostIp)
                % u':';
        if (o.contains(u"published") && !o.value(u"published").isNull())
            text += scalarText(o.value(u"published")) % u':';
        else if (hasIp)
            text += u':';
        text += scalarText(o.value(u"target")) % u'/' % o.value(u"protocol").toString(u"tcp"_s);
        out.append(text);
    }
    return out;
}

QList<Dependency> Service::dependsOn() const
{
    QList<Dependency> out;
    const QJsonObject deps = spec.value(u"dependsOn").toObject();
    for (auto it = deps.begin(); it != deps.end(); ++it) {
        Dependency d{it.key(), DependencyCondition::Started};
        parseDependencyCondition(it.value().toObject().value(u"condition").toString(),
                                 &d.condition);
        out.append(d);
    }
    return out;
}

QStringList Service::networks() const
{
    return spec.value(u"networks").toObject().keys();
}

QList<Mount> Service::mounts() const
{
    QList<Mount> out;
    for (const QJsonValue &v : spec.value(u"volumes").toArray()) {
        if (v.isString()) {
            out.append(parseMount(v.toString()));
            continue;
        }
        const QJsonObject o = v.toObject();
        Mount m;
        const QString type = o.value(u"type").toString(u"volume"_s);
        m.kind = type == u"bind"    ? Mount::Kind::Bind
                 : type == u"tmpfs" ? Mount::Kind::Tmpfs
                                    : Mount::Kind::Volume;
        m.source = o.value(u"source").toString();
        m.target = o.value(u"target").toString();
        m.readOnly = o.value(u"readOnly").toBool();
        if (m.kind == Mount::Kind::Volume && m.source.isEmpty())
            m.kind = Mount::Kind::Anonymous;
        out.append(m);
    }
    for (const QJsonValue &v : spec.value(u"tmpfs").toArray())
        out.append(Mount{Mount::Kind::Tmpfs, {}, v.toString().section(u':', 0, 0), false});
    return out;
}

QMap<QString, QString> Service::environment() const
{
    QMap<QString, QString> out;
    const QJsonObject env = spec.value(u"environment").toObject();
    for (auto it = env.begin(); it != env.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

bool Service::hasHealthcheck() const
{
    const QJsonObject h = spec.value(u"healthcheck").toObject();
    if (!spec.contains(u"healthcheck") || h.value(u"disable").toBool())
        return false;
    const QJsonValue test = h.value(u"test");
    if (test.isArray() && test.toArray().first().toString() == u"NONE")
        return false;
    return !test.isUndefined() && !test.isNull();
}

QString Service::networkMode() const
{
    return spec.value(u"networkMode").toString();
}

QString Service::restart() const
{
    return spec.value(u"restart").toString();
}

bool Network::external() const
{
    return spec.value(u"external").toBool();
}

bool Network::internal() const
{
    return spec.value(u"internal").toBool();
}

QString Network::dockerName() const
{
    return spec.value(u"name").toString();
}

QString Network::driver() const
{
    return spec.value(u"driver").toString();
}

bool Volume::external() const
{
    return spec.value(u"external").toBool();
}

QString Volume::dockerName() const
{
    return spec.value(u"name").toString();
}

QString Volume::driver() const
{
    return spec.value(u"driver").toString();
}

QString Secret::file() const
{
    return spec.value(u"file").toString();
}

const Service *Composition::service(const QString &serviceName) const
{
    return byName(services, serviceName);
}

const Network *Composition::network(const QString &networkName) const
{
    return byName(networks, networkName);
}

const Volume *Composition::volume(const QString &volumeName) const
{
    return byName(volumes, volumeName);
}

} // namespace khepri
