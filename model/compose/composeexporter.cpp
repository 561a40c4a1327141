#include "composeexporter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringBuilder>

#include <yaml-cpp/yaml.h>

#include "composekeys.h"
#include "schema.h"

using namespace Qt::StringLiterals;

namespace khepri::compose {
namespace {

std::string utf8(const QString &s)
{
    return s.toStdString();
}

QString snake(const QString &camel)
{
    static const QMap<QString, QString> special{{u"cmd"_s, u"command"_s},
                                                {u"environmentFiles"_s, u"env_file"_s},
                                                {u"pull"_s, u"pull_policy"_s}};
    if (special.contains(camel))
        return special.value(camel);
    QString out;
    for (const QChar c : camel) {
        if (c.isUpper()) {
            out += u'_';
            out += c.toLower();
        } else {
            out += c;
        }
    }
    return out;
}

bool needsQuotes(const QString &text)
{
    static const QRegularExpression typed(
        u"^(true|True|TRUE|false|False|FALSE|null|Null|NULL|~|[-+]?[0-9]+|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?)$"_s);
    return text.isEmpty() || typed.match(text).hasMatch();
}

void emitValue(YAML::Emitter &out, const QJsonValue &v, const SchemaNode *node);

void emitScalar(YAML::Emitter &out, const QJsonValue &v)
{
    if (v.isBool()) {
        out << v.toBool();
    } else if (v.isDouble()) {
        const QVariant var = v.toVariant();
        if (var.typeId() == QMetaType::LongLong || var.typeId() == QMetaType::Int)
            out << static_cast<long long>(var.toLongLong());
        else
            out << utf8(QString::number(v.toDouble(), 'g', 17));
    } else if (v.isNull() || v.isUndefined()) {
        out << YAML::Null;
    } else {
        QString text = v.toString();
        text.replace(u"$"_s, u"$$"_s);
        if (needsQuotes(text))
            out << YAML::DoubleQuoted;
        out << utf8(text);
    }
}

void emitValue(YAML::Emitter &out, const QJsonValue &v, const SchemaNode *node)
{
    if (v.isArray()) {
        out << YAML::BeginSeq;
        for (const QJsonValue &x : v.toArray())
            emitValue(out, x, node ? node->item : nullptr);
        out << YAML::EndSeq;
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        out << YAML::BeginMap;
        const bool record = node && node->record && !(node->map && !node->fields.isEmpty());
        for (auto it = o.begin(); it != o.end(); ++it) {
            const SchemaNode *child = nullptr;
            QString key = it.key();
            if (node && node->record && node->fields.contains(key)) {
                child = node->fields.value(key);
                key = snake(key);
            } else if (node && node->map) {
                child = node->item;
            }
            Q_UNUSED(record);
            out << YAML::Key << utf8(key) << YAML::Value;
            emitValue(out, it.value(), child);
        }
        out << YAML::EndMap;
    } else {
        emitScalar(out, v);
    }
}

void emitService(YAML::Emitter &out, const Service &s)
{
    const SchemaNode &schema = schema::service();
    QJsonObject spec = s.spec;
    QJsonObject own; // x-khepri
    out << YAML::BeginMap;
    if (spec.contains(u"image")) {
        out << YAML::Key << "image" << YAML::Value;
        emitScalar(out, spec.take(u"image"));
    }
    // extraOptions: compose keys where there is one, in their order.
    const QJsonArray extra = spec.take(u"extraOptions").toArray();
    QJsonArray rawExtra;
    QJsonObject annotations;
    QJsonObject storage;
    QJsonArray cgroupRules;
    QList<std::pair<QString, QJsonValue>> flagKeys;
    for (const QJsonValue &x : extra) {
        const QString o = x.toString();
        bool done = false;
        const QMap<QString, QString> &flags = dockerRunFlags();
        for (auto f = flags.begin(); f != flags.end() && !done; ++f)
            if (o.startsWith(f.value())
                && std::none_of(flagKeys.cbegin(), flagKeys.cend(),
                                [&](const auto &p) { return p.first == f.key(); })) {
                flagKeys.append({f.key(), o.mid(f.value().size())});
                done = true;
            }
        if (done)
            continue;
        if (o == u"--tty" || o == u"--interactive" || o == u"--oom-kill-disable")
            flagKeys.append({o == u"--tty"           ? u"tty"_s
                             : o == u"--interactive" ? u"stdin_open"_s
                                                     : u"oom_kill_disable"_s,
                             true});
        else if (o.startsWith(u"--annotation=") && o.indexOf(u'=', 13) > 0)
            annotations.insert(o.mid(13).section(u'=', 0, 0), o.mid(13).section(u'=', 1));
        else if (o.startsWith(u"--storage-opt=") && o.indexOf(u'=', 14) > 0)
            storage.insert(o.mid(14).section(u'=', 0, 0), o.mid(14).section(u'=', 1));
        else if (o.startsWith(u"--device-cgroup-rule="))
            cgroupRules.append(o.mid(21));
        else
            rawExtra.append(o);
    }
    if (spec.contains(u"autoStart"))
        own.insert(u"autoStart", spec.take(u"autoStart"));
    if (spec.contains(u"login"))
        own.insert(u"login", spec.take(u"login"));
    if (!rawExtra.isEmpty())
        own.insert(u"extraOptions", rawExtra);
    // Dependencies in the long form, with their condition.
    if (spec.contains(u"dependsOn")) {
        QJsonObject deps = spec.take(u"dependsOn").toObject();
        for (auto it = deps.begin(); it != deps.end(); ++it) {
            QJsonObject d = it.value().toObject();
            if (!d.contains(u"condition"))
                d.insert(u"condition", u"service_started"_s);
            it.value() = d;
        }
        out << YAML::Key << "depends_on" << YAML::Value;
        emitValue(out, deps, nullptr);
    }
    for (auto it = spec.begin(); it != spec.end(); ++it) {
        out << YAML::Key << utf8(snake(it.key())) << YAML::Value;
        emitValue(out, it.value(), schema.fields.value(it.key()));
    }
    for (const auto &[key, value] : std::as_const(flagKeys)) {
        out << YAML::Key << utf8(key) << YAML::Value;
        emitScalar(out, value);
    }
    if (!annotations.isEmpty()) {
        out << YAML::Key << "annotations" << YAML::Value;
        emitValue(out, annotations, nullptr);
    }
    if (!storage.isEmpty()) {
        out << YAML::Key << "storage_opt" << YAML::Value;
        emitValue(out, storage, nullptr);
    }
    if (!cgroupRules.isEmpty()) {
        out << YAML::Key << "device_cgroup_rules" << YAML::Value;
        emitValue(out, cgroupRules, nullptr);
    }
    if (!own.isEmpty()) {
        out << YAML::Key << "x-khepri" << YAML::Value << YAML::BeginMap;
        for (auto it = own.begin(); it != own.end(); ++it) {
            out << YAML::Key << utf8(it.key()) << YAML::Value;
            emitValue(out, it.value(), nullptr);
        }
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
}

template<typename T>
void emitEntities(YAML::Emitter &out, const char *key, const QList<T> &list,
                  const SchemaNode &schema)
{
    if (list.isEmpty())
        return;
    out << YAML::Key << key << YAML::Value << YAML::BeginMap;
    for (const T &t : list) {
        out << YAML::Key << utf8(t.name) << YAML::Value;
        emitValue(out, t.spec, &schema);
    }
    out << YAML::EndMap;
}

} // namespace

QByteArray exportCompose(const Composition &c)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << utf8(c.name);
    out << YAML::Key << "services" << YAML::Value << YAML::BeginMap;
    for (const Service &s : c.services) {
        out << YAML::Key << utf8(s.name) << YAML::Value;
        emitService(out, s);
    }
    out << YAML::EndMap;
    emitEntities(out, "networks", c.networks, schema::network());
    emitEntities(out, "volumes", c.volumes, schema::volume());
    emitEntities(out, "secrets", c.secrets, schema::secret());
    out << YAML::EndMap;
    return QByteArray("# Written by khepri export from the composition ") + c.name.toUtf8()
           + QByteArray(".\n") + QByteArray(out.c_str()) + '\n';
}

} // namespace khepri::compose
