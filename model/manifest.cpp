#include "manifest.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// Parsing state: the file for error messages and the first error met.
class Parser {
public:
    explicit Parser(const QString &file)
        : m_file(file)
    {}

    std::optional<Error> error;

    void fail(const QString &where, const QString &what)
    {
        if (!error)
            error =
                Error::make(ErrorCode::Manifest, u"invalid manifest: "_s % where % u": "_s % what,
                            u"The manifest is written by the khepri NixOS module; rebuild with a "
                            u"matching version of the module."_s)
                    .at(m_file);
    }

    QString string(const QJsonObject &o, const QString &key, const QString &where,
                   bool nullable = false)
    {
        const QJsonValue v = o.value(key);
        if (v.isString())
            return v.toString();
        if (nullable && (v.isNull() || v.isUndefined()))
            return {};
        fail(where % u'.' % key, u"expected a string"_s);
        return {};
    }

    QStringList strings(const QJsonObject &o, const QString &key, const QString &where)
    {
        const QJsonValue v = o.value(key);
        QStringList out;
        if (v.isUndefined() || v.isNull())
            return out;
        if (!v.isArray()) {
            fail(where % u'.' % key, u"expected a list of strings"_s);
            return out;
        }
        for (const QJsonValue &e : v.toArray()) {
            if (!e.isString()) {
                fail(where % u'.' % key, u"expected a list of strings"_s);
                return out;
            }
            out.append(e.toString());
        }
        return out;
    }

    bool boolean(const QJsonObject &o, const QString &key, const QString &where, bool fallback)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isBool())
            fail(where % u'.' % key, u"expected true or false"_s);
        return v.toBool(fallback);
    }

    QJsonObject object(const QJsonObject &o, const QString &key, const QString &where)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isObject())
            fail(where % u'.' % key, u"expected an object"_s);
        return v.toObject();
    }

    ManifestResource resource(const QJsonObject &o, const QString &where)
    {
        ManifestResource r;
        r.name = string(o, u"name"_s, where);
        r.unit = string(o, u"unit"_s, where, true);
        r.external = boolean(o, u"external"_s, where, false);
        return r;
    }

    ManifestService service(const QJsonObject &o, const QString &where)
    {
        ManifestService s;
        s.container = string(o, u"container"_s, where);
        s.unit = string(o, u"unit"_s, where);
        s.image = string(o, u"image"_s, where, true);
        const QJsonValue deps = o.value(u"dependsOn");
        if (deps.isArray()) { // tolerate the short form
            for (const QString &d : strings(o, u"dependsOn"_s, where))
                s.dependsOn.insert(d, u"service_started"_s);
        } else {
            const QJsonObject d = object(o, u"dependsOn"_s, where);
            for (auto it = d.begin(); it != d.end(); ++it)
                s.dependsOn.insert(it.key(), it.value().toString(u"service_started"_s));
        }
        s.networks = strings(o, u"networks"_s, where);
        s.volumes = strings(o, u"volumes"_s, where);
        s.ports = strings(o, u"ports"_s, where);
        s.restart = string(o, u"restart"_s, where, true);
        s.autoStart = boolean(o, u"autoStart"_s, where, true);
        return s;
    }

private:
    QString m_file;
};

QJsonObject resourceJson(const ManifestResource &r)
{
    return QJsonObject{{u"name"_s, r.name},
                       {u"unit"_s, r.unit.isEmpty() ? QJsonValue() : QJsonValue(r.unit)},
                       {u"external"_s, r.external}};
}

} // namespace

Result<Manifest> Manifest::fromJson(const QJsonObject &json, const QString &file)
{
    Parser p(file);
    Manifest m;
    const QJsonValue version = json.value(u"version");
    if (!version.isDouble())
        p.fail(u"version"_s, u"missing or not a number"_s);
    else if (version.toInt() != kVersion)
        return Error::make(ErrorCode::ManifestVersion,
                           u"the manifest has version "_s % QString::number(version.toInt())
                               % u", this console reads version "_s % QString::number(kVersion),
                           u"Use a khepri console that matches the NixOS module on the host."_s)
            .at(file);
    if (json.contains(u"backend"))
        m.backend = p.string(json, u"backend"_s, QString());
    const QJsonObject comps = p.object(json, u"compositions"_s, QString());
    for (auto c = comps.begin(); c != comps.end(); ++c) {
        const QString where = u"compositions."_s % c.key();
        if (!c.value().isObject()) {
            p.fail(where, u"expected an object"_s);
            break;
        }
        const QJsonObject co = c.value().toObject();
        ManifestComposition comp;
        comp.target = p.string(co, u"target"_s, where);
        const QJsonObject services = p.object(co, u"services"_s, where);
        for (auto s = services.begin(); s != services.end(); ++s)
            comp.services.insert(
                s.key(), p.service(s.value().toObject(), where % u".services."_s % s.key()));
        const QJsonObject networks = p.object(co, u"networks"_s, where);
        for (auto n = networks.begin(); n != networks.end(); ++n)
            comp.networks.insert(
                n.key(), p.resource(n.value().toObject(), where % u".networks."_s % n.key()));
        const QJsonObject volumes = p.object(co, u"volumes"_s, where);
        for (auto v = volumes.begin(); v != volumes.end(); ++v)
            comp.volumes.insert(v.key(),
                                p.resource(v.value().toObject(), where % u".volumes."_s % v.key()));
        m.compositions.insert(c.key(), comp);
    }
    if (p.error)
        return *p.error;
    return m;
}

