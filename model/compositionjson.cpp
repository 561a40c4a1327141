#include "compositionjson.h"

#include <QJsonArray>
#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

const QLatin1StringView kMarker("__khepri");

// Reads one composition; the first shape error ends it (reported with the
// dotted path of the offending field, as a user would write it in Nix).
class Reader {
public:
    std::optional<Error> error;
    QList<Unrepresentable> unrepresentable;

    void fail(const QString &path, const QString &what)
    {
        if (!error)
            error = Error{QStringLiteral("shape"), path % u": " % what, {}, {}, 0, 0};
    }

    bool isMarker(const QString &path, const QJsonValue &value)
    {
        if (!value.isObject() || !value.toObject().contains(kMarker))
            return false;
        const QJsonObject o = value.toObject();
        unrepresentable.append({path, o.value(kMarker).toString(), o.value(u"detail").toString()});
        return true;
    }

    // Records every marker inside a value kept verbatim (extra fields).
    void scanMarkers(const QString &path, const QJsonValue &value)
    {
        if (isMarker(path, value))
            return;
        if (value.isArray()) {
            const QJsonArray array = value.toArray();
            for (qsizetype i = 0; i < array.size(); ++i)
                scanMarkers(path % u'[' % QString::number(i) % u']', array.at(i));
        } else if (value.isObject()) {
            const QJsonObject o = value.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                scanMarkers(path % u'.' % it.key(), it.value());
        }
    }

    QString string(const QString &path, const QJsonValue &value)
    {
        if (value.isUndefined() || value.isNull())
            return {};
        if (isMarker(path, value))
            return {};
        if (!value.isString()) {
            fail(path, QStringLiteral("expected a string"));
            return {};
        }
        return value.toString();
    }

    bool boolean(const QString &path, const QJsonValue &value)
    {
        if (value.isUndefined() || value.isNull())
            return false;
        if (!value.isBool()) {
            fail(path, QStringLiteral("expected true or false"));
            return false;
        }
        return value.toBool();
    }

    QStringList strings(const QString &path, const QJsonValue &value)
    {
        QStringList out;
        if (value.isUndefined() || value.isNull())
            return out;
        if (isMarker(path, value))
            return out;
        if (!value.isArray()) {
            fail(path, QStringLiteral("expected a list of strings"));
            return out;
        }
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString itemPath = path % u'[' % QString::number(i) % u']';
            if (isMarker(itemPath, array.at(i)))
                continue;
            if (!array.at(i).isString()) {
                fail(itemPath, QStringLiteral("expected a string"));
                return out;
            }
            out.append(array.at(i).toString());
        }
        return out;
    }

    // A list of names or an attrset keyed by name (short and long forms).
    QStringList names(const QString &path, const QJsonValue &value)
    {
        if (value.isObject() && !value.toObject().contains(kMarker))
            return value.toObject().keys();
        return strings(path, value);
    }

    QJsonObject object(const QString &path, const QJsonValue &value)
    {
        if (value.isUndefined() || value.isNull())
            return {};
        if (isMarker(path, value))
            return {};
        if (!value.isObject()) {
            fail(path, QStringLiteral("expected an attribute set"));
            return {};
        }
        return value.toObject();
    }

    QList<Dependency> dependencies(const QString &path, const QJsonValue &value)
    {
        QList<Dependency> out;
        if (value.isObject() && !value.toObject().contains(kMarker)) {
            const QJsonObject o = value.toObject();
            for (auto it = o.begin(); it != o.end(); ++it) {
                Dependency d{it.key(), DependencyCondition::Started};
                const QString condition = string(path % u'.' % it.key() % u".condition",
                                                 it.value().toObject().value(u"condition"));
                if (!condition.isEmpty() && !parseDependencyCondition(condition, &d.condition))
                    fail(path % u'.' % it.key() % u".condition",
                         u"unknown condition \"" % condition
                             % u"\" (expected service_started, service_healthy or "
                               u"service_completed_successfully)");
                out.append(d);
            }
            return out;
        }
        for (const QString &name : strings(path, value))
            out.append({name, DependencyCondition::Started});
        return out;
    }

    QMap<QString, QString> stringMap(const QString &path, const QJsonValue &value)
    {
        QMap<QString, QString> out;
        const QJsonObject o = object(path, value);
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QJsonValue v = it.value();
            const QString itemPath = path % u'.' % it.key();
            if (v.isString())
                out.insert(it.key(), v.toString());
            else if (v.isDouble())
                out.insert(it.key(), QString::number(v.toDouble()));
            else if (v.isBool())
                out.insert(it.key(), v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
            else if (!isMarker(itemPath, v))
                fail(itemPath, QStringLiteral("expected a string"));
        }
        return out;
    }

    Service service(const QString &path, const QString &name, const QJsonValue &value)
    {
        Service s;
        s.name = name;
        QJsonObject o = object(path, value);
        s.image = string(path % u".image", o.take(u"image"));
        s.containerName = string(path % u".containerName", o.take(u"containerName"));
        s.ports = strings(path % u".ports", o.take(u"ports"));
        s.dependsOn = dependencies(path % u".dependsOn", o.take(u"dependsOn"));
        s.networks = names(path % u".networks", o.take(u"networks"));
        s.volumes = strings(path % u".volumes", o.take(u"volumes"));
        s.environment = stringMap(path % u".environment", o.take(u"environment"));
        s.cmd = strings(path % u".cmd", o.take(u"cmd"));
        s.restart = string(path % u".restart", o.take(u"restart"));
        for (auto it = o.begin(); it != o.end(); ++it)
            scanMarkers(path % u'.' % it.key(), it.value());
        s.extra = o;
        return s;
    }

    Network network(const QString &path, const QString &name, const QJsonValue &value)
    {
        Network n;
        n.name = name;
        QJsonObject o = object(path, value);
        n.external = boolean(path % u".external", o.take(u"external"));
        n.dockerName = string(path % u".name", o.take(u"name"));
        n.driver = string(path % u".driver", o.take(u"driver"));
        n.internal = boolean(path % u".internal", o.take(u"internal"));
        scanMarkers(path, QJsonValue(o));
        n.extra = o;
        return n;
    }

    Volume volume(const QString &path, const QString &name, const QJsonValue &value)
    {
        Volume v;
        v.name = name;
        QJsonObject o = object(path, value);
        v.external = boolean(path % u".external", o.take(u"external"));
        v.dockerName = string(path % u".name", o.take(u"name"));
        v.driver = string(path % u".driver", o.take(u"driver"));
        scanMarkers(path, QJsonValue(o));
        v.extra = o;
        return v;
    }

    // networks / volumes: a list of names (all defaults) or an attrset.
    template<typename T, typename F>
    QList<T> entries(const QString &path, const QJsonValue &value, F make)
    {
        QList<T> out;
        if (value.isArray()) {
            for (const QString &name : strings(path, value))
                out.append(make(path % u'.' % name, name, QJsonValue(QJsonObject())));
        } else {
            const QJsonObject o = object(path, value);
            for (auto it = o.begin(); it != o.end(); ++it)
                out.append(make(path % u'.' % it.key(), it.key(), it.value()));
        }
        std::sort(out.begin(), out.end(), [](const T &a, const T &b) { return a.name < b.name; });
        return out;
    }
};

QJsonValue namesToJson(const QStringList &names)
{
    return QJsonArray::fromStringList(names);
}

} // namespace

Result<QList<Composition>> compositionsFromJson(const QJsonObject &root)
{
    QList<Composition> out;
    for (auto it = root.begin(); it != root.end(); ++it) {
        Reader r;
        Composition c;
        c.name = it.key();
        const QJsonObject o = r.object(c.name, it.value());
        c.services = r.entries<Service>(c.name % u".services", o.value(u"services"),
                                        [&](const QString &p, const QString &n,
                                            const QJsonValue &v) { return r.service(p, n, v); });
        c.networks = r.entries<Network>(c.name % u".networks", o.value(u"networks"),
                                        [&](const QString &p, const QString &n,
                                            const QJsonValue &v) { return r.network(p, n, v); });
        c.volumes = r.entries<Volume>(c.name % u".volumes", o.value(u"volumes"),
                                      [&](const QString &p, const QString &n, const QJsonValue &v) {
                                          return r.volume(p, n, v);
                                      });
        if (r.error)
            return *r.error;
        c.unrepresentable = r.unrepresentable;
        out.append(c);
    }
    return out;
}

QJsonObject compositionsToJson(const QList<Composition> &compositions)
{
    QJsonObject root;
    for (const Composition &c : compositions) {
        QJsonObject services;
        for (const Service &s : c.services) {
            QJsonObject o = s.extra;
            o.insert(u"image", s.image);
            if (!s.containerName.isEmpty())
                o.insert(u"containerName", s.containerName);
            if (!s.ports.isEmpty())
                o.insert(u"ports", namesToJson(s.ports));
            if (!s.dependsOn.isEmpty()) {
                QJsonObject deps;
                for (const Dependency &d : s.dependsOn)
                    deps.insert(d.service,
                                QJsonObject{{u"condition"_s, conditionName(d.condition)}});
                o.insert(u"dependsOn", deps);
            }
            if (!s.networks.isEmpty())
                o.insert(u"networks", namesToJson(s.networks));
            if (!s.volumes.isEmpty())
                o.insert(u"volumes", namesToJson(s.volumes));
            if (!s.environment.isEmpty()) {
                QJsonObject env;
                for (auto it = s.environment.begin(); it != s.environment.end(); ++it)
                    env.insert(it.key(), it.value());
                o.insert(u"environment", env);
            }
            if (!s.cmd.isEmpty())
                o.insert(u"cmd", namesToJson(s.cmd));
            if (!s.restart.isEmpty())
                o.insert(u"restart", s.restart);
            services.insert(s.name, o);
        }
        QJsonObject networks;
        for (const Network &n : c.networks) {
            QJsonObject o = n.extra;
            if (n.external)
                o.insert(u"external", true);
            if (!n.dockerName.isEmpty())
                o.insert(u"name", n.dockerName);
            if (!n.driver.isEmpty())
                o.insert(u"driver", n.driver);
            if (n.internal)
                o.insert(u"internal", true);
            networks.insert(n.name, o);
        }
        QJsonObject volumes;
        for (const Volume &v : c.volumes) {
            QJsonObject o = v.extra;
            if (v.external)
                o.insert(u"external", true);
            if (!v.dockerName.isEmpty())
                o.insert(u"name", v.dockerName);
            if (!v.driver.isEmpty())
                o.insert(u"driver", v.driver);
            volumes.insert(v.name, o);
        }
        root.insert(c.name, QJsonObject{{u"services"_s, services},
                                        {u"networks"_s, networks},
                                        {u"volumes"_s, volumes}});
    }
    return root;
}

} // namespace khepri