Result<Manifest> Manifest::fromJsonBytes(const QByteArray &bytes, const QString &file)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::make(ErrorCode::Manifest, u"the manifest is not valid JSON: "_s
                                                    % parseError.errorString() % u" at offset "_s
                                                    % QString::number(parseError.offset))
            .at(file);
    if (!doc.isObject())
        return Error::make(ErrorCode::Manifest, u"the manifest is not a JSON object"_s).at(file);
    return fromJson(doc.object(), file);
}

Result<Manifest> Manifest::load(const QString &path)
{
    QFile f(path);
    if (!f.exists())
        return Error::make(
                   ErrorCode::NotFound, u"no manifest at "_s % path,
                   u"Pass --deployed PATH, or deploy the khepri NixOS module on this host."_s)
            .at(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(ErrorCode::Unreadable, u"cannot read the manifest: "_s % f.errorString())
            .at(path);
    return fromJsonBytes(f.readAll(), path);
}

QJsonObject Manifest::toJson() const
{
    QJsonObject comps;
    for (auto c = compositions.begin(); c != compositions.end(); ++c) {
        QJsonObject services;
        for (auto s = c->services.begin(); s != c->services.end(); ++s) {
            QJsonObject deps;
            for (auto d = s->dependsOn.begin(); d != s->dependsOn.end(); ++d)
                deps.insert(d.key(), d.value());
            services.insert(s.key(),
                            QJsonObject{{u"container"_s, s->container},
                                        {u"unit"_s, s->unit},
                                        {u"image"_s, s->image},
                                        {u"dependsOn"_s, deps},
                                        {u"networks"_s, QJsonArray::fromStringList(s->networks)},
                                        {u"volumes"_s, QJsonArray::fromStringList(s->volumes)},
                                        {u"ports"_s, QJsonArray::fromStringList(s->ports)},
                                        {u"restart"_s, s->restart},
                                        {u"autoStart"_s, s->autoStart}});
        }
        QJsonObject networks;
        for (auto n = c->networks.begin(); n != c->networks.end(); ++n)
            networks.insert(n.key(), resourceJson(*n));
        QJsonObject volumes;
        for (auto v = c->volumes.begin(); v != c->volumes.end(); ++v)
            volumes.insert(v.key(), resourceJson(*v));
        comps.insert(c.key(), QJsonObject{{u"target"_s, c->target},
                                          {u"services"_s, services},
                                          {u"networks"_s, networks},
                                          {u"volumes"_s, volumes}});
    }
    return QJsonObject{
        {u"version"_s, version}, {u"backend"_s, backend}, {u"compositions"_s, comps}};
}

QStringList Manifest::units() const
{
    QSet<QString> seen;
    for (const ManifestComposition &c : compositions) {
        if (!c.target.isEmpty())
            seen.insert(c.target);
        for (const ManifestService &s : c.services)
            if (!s.unit.isEmpty())
                seen.insert(s.unit);
        for (const ManifestResource &n : c.networks)
            if (!n.unit.isEmpty())
                seen.insert(n.unit);
        for (const ManifestResource &v : c.volumes)
            if (!v.unit.isEmpty())
                seen.insert(v.unit);
    }
    QStringList out(seen.begin(), seen.end());
    out.sort();
    return out;
}

QStringList Manifest::containers() const
{
    QStringList out;
    for (const ManifestComposition &c : compositions)
        for (const ManifestService &s : c.services)
            out.append(s.container);
    out.sort();
    out.removeDuplicates();
    return out;
}

} // namespace khepri
