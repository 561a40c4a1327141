#include "composeimporter.h"

#include <algorithm>
#include <functional>
#include <optional>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStringBuilder>

#include <yaml-cpp/yaml.h>

#include "composeinterpolation.h"
#include "composekeys.h"
#include "compositionjson.h"
#include "validator.h"

using namespace Qt::StringLiterals;

namespace khepri::compose {
namespace {

// Unusable input: thrown inside the importer, returned as an Error.
struct Failure {
    Error error;
};

// Limits that keep hostile input (alias bombs, deep nesting) bounded.
constexpr int kMaxDepth = 64;
constexpr qsizetype kMaxNodes = 2'000'000;

// A YAML node after merge keys and interpolation, with where it was written.
struct YNode {
    enum class Kind { Null, Scalar, Map, Seq };
    Kind kind = Kind::Null;
    QJsonValue value; // scalar: typed as YAML 1.2's core schema (quoted: string)
    QList<std::pair<QString, YNode>> entries; // map, in order
    QList<YNode> items;                       // sequence
    QString file;
    int line = 0;
    int column = 0;

    bool isMap() const { return kind == Kind::Map; }
    bool isSeq() const { return kind == Kind::Seq; }
    bool isScalar() const { return kind == Kind::Scalar; }
    bool isNull() const { return kind == Kind::Null; }
    const YNode *get(const QString &key) const
    {
        for (const auto &e : entries)
            if (e.first == key)
                return &e.second;
        return nullptr;
    }
    QString text() const
    {
        if (value.isString())
            return value.toString();
        if (value.isBool())
            return value.toBool() ? u"true"_s : u"false"_s;
        if (value.isDouble()) {
            const QVariant v = value.toVariant();
            if (v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int)
                return QString::number(v.toLongLong());
            return QString::number(value.toDouble(), 'g', 17);
        }
        return {};
    }
    QString where() const
    {
        return file % u':' % QString::number(line) % u':' % QString::number(column);
    }
};

Failure failAt(const YNode &at, ErrorCode code, const QString &message, const QString &hint)
{
    return Failure{
        Error::make(code, at.where() % u": " % message, hint).at(at.file, at.line, at.column)};
}

Failure typeError(const YNode &at, const QString &path, const QString &expected)
{
    return failAt(at, ErrorCode::Type, path % u" must be " % expected,
                  u"See the compose specification for the forms this key takes."_s);
}

QJsonValue typedScalar(const QString &text)
{
    static const QRegularExpression integer(u"^[-+]?[0-9]+$"_s);
    static const QRegularExpression real(
        u"^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"_s);
    if (text == u"true" || text == u"True" || text == u"TRUE")
        return true;
    if (text == u"false" || text == u"False" || text == u"FALSE")
        return false;
    if (integer.match(text).hasMatch()) {
        bool ok = false;
        const qlonglong n = text.toLongLong(&ok);
        if (ok && n > -(1LL << 53) && n < (1LL << 53))
            return n;
        return text;
    }
    if (real.match(text).hasMatch())
        return text.toDouble();
    return text;
}

bool isNullText(const QString &text)
{
    return text.isEmpty() || text == u"~" || text == u"null" || text == u"Null" || text == u"NULL";
}

// One project's worth of state while importing.
class Importer {
public:
    explicit Importer(const ImportOptions &options)
        : m_options(options)
    {}

    ImportResult run(const QList<std::pair<QString, QByteArray>> &texts);

private:
    struct FileCtx {
        QString path;       // the compose file
        QString dir;        // relative host paths resolve against this
        QString displayDir; // for notes
    };
    struct ServiceInfo {
        YNode node; // where it was declared (first file)
        QStringList profiles;
        bool hasImage = false;
        std::optional<YNode> build;
    };
    struct Part { // one compose file, includes resolved
        QString name;
        std::optional<YNode> nameNode;
        QMap<QString, QJsonObject> services;
        QMap<QString, ServiceInfo> info;
        QMap<QString, QJsonObject> networks;
        QMap<QString, QJsonObject> volumes;
        QMap<QString, QJsonObject> secrets;
        QMap<QString, QString> configFiles; // name -> absolute file
        bool declaresDefaultNetwork = false;
    };

    // Reading.
    YNode parse(const QByteArray &text, const QString &file);
    YNode build(const YAML::Node &n, const QString &file, int depth, bool interpolateIt);
    QJsonValue interpolated(const QString &text, const YAML::Node &at, const QString &file);
    const YNode &loadFile(const QString &path);
    std::optional<QString> lookup(const QString &name) const;

    // Converting.
    Part convertFile(const YNode &root, const FileCtx &fc, const QStringList &includeChain);
    QJsonObject convertService(const QString &name, const YNode &svc, const YNode &root,
                               const FileCtx &fc, ServiceInfo *info, QStringList chain);
    QJsonObject convertNetwork(const QString &name, const YNode &n, const FileCtx &fc);
    QJsonObject convertVolume(const QString &name, const YNode &n, const FileCtx &fc);
    std::optional<QJsonObject> convertSecret(const QString &name, const YNode &n,
                                             const FileCtx &fc);
    void convertConfig(const QString &name, const YNode &n, const FileCtx &fc, Part *part);
    void mergePart(Part *into, const Part &from, bool conflictsAreErrors);

    // Values.
    QString hostPath(const QString &path, const FileCtx &fc, const YNode &at,
                     const QString &service);
    QJsonValue volumeEntry(const YNode &v, const FileCtx &fc, const QString &service,
                           const QString &path);
    QJsonObject stringMap(const YNode &n, const QString &path, bool environment);
    QJsonArray stringList(const YNode &n, const QString &path);
    QJsonValue stringOrList(const YNode &n, const QString &path);
    QString scalarText(const YNode &n, const QString &path);
    // Compose's "a list of names, or a mapping of name to options" (depends_on,
    // a service's networks): each name becomes an entry; `option` fills an
    // entry from one of its options.
    using EntryOption = std::function<void(const QString &key, const YNode &value,
                                           const QString &path, QJsonObject *out)>;
    QJsonObject namedEntries(const YNode &v, const QString &path, const QString &expected,
                             const QString &entryExpected, const EntryOption &option);

    // Diagnostics.
    void add(Diagnostic::Severity severity, const QString &code, const YNode &at,
             const QString &service, const QString &field, const QString &message);
    void notCarried(const YNode &at, const QString &service, const QString &path,
                    const QString &why);
    void note(const YNode &at, const QString &service, const QString &field, const QString &message)
    {
        add(Diagnostic::Severity::Info, QString::fromUtf16(kTranslated), at, service, field,
            message);
    }

    const ImportOptions &m_options;
    QMap<QString, QString> m_envFileValues;
    QMap<QString, YNode> m_files; // parsed compose files by absolute path
    QList<Diagnostic> m_diagnostics;
    QSet<QString> m_resolvedPathsNoted;
    QString m_composition;
    qsizetype m_nodes = 0;
};

// ---------------------------------------------------------------- reading

std::optional<QString> Importer::lookup(const QString &name) const
{
    // As compose: the process environment wins over the env file.
    const auto env = m_options.environment.constFind(name);
    if (env != m_options.environment.cend())
        return *env;
    const auto file = m_envFileValues.constFind(name);
    if (file != m_envFileValues.cend())
        return *file;
    return std::nullopt;
}

QJsonValue Importer::interpolated(const QString &text, const YAML::Node &at, const QString &file)
{
    const auto r = interpolate(text, [this](const QString &n) { return lookup(n); });
    const int line = at.Mark().line + 1;
    const int column = at.Mark().column + 1;
    if (!r) {
        Error e = r.error();
        e.message = file % u':' % QString::number(line) % u':' % QString::number(column) % u": "
                    % e.message;
        e.file = file;
        e.line = line;
        e.column = column;
        throw Failure{e};
    }
    for (const QString &unset : r.value().unsetVariables) {
        YNode where;
        where.file = file;
        where.line = line;
        where.column = column;
        add(Diagnostic::Severity::Warning, QString::fromUtf16(kVariableUnset), where, {}, {},
            u"the variable " % unset % u" is not set; it is replaced by an empty string"_s);
    }
    return r.value().value;
}

YNode Importer::build(const YAML::Node &n, const QString &file, int depth, bool interpolateIt)
{
    YNode out;
    out.file = file;
    out.line = n.Mark().line + 1;
    out.column = n.Mark().column + 1;
    if (++m_nodes > kMaxNodes)
        throw failAt(out, ErrorCode::TooLarge,
                     u"the document expands to more than two million nodes (aliases?)"_s, {});
    if (depth > kMaxDepth)
        throw failAt(out, ErrorCode::TooDeep, u"the document nests deeper than 64 levels"_s, {});
    switch (n.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
        return out;
    case YAML::NodeType::Scalar: {
        const QString text = QString::fromStdString(n.Scalar());
        const bool plain = n.Tag() == "?";
        if (plain && isNullText(text))
            return out;
        out.kind = YNode::Kind::Scalar;
        const QJsonValue v = interpolateIt ? interpolated(text, n, file) : QJsonValue(text);
        out.value = plain ? typedScalar(v.toString()) : v;
        return out;
    }
    case YAML::NodeType::Sequence:
        out.kind = YNode::Kind::Seq;
        for (const YAML::Node &item : n)
            out.items.append(build(item, file, depth + 1, interpolateIt));
        return out;
    case YAML::NodeType::Map: {
        out.kind = YNode::Kind::Map;
        QList<YNode> merges;
        for (auto it = n.begin(); it != n.end(); ++it) {
            const YAML::Node key = it->first;
            if (!key.IsScalar()) {
                YNode at;
                at.file = file;
                at.line = key.Mark().line + 1;
                at.column = key.Mark().column + 1;
                throw failAt(at, ErrorCode::Type, u"a mapping key must be a plain value"_s, {});
            }
            const QString k = QString::fromStdString(key.Scalar());
            if (k == u"<<" && key.Tag() == "?") {
                const YNode m = build(it->second, file, depth + 1, interpolateIt);
                if (m.isMap())
                    merges.append(m);
                else if (m.isSeq()) {
                    for (const YNode &x : m.items) {
                        if (!x.isMap())
                            throw failAt(x, ErrorCode::Type, u"a << merge key takes mappings"_s,
                                         {});
                        merges.append(x);
                    }
                } else {
                    throw failAt(m, ErrorCode::Type, u"a << merge key takes a mapping"_s, {});
                }
                continue;
            }
            // x- extensions are never interpolated by khepri: they are ignored.
            const bool ext = k.startsWith(u"x-");
            YNode v = build(it->second, file, depth + 1, interpolateIt && !ext);
            auto existing = std::find_if(out.entries.begin(), out.entries.end(),
                                         [&](const auto &e) { return e.first == k; });
            if (existing != out.entries.end())
                throw failAt(v, ErrorCode::DuplicateKey,
                             u"the key \"" % k % u"\" appears twice in one mapping"_s,
                             u"Keep one of them."_s);
            out.entries.append({k, std::move(v)});
        }
        // Explicit keys win over merged ones; earlier merged maps over later ones.
        for (const YNode &m : std::as_const(merges))
            for (const auto &e : m.entries)
                if (!out.get(e.first))
                    out.entries.append(e);
        return out;
    }
    }
    return out;
}

YNode Importer::parse(const QByteArray &text, const QString &file)
{
    YAML::Node doc;
    try {
        doc = YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
        const int column = e.mark.is_null() ? 0 : e.mark.column + 1;
        throw Failure{Error::make(ErrorCode::Syntax,
                                  file % u':' % QString::number(line) % u':'
                                      % QString::number(column) % u": YAML syntax error: "
                                      % QString::fromStdString(e.msg),
                                  u"Fix the YAML at that position (indentation, quotes, a missing "
                                  u"colon)."_s)
                          .at(file, line, column)};
    }
    YNode root;
    try {
        root = build(doc, file, 0, true);
    } catch (const YAML::Exception &e) {
        throw Failure{
            Error::make(ErrorCode::Syntax, file % u": " % QString::fromStdString(e.what()))
                .at(file)};
    }
    if (root.isNull()) {
        root.kind = YNode::Kind::Map;
        return root;
    }
    if (!root.isMap())
        throw typeError(root, u"a compose file"_s, u"a mapping (services:, networks:, …)"_s);
    return root;
}

const YNode &Importer::loadFile(const QString &path)
{
    const auto it = m_files.constFind(path);
    if (it != m_files.cend())
        return *it;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Failure{Error::make(ErrorCode::Io, u"cannot read " % path % u": " % f.errorString(),
                                  u"Check the path."_s)
                          .at(path)};
    return *m_files.insert(path, parse(f.readAll(), path));
}

// ---------------------------------------------------------------- diagnostics

void Importer::add(Diagnostic::Severity severity, const QString &code, const YNode &at,
                   const QString &service, const QString &field, const QString &message)
{
    Diagnostic d;
    d.severity = severity;
    d.code = code;
    d.message = at.where() % u": " % message;
    d.composition = m_composition;
    d.service = service;
    d.field = field;
    d.file = at.file;
    d.line = at.line;
    d.column = at.column;
    if (!m_diagnostics.contains(d))
        m_diagnostics.append(d);
}

void Importer::notCarried(const YNode &at, const QString &service, const QString &path,
                          const QString &why)
{
    add(Diagnostic::Severity::Warning, QString::fromUtf16(kNotCarried), at, service, path,
        path % u" is not carried over: " % why);
}

// ---------------------------------------------------------------- values

QString Importer::scalarText(const YNode &n, const QString &path)
{
    if (!n.isScalar())
        throw typeError(n, path, u"a value (string or number)"_s);
    return n.text();
}

QJsonObject Importer::namedEntries(const YNode &v, const QString &path, const QString &expected,
                                   const QString &entryExpected, const EntryOption &option)
{
    QJsonObject out;
    if (v.isSeq()) {
        for (const YNode &n : v.items)
            out.insert(scalarText(n, path), QJsonObject());
    } else if (v.isMap()) {
        for (const auto &[name, value] : v.entries) {
            QJsonObject entry;
            if (value.isMap()) {
                for (const auto &[key, x] : value.entries)
                    option(key, x, path % u'.' % name % u'.' % key, &entry);
            } else if (!value.isNull()) {
                throw typeError(value, path % u'.' % name, entryExpected);
            }
            out.insert(name, entry);
        }
    } else if (!v.isNull()) {
        throw typeError(v, path, expected);
    }
    return out;
}

QJsonArray Importer::stringList(const YNode &n, const QString &path)
{
    QJsonArray out;
    if (n.isNull())
        return out;
    if (n.isScalar()) {
        out.append(n.text());
        return out;
    }
    if (!n.isSeq())
        throw typeError(n, path, u"a string or a list of strings"_s);
    for (const YNode &x : n.items)
        out.append(scalarText(x, path));
    return out;
}

QJsonValue Importer::stringOrList(const YNode &n, const QString &path)
{
    if (n.isScalar())
        return n.text();
    if (n.isSeq())
        return stringList(n, path);
    throw typeError(n, path, u"a string or a list of strings"_s);
}

// A mapping or a list of KEY=value: labels, sysctls, environment, options.
QJsonObject Importer::stringMap(const YNode &n, const QString &path, bool environment)
{
    QJsonObject out;
    if (n.isNull())
        return out;
    auto bare = [&](const QString &key, const YNode &at) {
        if (!environment)
            return;
        if (const auto v = lookup(key))
            out.insert(key, *v);
        else
            add(Diagnostic::Severity::Info, QString::fromUtf16(kVariableUnset), at, {}, path,
                path % u'.' % key
                    % u" takes its value from the environment, where it is not set; the "
                      u"container does not get it (as with compose)");
    };
    if (n.isMap()) {
        for (const auto &[k, v] : n.entries) {
            if (v.isNull())
                bare(k, v);
            else if (v.isScalar())
                out.insert(k, v.text());
            else
                throw typeError(v, path % u'.' % k, u"a value"_s);
        }
        return out;
    }
    if (n.isSeq()) {
        for (const YNode &x : n.items) {
            const QString s = scalarText(x, path);
            const qsizetype eq = s.indexOf(u'=');
            if (eq < 0)
                bare(s, x);
            else
                out.insert(s.left(eq), s.mid(eq + 1));
        }
        return out;
    }
    throw typeError(n, path, u"a mapping or a list of KEY=value"_s);
}

QString Importer::hostPath(const QString &path, const FileCtx &fc, const YNode &at,
                           const QString &service)
{
    QString p = path;
    if (p == u"~" || p.startsWith(u"~/"))
        p = m_options.environment.value(u"HOME"_s, QDir::homePath()) % p.mid(1);
    if (QDir::isAbsolutePath(p))
        return QDir::cleanPath(p);
    const QString abs = QDir::cleanPath(fc.dir % u'/' % p);
    if (!m_resolvedPathsNoted.contains(path % u'\n' % fc.dir)) {
        m_resolvedPathsNoted.insert(path % u'\n' % fc.dir);
        add(Diagnostic::Severity::Info, QString::fromUtf16(kPathResolved), at, service, {},
            u"the relative path " % path % u" is now " % abs
                % u" (relative to the compose file's directory; NixOS has no project "
                  u"directory)");
    }
    return abs;
}

QJsonValue Importer::volumeEntry(const YNode &v, const FileCtx &fc, const QString &service,
                                 const QString &path)
{
    if (v.isScalar()) {
        const QString s = v.text();
        QStringList parts = s.split(u':');
        if (parts.size() >= 2) {
            const QString src = parts.first();
            if (src.startsWith(u'.') || src.startsWith(u'/') || src.startsWith(u'~'))
                parts[0] = hostPath(src, fc, v, service);
        }
        return parts.join(u':');
    }
    if (!v.isMap())
        throw typeError(v, path, u"a string or a mapping (type, source, target, …)"_s);
    QString type = u"volume"_s;
    bool typeGiven = false;
    QString source;
    QString target;
    bool readOnly = false;
    QStringList options; // what the long form says beyond the khepri record
    for (const auto &[k, x] : v.entries) {
        const QString p = path % u'.' % k;
        if (k == u"type") {
            type = scalarText(x, p);
            typeGiven = true;
        } else if (k == u"source")
            source = scalarText(x, p);
        else if (k == u"target")
            target = scalarText(x, p);
        else if (k == u"read_only")
            readOnly = x.value.toBool();
        else if (k == u"consistency")
            note(x, service, p, p % u" has no effect on Linux and is left out"_s);
        else if (k == u"bind" && x.isMap()) {
            for (const auto &[bk, bv] : x.entries) {
                if (bk == u"propagation" || bk == u"selinux")
                    options.append(scalarText(bv, p % u'.' % bk));
                else if (bk == u"create_host_path" && bv.value.toBool())
                    continue; // docker run -v creates it anyway
                else
                    notCarried(bv, service, p % u'.' % bk,
                               u"docker run -v has no such option; prepare the host path "
                               u"yourself"_s);
            }
        } else if (k == u"volume" && x.isMap()) {
            for (const auto &[vk, vv] : x.entries) {
                if (vk == u"nocopy" && vv.value.toBool())
                    options.append(u"nocopy"_s);
                else if (vk == u"nocopy")
                    continue;
                else
                    notCarried(vv, service, p % u'.' % vk,
                               u"docker run -v has no such option; mount the subdirectory "
                               u"with a bind mount instead"_s);
            }
        } else if (k == u"tmpfs" && x.isMap()) {
            for (const auto &[tk, tv] : x.entries)
                options.append(tk % u'=' % scalarText(tv, p % u'.' % tk));
        } else if (!k.startsWith(u"x-")) {
            notCarried(x, service, p, u"khepri does not know this volume option"_s);
        }
    }
    if (target.isEmpty())
        throw failAt(v, ErrorCode::Type, path % u" needs a target"_s,
                     u"Give the path in the container as target."_s);
    // Without a type, read the source as the short syntax does: a path is a
    // bind mount, anything else a volume's name.
    if (!typeGiven
        && (source.startsWith(u'.') || source.startsWith(u'/') || source.startsWith(u'~')))
        type = u"bind"_s;
    if (type == u"bind")
        source = hostPath(source, fc, v, service);
    // The short form khepri writes reads such a source as a host path, and
    // docker refuses it as a volume's name: say so rather than change it.
    if (type == u"volume"
        && (source.startsWith(u'.') || source.startsWith(u'/') || source.startsWith(u'~')))
        throw failAt(v, ErrorCode::Type,
                     path % u": \"" % source
                         % u"\" is not a volume name (a name cannot start "
                           u"with '.', '/' or '~')"_s,
                     u"For a directory of the host, write type: bind."_s);
    if (type != u"bind" && type != u"volume" && type != u"tmpfs") {
        notCarried(v, service, path,
                   u"mounts of type \"" % type % u"\" have no docker run -v form khepri writes"_s);
        return {};
    }
    if (type == u"tmpfs") {
        // A tmpfs with options is the service's tmpfs list's "target:options".
        if (!options.isEmpty())
            return QJsonObject{{u"__tmpfs"_s, QString(target % u':' % options.join(u','))}};
        return QJsonObject{{u"type"_s, type}, {u"target"_s, target}};
    }
    if (!options.isEmpty()) {
        if (readOnly)
            options.prepend(u"ro"_s);
        return QString(source % u':' % target % u':' % options.join(u','));
    }
    QJsonObject o{{u"type"_s, type}, {u"target"_s, target}};
    if (!source.isEmpty())
        o.insert(u"source", source);
    if (readOnly)
        o.insert(u"readOnly", true);
    return o;
}

// ---------------------------------------------------------------- services

// How one service spec overrides another (compose-spec merge rules, on the
// khepri form): records merge key by key, commands are replaced, lists of
// ports and such are appended without duplicates, mounts merge by target and
// secrets by target.
QJsonValue mergeValue(const QString &key, const QJsonValue &base, const QJsonValue &over);

QString mountTarget(const QJsonValue &v)
{
    if (v.isObject())
        return v.toObject().value(u"target").toString();
    return parseMount(v.toString()).target;
}

QString secretTarget(const QJsonValue &v)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        return o.value(u"target").toString(o.value(u"source").toString());
    }
    return v.toString();
}

QJsonObject mergeObjects(const QJsonObject &base, const QJsonObject &over)
{
    QJsonObject out = base;
    for (auto it = over.begin(); it != over.end(); ++it)
        out.insert(it.key(), out.contains(it.key())
                                 ? mergeValue(it.key(), out.value(it.key()), it.value())
                                 : it.value());
    return out;
}

QJsonValue mergeValue(const QString &key, const QJsonValue &base, const QJsonValue &over)
{
    if (key == u"cmd" || key == u"entrypoint" || key == u"test")
        return over;
    if (base.isObject() && over.isObject())
        return mergeObjects(base.toObject(), over.toObject());
    if (base.isArray() && over.isArray()) {
        QJsonArray out = base.toArray();
        const QJsonArray add = over.toArray();
        std::function<QString(const QJsonValue &)> keyOf;
        if (key == u"volumes")
            keyOf = mountTarget;
        else if (key == u"secrets")
            keyOf = secretTarget;
        for (const QJsonValue &v : add) {
            if (keyOf) {
                const QString k = keyOf(v);
                auto same = std::find_if(out.begin(), out.end(),
                                         [&](const QJsonValue &x) { return keyOf(x) == k; });
                if (same != out.end()) {
                    *same = v;
                    continue;
                }
            } else if (out.contains(v)) {
                continue;
            }
            out.append(v);
        }
        return out;
    }
    return over;
}

// Compose keys that map one to one onto a khepri option of the same shape.
const QMap<QString, QString> &plainServiceKeys()
{
    static const QMap<QString, QString> keys{
        {u"image"_s, u"image"_s},
        {u"container_name"_s, u"containerName"_s},
        {u"restart"_s, u"restart"_s},
        {u"network_mode"_s, u"networkMode"_s},
        {u"privileged"_s, u"privileged"_s},
        {u"shm_size"_s, u"shmSize"_s},
        {u"runtime"_s, u"runtime"_s},
        {u"hostname"_s, u"hostname"_s},
        {u"mac_address"_s, u"macAddress"_s},
        {u"user"_s, u"user"_s},
        {u"working_dir"_s, u"workingDir"_s},
        {u"stop_signal"_s, u"stopSignal"_s},
        {u"stop_grace_period"_s, u"stopGracePeriod"_s},
        {u"init"_s, u"init"_s},
        {u"read_only"_s, u"readOnly"_s},
    };
    return keys;
}

const QMap<QString, QString> &listServiceKeys()
{
    static const QMap<QString, QString> keys{
        {u"dns"_s, u"dns"_s},
        {u"dns_search"_s, u"dnsSearch"_s},
        {u"dns_opt"_s, u"dnsOpt"_s},
        {u"cap_add"_s, u"capAdd"_s},
        {u"cap_drop"_s, u"capDrop"_s},
        {u"security_opt"_s, u"securityOpt"_s},
        {u"group_add"_s, u"groupAdd"_s},
        {u"tmpfs"_s, u"tmpfs"_s},
        {u"expose"_s, u"expose"_s},
    };
    return keys;
}

// Keys compose has that khepri cannot carry, and what to do instead.
const QMap<QString, QString> &droppedServiceKeys()
{
    static const QMap<QString, QString> keys{
        {u"build"_s,
         u"khepri runs images and builds none; build the image with dockerTools.buildImage "
         u"(then set image to it) or push it to a registry and name it in image"_s},
        {u"links"_s,
         u"links are legacy; services of a composition reach each other by name on their "
         u"networks (add an alias under networks if another name is needed)"_s},
        {u"external_links"_s,
         u"join the other container's network instead (an external network) and use its "
         u"name"_s},
        {u"volumes_from"_s, u"mount the same named volumes in this service instead"_s},
        {u"scale"_s, u"khepri runs one container per service; declare more services"_s},
        {u"develop"_s, u"compose watch is a development feature without a NixOS equivalent"_s},
        {u"credential_spec"_s, u"Windows containers only"_s},
        {u"isolation"_s, u"Windows containers only"_s},
        {u"blkio_config"_s, u"set it with extraOptions (--blkio-weight, --device-read-bps…)"_s},
        {u"cpu_rt_runtime"_s, u"set it with extraOptions (--cpu-rt-runtime)"_s},
        {u"cpu_rt_period"_s, u"set it with extraOptions (--cpu-rt-period)"_s},
        {u"cpu_count"_s, u"Windows containers only"_s},
        {u"cpu_percent"_s, u"Windows containers only"_s},
        {u"label_file"_s, u"copy the labels into labels"_s},
        {u"post_start"_s, u"lifecycle hooks are not supported; use the image's entrypoint"_s},
        {u"pre_stop"_s, u"lifecycle hooks are not supported; use the image's entrypoint"_s},
        {u"attach"_s, u"logs go to journald through systemd anyway"_s},
        {u"models"_s, u"compose models have no NixOS equivalent"_s},
        {u"provider"_s, u"compose providers have no NixOS equivalent"_s},
        {u"use_api_socket"_s, u"mount /var/run/docker.sock explicitly instead"_s},
    };
    return keys;
}

QJsonObject Importer::convertService(const QString &name, const YNode &svc, const YNode &root,
                                     const FileCtx &fc, ServiceInfo *info, QStringList chain)
{
    const QString sp = u"services." % name;
    if (svc.isNull())
        return {};
    if (!svc.isMap())
        throw typeError(svc, sp, u"a mapping"_s);
    QJsonObject base;
    if (const YNode *ext = svc.get(u"extends"_s)) {
        QString from;
        QString file;
        if (ext->isScalar())
            from = ext->text();
        else if (ext->isMap()) {
            if (const YNode *s = ext->get(u"service"_s))
                from = scalarText(*s, sp % u".extends.service");
            if (const YNode *f = ext->get(u"file"_s))
                file = scalarText(*f, sp % u".extends.file");
        } else
            throw typeError(*ext, sp % u".extends", u"a service name or { service, file }"_s);
        if (from.isEmpty())
            throw failAt(*ext, ErrorCode::Type, sp % u".extends needs a service"_s, {});
        FileCtx baseCtx = fc;
        const YNode *baseRoot = &root;
        if (!file.isEmpty()) {
            const QString abs = QDir::cleanPath(
                QDir::isAbsolutePath(file) ? file
                                           : QFileInfo(ext->file).absolutePath() % u'/' % file);
            baseRoot = &loadFile(abs);
            baseCtx = FileCtx{abs, QFileInfo(abs).absolutePath(), {}};
        }
        const QString key = baseCtx.path % u'#' % from;
        if (chain.contains(key))
            throw failAt(*ext, ErrorCode::ExtendsCycle,
                         sp % u" extends itself through " % chain.join(u" → "_s),
                         u"Break the cycle of extends."_s);
        const YNode *services = baseRoot->get(u"services"_s);
        const YNode *baseSvc = services && services->isMap() ? services->get(from) : nullptr;
        if (!baseSvc)
            throw failAt(*ext, ErrorCode::ExtendsUnknown,
                         sp % u" extends \"" % from % u"\", which "
                             % (file.isEmpty() ? u"this file"_s : file) % u" does not define",
                         u"Name a service of that file."_s);
        ServiceInfo baseInfo;
        chain.append(key);
        base = convertService(from, *baseSvc, *baseRoot, baseCtx, &baseInfo, chain);
        info->hasImage = info->hasImage || baseInfo.hasImage;
        if (baseInfo.build)
            info->build = baseInfo.build;
    }

    QJsonObject s;
    QJsonArray extraOptions;
    QJsonObject deploy;
    QJsonObject limits;
    QJsonObject reservations;
    for (const auto &[k, v] : svc.entries) {
        const QString p = sp % u'.' % k;
        if (k.startsWith(u"x-") || k == u"extends")
            continue;
        if (plainServiceKeys().contains(k)) {
            if (v.isNull())
                continue;
            if (!v.isScalar())
                throw typeError(v, p, u"a value"_s);
            s.insert(plainServiceKeys().value(k), v.value);
            if (k == u"image")
                info->hasImage = true;
        } else if (listServiceKeys().contains(k)) {
            s.insert(listServiceKeys().value(k), stringList(v, p));
        } else if (dockerRunFlags().contains(k)) {
            if (v.isNull())
                continue;
            const QString flag = dockerRunFlags().value(k) % scalarText(v, p);
            extraOptions.append(flag);
            note(v, name, p, p % u" is passed to docker run as " % flag % u" (extraOptions)");
        } else if (droppedServiceKeys().contains(k)) {
            if (k == u"build") {
                info->build = v;
                continue; // reported once the image is known
            }
            if (k == u"scale" && v.value.toInteger(1) <= 1)
                continue;
            notCarried(v, name, p, droppedServiceKeys().value(k));
        } else if (k == u"environment") {
            s.insert(u"environment", stringMap(v, p, true));
        } else if (k == u"labels") {
            s.insert(u"labels", stringMap(v, p, false));
        } else if (k == u"sysctls") {
            s.insert(u"sysctls", stringMap(v, p, false));
        } else if (k == u"annotations") {
            const QJsonObject a = stringMap(v, p, false);
            for (auto it = a.begin(); it != a.end(); ++it)
                extraOptions.append(
                    QString(u"--annotation=" % it.key() % u'=' % it.value().toString()));
            note(v, name, p, p % u" is passed to docker run as --annotation (extraOptions)"_s);
        } else if (k == u"storage_opt") {
            const QJsonObject a = stringMap(v, p, false);
            for (auto it = a.begin(); it != a.end(); ++it)
                extraOptions.append(
                    QString(u"--storage-opt=" % it.key() % u'=' % it.value().toString()));
            note(v, name, p, p % u" is passed to docker run as --storage-opt (extraOptions)"_s);
        } else if (k == u"device_cgroup_rules") {
            for (const QJsonValue &r : stringList(v, p))
                extraOptions.append(QString(u"--device-cgroup-rule=" % r.toString()));
            note(v, name, p, p % u" is passed to docker run as --device-cgroup-rule"_s);
        } else if (k == u"stdin_open" || k == u"tty" || k == u"oom_kill_disable") {
            if (v.value.toBool()) {
                const QString flag = k == u"tty"          ? u"--tty"_s
                                     : k == u"stdin_open" ? u"--interactive"_s
                                                          : u"--oom-kill-disable"_s;
                extraOptions.append(flag);
                note(v, name, p, p % u" is passed to docker run as " % flag);
            }
        } else if (k == u"env_file") {
            QJsonArray files;
            const QList<YNode> entries = v.isSeq() ? v.items : QList<YNode>{v};
            for (const YNode &e : entries) {
                if (e.isMap()) {
                    const YNode *path = e.get(u"path"_s);
                    if (!path)
                        throw failAt(e, ErrorCode::Type, p % u" needs a path"_s, {});
                    const YNode *required = e.get(u"required"_s);
                    const QString file = hostPath(scalarText(*path, p), fc, e, name);
                    if (required && !required->value.toBool(true)) {
                        if (!QFileInfo::exists(file)) {
                            note(e, name, p,
                                 file % u" does not exist and is not required: left out"_s);
                            continue;
                        }
                        notCarried(*required, name, p % u".required",
                                   u"systemd needs the file at every start; khepri references it "
                                   u"as required"_s);
                    }
                    files.append(file);
                } else if (!e.isNull()) {
                    files.append(hostPath(scalarText(e, p), fc, e, name));
                }
            }
            s.insert(u"environmentFiles", files);
        } else if (k == u"command" || k == u"entrypoint") {
            if (!v.isNull())
                s.insert(k == u"command" ? u"cmd"_s : u"entrypoint"_s, stringOrList(v, p));
        } else if (k == u"volumes") {
            if (!v.isSeq() && !v.isNull())
                throw typeError(v, p, u"a list"_s);
            QJsonArray mounts;
            QJsonArray tmpfs;
            for (const YNode &x : v.items) {
                const QJsonValue m = volumeEntry(x, fc, name, p);
                if (m.isObject() && m.toObject().contains(u"__tmpfs"))
                    tmpfs.append(m.toObject().value(u"__tmpfs"));
                else if (!m.isUndefined() && !m.isNull())
                    mounts.append(m);
            }
            s.insert(u"volumes", mounts);
            if (!tmpfs.isEmpty())
                s.insert(u"tmpfs", mergeValue(u"tmpfs"_s, s.value(u"tmpfs"), tmpfs));
        } else if (k == u"ports") {
            if (!v.isSeq() && !v.isNull())
                throw typeError(v, p, u"a list"_s);
            QJsonArray ports;
            for (const YNode &x : v.items) {
                if (x.isScalar()) {
                    ports.append(x.value.isString() ? x.value : QJsonValue(x.text()));
                    continue;
                }
                if (!x.isMap())
                    throw typeError(x, p, u"a string or a mapping (target, published, …)"_s);
                QJsonObject port;
                for (const auto &[pk, pv] : x.entries) {
                    const QString pp = p % u'.' % pk;
                    if (pk == u"target" || pk == u"published") {
                        if (!pv.isScalar())
                            throw typeError(pv, pp, u"a port number"_s);
                        port.insert(pk, pv.value);
                    } else if (pk == u"host_ip")
                        port.insert(u"hostIp", scalarText(pv, pp));
                    else if (pk == u"protocol")
                        port.insert(u"protocol", scalarText(pv, pp));
                    else if (pk == u"mode") {
                        if (scalarText(pv, pp) != u"host" && scalarText(pv, pp) != u"ingress")
                            throw typeError(pv, pp, u"host or ingress"_s);
                    } else if (pk == u"name" || pk == u"app_protocol")
                        notCarried(pv, name, pp,
                                   u"a port's name and application protocol are metadata for "
                                   u"compose tools; docker run has no place for them"_s);
                    else if (!pk.startsWith(u"x-"))
                        notCarried(pv, name, pp, u"khepri does not know this port option"_s);
                }
                if (!port.contains(u"target"))
                    throw failAt(x, ErrorCode::Type, p % u" needs a target"_s,
                                 u"Give the container port as target."_s);
                ports.append(port);
            }
            s.insert(u"ports", ports);
        } else if (k == u"devices") {
            QJsonArray devices;
            if (v.isSeq()) {
                for (const YNode &d : v.items) {
                    if (d.isMap()) {
                        const YNode *src = d.get(u"source"_s);
                        const YNode *tgt = d.get(u"target"_s);
                        const YNode *perm = d.get(u"permissions"_s);
                        if (!src)
                            throw failAt(d, ErrorCode::Type, p % u" needs a source"_s, {});
                        QString text = scalarText(*src, p);
                        if (tgt || perm)
                            text += u':' % (tgt ? scalarText(*tgt, p) : text);
                        if (perm)
                            text += u':' % scalarText(*perm, p);
                        devices.append(text);
                    } else {
                        devices.append(scalarText(d, p));
                    }
                }
            } else if (!v.isNull()) {
                throw typeError(v, p, u"a list"_s);
            }
            s.insert(u"devices", devices);
        } else if (k == u"logging") {
            if (!v.isMap())
                throw typeError(v, p, u"a mapping (driver, options)"_s);
            QJsonObject logging;
            for (const auto &[lk, lv] : v.entries) {
                if (lk == u"driver")
                    logging.insert(u"driver", scalarText(lv, p % u".driver"));
                else if (lk == u"options")
                    logging.insert(u"options", stringMap(lv, p % u".options", false));
                else if (!lk.startsWith(u"x-"))
                    notCarried(lv, name, p % u'.' % lk, u"not a logging option"_s);
            }
            s.insert(u"logging", logging);
        } else if (k == u"depends_on") {
            const QJsonObject deps = namedEntries(
                v, p, u"a list of services or a mapping"_s, u"a mapping (condition, …)"_s,
                [&](const QString &ck, const YNode &cv, const QString &cp, QJsonObject *dep) {
                    if (ck == u"condition")
                        dep->insert(u"condition", scalarText(cv, cp));
                    else if (ck == u"required" && !cv.value.toBool(true))
                        notCarried(cv, name, cp,
                                   u"khepri's dependencies are always required (systemd "
                                   u"Requires=); remove the dependency if it is optional"_s);
                    else if (ck == u"restart" && cv.value.toBool())
                        notCarried(cv, name, cp,
                                   u"systemd restarts a dependent when its dependency restarts "
                                   u"only for stop/start, not for a container crash"_s);
                    else if (ck != u"required" && ck != u"restart")
                        notCarried(cv, name, cp, u"not a depends_on option"_s);
                });
            s.insert(u"dependsOn", deps);
        } else if (k == u"networks") {
            const QJsonObject nets = namedEntries(
                v, p, u"a list of networks or a mapping"_s, u"a mapping"_s,
                [&](const QString &ak, const YNode &av, const QString &ap, QJsonObject *net) {
                    if (ak == u"aliases")
                        net->insert(u"aliases", stringList(av, ap));
                    else if (ak == u"ipv4_address")
                        net->insert(u"ipv4Address", scalarText(av, ap));
                    else if (ak == u"ipv6_address")
                        net->insert(u"ipv6Address", scalarText(av, ap));
                    else if (!ak.startsWith(u"x-"))
                        notCarried(av, name, ap,
                                   u"the khepri module sets aliases and addresses per network, "
                                   u"nothing else"_s);
                });
            s.insert(u"networks", nets);
        } else if (k == u"extra_hosts") {
            QJsonArray hosts;
            if (v.isMap()) {
                for (const auto &[hk, hv] : v.entries)
                    for (const QJsonValue &ip : stringList(hv, p))
                        hosts.append(QString(hk % u':' % ip.toString()));
            } else {
                for (const QJsonValue &h : stringList(v, p)) {
                    // HOST=IP or HOST:IP: a host name holds neither, so the first
                    // of the two separates it (an IPv6 address holds ':' after it).
                    QString text = h.toString();
                    const qsizetype eq = text.indexOf(u'=');
                    const qsizetype colon = text.indexOf(u':');
                    if (eq > 0 && (colon < 0 || eq < colon))
                        text[eq] = u':';
                    hosts.append(text);
                }
            }
            s.insert(u"extraHosts", hosts);
        } else if (k == u"healthcheck") {
            if (!v.isMap())
                throw typeError(v, p, u"a mapping"_s);
            QJsonObject h;
            static const QMap<QString, QString> fields{{u"interval"_s, u"interval"_s},
                                                       {u"timeout"_s, u"timeout"_s},
                                                       {u"retries"_s, u"retries"_s},
                                                       {u"start_period"_s, u"startPeriod"_s},
                                                       {u"start_interval"_s, u"startInterval"_s},
                                                       {u"disable"_s, u"disable"_s}};
            for (const auto &[hk, hv] : v.entries) {
                if (hk == u"test")
                    h.insert(u"test", stringOrList(hv, p % u".test"));
                else if (fields.contains(hk)) {
                    if (!hv.isScalar())
                        throw typeError(hv, p % u'.' % hk, u"a value"_s);
                    h.insert(fields.value(hk), hv.value);
                } else if (!hk.startsWith(u"x-"))
                    notCarried(hv, name, p % u'.' % hk, u"not a healthcheck option"_s);
            }
            s.insert(u"healthcheck", h);
        } else if (k == u"ulimits") {
            if (!v.isMap())
                throw typeError(v, p, u"a mapping"_s);
            QJsonObject u;
            for (const auto &[uk, uv] : v.entries) {
                if (uv.isScalar())
                    u.insert(uk, uv.value);
                else if (uv.isMap()) {
                    QJsonObject lim;
                    for (const auto &[lk, lv] : uv.entries)
                        if (lk == u"soft" || lk == u"hard")
                            lim.insert(lk, lv.value);
                        else
                            notCarried(lv, name, p % u'.' % uk % u'.' % lk, u"soft or hard only"_s);
                    u.insert(uk, lim);
                } else {
                    throw typeError(uv, p % u'.' % uk, u"a number or { soft, hard }"_s);
                }
            }
            s.insert(u"ulimits", u);
        } else if (k == u"secrets" || k == u"configs") {
            if (!v.isSeq() && !v.isNull())
                throw typeError(v, p, u"a list"_s);
            QJsonArray secrets;
            QJsonArray mounts;
            for (const YNode &x : v.items) {
                QString source;
                QString target;
                if (x.isScalar())
                    source = x.text();
                else if (x.isMap()) {
                    for (const auto &[xk, xv] : x.entries) {
                        if (xk == u"source")
                            source = scalarText(xv, p % u".source");
                        else if (xk == u"target")
                            target = scalarText(xv, p % u".target");
                        else if (!xk.startsWith(u"x-"))
                            notCarried(xv, name, p % u'.' % xk,
                                       u"file " % k
                                           % u" keep the host file's owner and mode; set them on "
                                             u"the host file"_s);
                    }
                } else
                    throw typeError(x, p, u"a name or a mapping (source, target)"_s);
                if (source.isEmpty())
                    throw failAt(x, ErrorCode::Type, p % u" needs a source"_s, {});
                if (k == u"configs") {
                    // A file config is a read-only bind mount; resolved in run().
                    mounts.append(
                        QJsonObject{{u"__config"_s, source},
                                    {u"target"_s, target.isEmpty() ? u'/' % source : target},
                                    {u"line"_s, x.line},
                                    {u"column"_s, x.column},
                                    {u"file"_s, x.file}});
                } else if (target.isEmpty()) {
                    secrets.append(source);
                } else {
                    secrets.append(QJsonObject{{u"source"_s, source}, {u"target"_s, target}});
                }
            }
            if (k == u"secrets")
                s.insert(u"secrets", secrets);
            else
                s.insert(u"__configs", mounts);
        } else if (k == u"pull_policy") {
            const QString policy = scalarText(v, p);
            if (policy == u"always" || policy == u"missing" || policy == u"never"
                || policy == u"newer")
                s.insert(u"pull", policy);
            else if (policy == u"if_not_present")
                s.insert(u"pull", u"missing"_s);
            else
                notCarried(v, name, p,
                           u"khepri pulls always, missing, never or newer; \"" % policy
                               % u"\" has no equivalent"_s);
        } else if (k == u"cpus" || k == u"mem_limit" || k == u"pids_limit") {
            if (!v.isNull())
                limits.insert(k == u"cpus"        ? u"cpus"_s
                              : k == u"mem_limit" ? u"memory"_s
                                                  : u"pids"_s,
                              v.value);
        } else if (k == u"mem_reservation") {
            if (!v.isNull())
                reservations.insert(u"memory", v.value);
        } else if (k == u"deploy") {
            if (!v.isMap())
                throw typeError(v, p, u"a mapping"_s);
            for (const auto &[dk, dv] : v.entries) {
                const QString dp = p % u'.' % dk;
                if (dk == u"resources") {
                    if (!dv.isMap())
                        throw typeError(dv, dp, u"a mapping"_s);
                    for (const auto &[rk, rv] : dv.entries) {
                        const QString rp = dp % u'.' % rk;
                        if (rk != u"limits" && rk != u"reservations") {
                            notCarried(rv, name, rp, u"not a resource setting"_s);
                            continue;
                        }
                        if (!rv.isMap())
                            throw typeError(rv, rp, u"a mapping"_s);
                        QJsonObject &target = rk == u"limits" ? limits : reservations;
                        for (const auto &[lk, lv] : rv.entries) {
                            if (lk == u"cpus" && rk == u"reservations") {
                                notCarried(lv, name, rp % u'.' % lk,
                                           u"docker run has no CPU reservation (compose ignores "
                                           u"it outside swarm too); set limits.cpus or "
                                           u"extraOptions --cpu-shares instead"_s);
                            } else if (lk == u"cpus" || lk == u"memory"
                                       || (lk == u"pids" && rk == u"limits")) {
                                target.insert(lk, lv.value);
                            } else if (lk == u"devices" && rk == u"reservations") {
                                if (!lv.isSeq())
                                    throw typeError(lv, rp % u".devices", u"a list"_s);
                                QJsonArray devices;
                                for (const YNode &d : lv.items) {
                                    if (!d.isMap())
                                        throw typeError(d, rp % u".devices", u"mappings"_s);
                                    QJsonObject dev;
                                    for (const auto &[gk, gv] : d.entries) {
                                        const QString gp = rp % u".devices." % gk;
                                        if (gk == u"driver")
                                            dev.insert(u"driver", scalarText(gv, gp));
                                        else if (gk == u"count")
                                            dev.insert(u"count", gv.value);
                                        else if (gk == u"device_ids")
                                            dev.insert(u"deviceIds", stringList(gv, gp));
                                        else if (gk == u"capabilities")
                                            dev.insert(u"capabilities", stringList(gv, gp));
                                        else if (gk == u"options")
                                            dev.insert(u"options", stringMap(gv, gp, false));
                                        else
                                            notCarried(gv, name, gp, u"not a device option"_s);
                                    }
                                    devices.append(dev);
                                }
                                target.insert(u"devices", devices);
                            } else {
                                notCarried(lv, name, rp % u'.' % lk,
                                           u"swarm-only or unknown resource"_s);
                            }
                        }
                    }
                } else if (dk == u"restart_policy") {
                    if (!dv.isMap())
                        throw typeError(dv, dp, u"a mapping"_s);
                    QJsonObject rp;
                    for (const auto &[rk, rv] : dv.entries) {
                        if (rk == u"condition" || rk == u"delay" || rk == u"window")
                            rp.insert(rk, rv.value);
                        else if (rk == u"max_attempts")
                            rp.insert(u"maxAttempts", rv.value);
                        else
                            notCarried(rv, name, dp % u'.' % rk, u"not a restart policy option"_s);
                    }
                    deploy.insert(u"restartPolicy", rp);
                } else if (dk == u"replicas") {
                    const qint64 n = dv.value.toInteger(1);
                    if (n == 0) {
                        s.insert(u"autoStart", false);
                        note(dv, name, dp,
                             dp
                                 % u" 0: the service is declared but does not start with the "
                                   u"composition (autoStart = false)");
                    } else if (n > 1) {
                        notCarried(dv, name, dp,
                                   u"khepri runs one container per service; declare one service "
                                   u"per replica, or run it in swarm"_s);
                    }
                } else if (dk == u"mode") {
                    const QString mode = scalarText(dv, dp);
                    if (mode != u"replicated")
                        notCarried(dv, name, dp, u"swarm-only: khepri runs one container"_s);
                } else if (!dk.startsWith(u"x-")) {
                    notCarried(dv, name, dp,
                               u"a swarm-only setting; a single NixOS host has no equivalent"_s);
                }
            }
        } else if (k == u"profiles") {
            for (const QJsonValue &pr : stringList(v, p))
                info->profiles.append(pr.toString());
        } else if (k == u"x-khepri") {
            continue;
        } else {
            notCarried(v, name, p, u"khepri does not know this compose key"_s);
        }
    }
    // khepri's own options, written by `khepri export` (x-khepri).
    if (const YNode *own = svc.get(u"x-khepri"_s); own && own->isMap()) {
        for (const auto &[ok, ov] : own->entries) {
            if (ok == u"autoStart" && ov.isScalar())
                s.insert(u"autoStart", ov.value);
            else if (ok == u"pull" && ov.isScalar())
                s.insert(u"pull", ov.value);
            else if (ok == u"extraOptions")
                for (const QJsonValue &o : stringList(ov, sp % u".x-khepri.extraOptions"))
                    extraOptions.append(o);
            else if (ok == u"login" && ov.isMap())
                s.insert(u"login", stringMap(ov, sp % u".x-khepri.login", false));
        }
    }
    if (!limits.isEmpty() || !reservations.isEmpty()) {
        QJsonObject resources;
        if (!limits.isEmpty())
            resources.insert(u"limits", limits);
        if (!reservations.isEmpty())
            resources.insert(u"reservations", reservations);
        deploy.insert(u"resources", resources);
    }
    if (!deploy.isEmpty())
        s.insert(u"deploy", deploy);
    if (!extraOptions.isEmpty())
        s.insert(u"extraOptions", extraOptions);
    return base.isEmpty() ? s : mergeObjects(base, s);
}

// ---------------------------------------------------------------- top level

QJsonObject Importer::convertNetwork(const QString &name, const YNode &n, const FileCtx &)
{
    const QString np = u"networks." % name;
    QJsonObject out;
    if (n.isNull())
        return out;
    if (!n.isMap())
        throw typeError(n, np, u"a mapping"_s);
    for (const auto &[k, v] : n.entries) {
        const QString p = np % u'.' % k;
        if (k == u"name" || k == u"driver")
            out.insert(k, scalarText(v, p));
        else if (k == u"internal")
            out.insert(u"internal", v.value.toBool());
        else if (k == u"enable_ipv6")
            out.insert(u"enableIpv6", v.value.toBool());
        else if (k == u"external") {
            if (v.isMap()) { // legacy { name: … }
                out.insert(u"external", true);
                if (const YNode *nm = v.get(u"name"_s))
                    out.insert(u"name", scalarText(*nm, p % u".name"));
            } else {
                out.insert(u"external", v.value.toBool());
            }
        } else if (k == u"driver_opts")
            out.insert(u"driverOpts", stringMap(v, p, false));
        else if (k == u"labels")
            out.insert(u"labels", stringMap(v, p, false));
        else if (k == u"ipam") {
            if (!v.isMap())
                throw typeError(v, p, u"a mapping"_s);
            QJsonObject ipam;
            for (const auto &[ik, iv] : v.entries) {
                if (ik == u"driver")
                    ipam.insert(u"driver", scalarText(iv, p % u".driver"));
                else if (ik == u"options")
                    ipam.insert(u"options", stringMap(iv, p % u".options", false));
                else if (ik == u"config") {
                    if (!iv.isSeq())
                        throw typeError(iv, p % u".config", u"a list"_s);
                    QJsonArray configs;
                    for (const YNode &c : iv.items) {
                        if (!c.isMap())
                            throw typeError(c, p % u".config", u"mappings"_s);
                        QJsonObject pool;
                        for (const auto &[ck, cv] : c.entries) {
                            const QString cp = p % u".config." % ck;
                            if (ck == u"subnet" || ck == u"gateway")
                                pool.insert(ck, scalarText(cv, cp));
                            else if (ck == u"ip_range")
                                pool.insert(u"ipRange", scalarText(cv, cp));
                            else if (ck == u"aux_addresses")
                                pool.insert(u"auxAddresses", stringMap(cv, cp, false));
                            else
                                notCarried(cv, {}, cp, u"not an address pool setting"_s);
                        }
                        configs.append(pool);
                    }
                    ipam.insert(u"config", configs);
                } else {
                    notCarried(iv, {}, p % u'.' % ik, u"not an IPAM setting"_s);
                }
            }
            out.insert(u"ipam", ipam);
        } else if (k == u"attachable") {
            if (v.value.toBool())
                notCarried(v, {}, p,
                           u"attachable is for swarm overlay networks; local networks always "
                           u"accept containers"_s);
        } else if (!k.startsWith(u"x-")) {
            notCarried(v, {}, p, u"the khepri module has no such network option"_s);
        }
    }
    return out;
}

QJsonObject Importer::convertVolume(const QString &name, const YNode &n, const FileCtx &)
{
    const QString vp = u"volumes." % name;
    QJsonObject out;
    if (n.isNull())
        return out;
    if (!n.isMap())
        throw typeError(n, vp, u"a mapping"_s);
    for (const auto &[k, v] : n.entries) {
        const QString p = vp % u'.' % k;
        if (k == u"name" || k == u"driver")
            out.insert(k, scalarText(v, p));
        else if (k == u"external") {
            if (v.isMap()) {
                out.insert(u"external", true);
                if (const YNode *nm = v.get(u"name"_s))
                    out.insert(u"name", scalarText(*nm, p % u".name"));
            } else {
                out.insert(u"external", v.value.toBool());
            }
        } else if (k == u"driver_opts")
            out.insert(u"driverOpts", stringMap(v, p, false));
        else if (k == u"labels")
            out.insert(u"labels", stringMap(v, p, false));
        else if (!k.startsWith(u"x-"))
            notCarried(v, {}, p, u"the khepri module has no such volume option"_s);
    }
    return out;
}

std::optional<QJsonObject> Importer::convertSecret(const QString &name, const YNode &n,
                                                   const FileCtx &fc)
{
    const QString sp = u"secrets." % name;
    if (!n.isMap())
        throw typeError(n, sp, u"a mapping (file: …)"_s);
    std::optional<QJsonObject> out;
    for (const auto &[k, v] : n.entries) {
        const QString p = sp % u'.' % k;
        if (k == u"file")
            out = QJsonObject{{u"file"_s, hostPath(scalarText(v, p), fc, v, {})}};
        else if (k == u"environment")
            notCarried(v, {}, p,
                       u"a secret from an environment variable would be written to the Nix "
                       u"store; put the value in a file (agenix, sops-nix) and use file:"_s);
        else if (k == u"external")
            notCarried(v, {}, p, u"external secrets live in swarm; use a file secret"_s);
        else if (k == u"name")
            notCarried(v, {}, p, u"secrets are mounted under their key's name"_s);
        else if (!k.startsWith(u"x-"))
            notCarried(v, {}, p, u"the khepri module has no such secret option"_s);
    }
    return out;
}

void Importer::convertConfig(const QString &name, const YNode &n, const FileCtx &fc, Part *part)
{
    const QString cp = u"configs." % name;
    if (!n.isMap())
        throw typeError(n, cp, u"a mapping (file: …)"_s);
    for (const auto &[k, v] : n.entries) {
        const QString p = cp % u'.' % k;
        if (k == u"file")
            part->configFiles.insert(name, hostPath(scalarText(v, p), fc, v, {}));
        else if (k == u"content" || k == u"environment")
            notCarried(v, {}, p,
                       u"khepri mounts configs from files; write the content to a file (e.g. "
                       u"environment.etc) and use file:"_s);
        else if (!k.startsWith(u"x-"))
            notCarried(v, {}, p, u"swarm-only config setting"_s);
    }
}

void Importer::mergePart(Part *into, const Part &from, bool conflictsAreErrors)
{
    auto mergeMap = [&](QMap<QString, QJsonObject> &a, const QMap<QString, QJsonObject> &b,
                        const QString &what) {
        for (auto it = b.begin(); it != b.end(); ++it) {
            if (a.contains(it.key()) && conflictsAreErrors)
                throw Failure{Error::make(ErrorCode::IncludeConflict,
                                          what % u' ' % it.key()
                                              % u" is defined both by an included file and by the "
                                                u"including project",
                                          u"Rename one of them."_s)};
            a[it.key()] =
                a.contains(it.key()) ? mergeObjects(a.value(it.key()), it.value()) : it.value();
        }
    };
    mergeMap(into->services, from.services, u"the service"_s);
    mergeMap(into->networks, from.networks, u"the network"_s);
    mergeMap(into->volumes, from.volumes, u"the volume"_s);
    mergeMap(into->secrets, from.secrets, u"the secret"_s);
    for (auto it = from.info.begin(); it != from.info.end(); ++it) {
        ServiceInfo &i = into->info[it.key()];
        if (i.node.file.isEmpty())
            i.node = it->node;
        if (!it->profiles.isEmpty())
            i.profiles = it->profiles;
        i.hasImage = i.hasImage || it->hasImage;
        if (it->build)
            i.build = it->build;
    }
    for (auto it = from.configFiles.begin(); it != from.configFiles.end(); ++it)
        into->configFiles.insert(it.key(), it.value());
    into->declaresDefaultNetwork = into->declaresDefaultNetwork || from.declaresDefaultNetwork;
    if (!from.name.isEmpty() && !conflictsAreErrors) {
        into->name = from.name;
        into->nameNode = from.nameNode;
    }
}

Importer::Part Importer::convertFile(const YNode &root, const FileCtx &fc,
                                     const QStringList &includeChain)
{
    Part part;
    for (const auto &[k, v] : root.entries) {
        if (k.startsWith(u"x-"))
            continue;
        if (k == u"name") {
            part.name = scalarText(v, u"name"_s);
            part.nameNode = v;
        } else if (k == u"version") {
            note(v, {}, k, u"version is obsolete in the compose specification and not needed"_s);
        } else if (k == u"include") {
            const QList<YNode> items = v.isSeq() ? v.items : QList<YNode>{v};
            for (const YNode &item : items) {
                QList<YNode> paths;
                if (item.isScalar())
                    paths.append(item);
                else if (item.isMap()) {
                    for (const auto &[ik, iv] : item.entries) {
                        if (ik == u"path")
                            paths.append(iv.isSeq() ? iv.items : QList<YNode>{iv});
                        else if (!ik.startsWith(u"x-"))
                            notCarried(iv, {}, u"include." % ik,
                                       u"included files share this project's directory and "
                                       u"variables in khepri"_s);
                    }
                } else
                    throw typeError(item, u"include"_s, u"a path or { path: … }"_s);
                for (const YNode &pn : paths) {
                    const QString rel = scalarText(pn, u"include.path"_s);
                    const QString abs = QDir::cleanPath(
                        QDir::isAbsolutePath(rel) ? rel
                                                  : QFileInfo(pn.file).absolutePath() % u'/' % rel);
                    if (includeChain.contains(abs))
                        throw failAt(pn, ErrorCode::IncludeCycle,
                                     u"include " % rel % u" includes itself"_s, {});
                    const YNode &incRoot = loadFile(abs);
                    Part inc = convertFile(incRoot, FileCtx{abs, QFileInfo(abs).absolutePath(), {}},
                                           includeChain + QStringList{abs});
                    inc.name.clear();
                    mergePart(&part, inc, true);
                }
            }
        } else if (k == u"services" || k == u"networks" || k == u"volumes" || k == u"secrets"
                   || k == u"configs") {
            if (v.isNull())
                continue;
            if (!v.isMap())
                throw typeError(v, k, u"a mapping of names"_s);
            for (const auto &[name, x] : v.entries) {
                if (name.startsWith(u"x-"))
                    continue;
                if (k == u"services") {
                    ServiceInfo info;
                    info.node = x;
                    part.services.insert(
                        name, convertService(name, x, root, fc, &info, {fc.path % u'#' % name}));
                    part.info.insert(name, info);
                } else if (k == u"networks") {
                    part.networks.insert(name, convertNetwork(name, x, fc));
                    if (name == u"default")
                        part.declaresDefaultNetwork = true;
                } else if (k == u"volumes") {
                    part.volumes.insert(name, convertVolume(name, x, fc));
                } else if (k == u"secrets") {
                    if (const auto sec = convertSecret(name, x, fc))
                        part.secrets.insert(name, *sec);
                } else {
                    convertConfig(name, x, fc, &part);
                }
            }
        } else {
            notCarried(v, {}, k, u"not a top-level key of the compose specification"_s);
        }
    }
    return part;
}

QString normalizedProjectName(const QString &name)
{
    QString out;
    for (const QChar c : name.toLower())
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'-')
            out += c;
    while (!out.isEmpty() && (out.at(0) == u'_' || out.at(0) == u'-'))
        out.remove(0, 1);
    return out;
}

bool looksSecret(const QString &key)
{
    const QString upper = key.toUpper();
    return !upper.endsWith(u"_FILE")
           && (upper.contains(u"PASSWORD") || upper.contains(u"SECRET") || upper.contains(u"TOKEN")
               || upper.endsWith(u"_KEY"));
}

QString envFileLine(const QString &key, const QString &value)
{
    // systemd/docker env files: KEY=value, one per line; a newline cannot be held.
    QString v = value;
    v.replace(u'\n', u' ');
    return key % u'=' % v % u'\n';
}

ImportResult Importer::run(const QList<std::pair<QString, QByteArray>> &texts)
{
    const QString first = texts.first().first;
    const QString projectDir = QFileInfo(first).absolutePath();

    // Variables: --env-file files in order, else .env in the project directory.
    const auto envLookup = [this](const QString &n) -> std::optional<QString> {
        const auto env = m_options.environment.constFind(n);
        if (env != m_options.environment.cend())
            return *env;
        const auto v = m_envFileValues.constFind(n);
        if (v != m_envFileValues.cend())
            return *v;
        return std::nullopt;
    };
    QStringList envFiles = m_options.envFiles;
    if (envFiles.isEmpty() && QFileInfo::exists(projectDir % u"/.env"))
        envFiles.append(projectDir % u"/.env");
    for (const QString &path : std::as_const(envFiles)) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            throw Failure{Error::make(ErrorCode::Io,
                                      u"cannot read the env file " % path % u": " % f.errorString(),
                                      u"Check the --env-file path."_s)
                              .at(path)};
        const auto parsed = parseEnvFile(QString::fromUtf8(f.readAll()), envLookup, path);
        if (!parsed)
            throw Failure{parsed.error()};
        for (const auto &[k, v] : parsed.value())
            m_envFileValues.insert(k, v);
    }

    // Each -f file; later files override earlier ones. Relative paths in all
    // of them resolve against the first file's directory, as compose does.
    Part project;
    for (const auto &[path, text] : texts) {
        const YNode &root = *m_files.insert(path, parse(text, path));
        Part part = convertFile(root, FileCtx{path, projectDir, {}}, {path});
        mergePart(&project, part, false);
    }

    // The composition's name: --project-name, name:, the directory.
    QString rawName = m_options.projectName;
    if (rawName.isEmpty())
        rawName = project.name;
    if (rawName.isEmpty())
        rawName = QFileInfo(projectDir).fileName();
    m_composition = normalizedProjectName(rawName);
    if (m_composition.isEmpty())
        throw Failure{Error::make(ErrorCode::ProjectName,
                                  u"\"" % rawName
                                      % u"\" gives no usable composition name (lower-case letters, "
                                        u"digits, - and _)",
                                  u"Give one with --project-name."_s)
                          .at(first)};
    for (Diagnostic &d : m_diagnostics)
        d.composition = m_composition;

    ImportResult result;
    QJsonObject services;
    for (auto it = project.services.begin(); it != project.services.end(); ++it) {
        const QString &name = it.key();
        const ServiceInfo &info = project.info.value(name);
        if (!info.profiles.isEmpty()
            && std::none_of(info.profiles.cbegin(), info.profiles.cend(), [&](const QString &p) {
                   return m_options.profiles.contains(p) || m_options.profiles.contains(u"*"_s);
               })) {
            result.excludedServices.append(name);
            add(Diagnostic::Severity::Warning, QString::fromUtf16(kProfileExcluded), info.node,
                name, {},
                u"service " % name % u" is left out: it belongs to the profile(s) "
                    % info.profiles.join(u", "_s) % u"; import with --profile "
                    % info.profiles.first() % u" to include it");
            continue;
        }
        QJsonObject spec = it.value();
        if (info.build) {
            if (info.hasImage)
                notCarried(*info.build, name, u"services." % name % u".build",
                           u"khepri runs the image named in image and builds nothing; build it "
                           u"with dockerTools.buildImage or push it to a registry"_s);
            else {
                notCarried(*info.build, name, u"services." % name % u".build",
                           u"the service has no image, so it is left out; build the image with "
                           u"dockerTools.buildImage or push it to a registry and set image"_s);
                result.excludedServices.append(name);
                continue;
            }
        } else if (!info.hasImage) {
            throw failAt(info.node, ErrorCode::MissingImage,
                         u"service " % name % u" has neither image nor build"_s,
                         u"Give it an image."_s);
        }
        // Configs from files become read-only bind mounts.
        if (spec.contains(u"__configs")) {
            QJsonArray mounts = spec.value(u"volumes").toArray();
            for (const QJsonValue &c : spec.take(u"__configs").toArray()) {
                const QJsonObject o = c.toObject();
                const QString source = o.value(u"__config").toString();
                YNode at;
                at.file = o.value(u"file").toString();
                at.line = o.value(u"line").toInt();
                at.column = o.value(u"column").toInt();
                if (!project.configFiles.contains(source)) {
                    notCarried(at, name, u"services." % name % u".configs." % source,
                               u"the config " % source % u" has no file khepri can mount"_s);
                    continue;
                }
                mounts.append(QJsonObject{{u"type"_s, u"bind"_s},
                                          {u"source"_s, project.configFiles.value(source)},
                                          {u"target"_s, o.value(u"target")},
                                          {u"readOnly"_s, true}});
            }
            spec.insert(u"volumes", mounts);
        }
        // Secrets the composition does not have (environment, external) are reported at
        // their definition; their uses go too.
        if (spec.contains(u"secrets")) {
            QJsonArray kept;
            for (const QJsonValue &s : spec.value(u"secrets").toArray()) {
                const QString src =
                    s.isObject() ? s.toObject().value(u"source").toString() : s.toString();
                if (project.secrets.contains(src))
                    kept.append(s);
                else
                    notCarried(info.node, name, u"services." % name % u".secrets." % src,
                               u"the secret " % src % u" is not a file secret khepri has"_s);
            }
            spec.insert(u"secrets", kept);
        }
        if (project.declaresDefaultNetwork && !spec.contains(u"networks")
            && !spec.contains(u"networkMode"))
            spec.insert(u"networks", QJsonObject{{u"default"_s, QJsonObject()}});
        // --secrets-to: secret-looking variables go to a 0600 env file.
        if (!m_options.secretsDir.isEmpty()) {
            QJsonObject env = spec.value(u"environment").toObject();
            QString content;
            const QStringList keys = env.keys();
            for (const QString &k : keys) {
                if (!looksSecret(k))
                    continue;
                content += envFileLine(k, env.take(k).toString());
            }
            if (!content.isEmpty()) {
                const QString path =
                    QDir::cleanPath(QDir(m_options.secretsDir)
                                        .absoluteFilePath(m_composition % u'-' % name % u".env"));
                result.secretFiles.append({path, content.toUtf8()});
                spec.insert(u"environment", env);
                QJsonArray files = spec.value(u"environmentFiles").toArray();
                files.append(path);
                spec.insert(u"environmentFiles", files);
                note(info.node, name, u"environment"_s,
                     u"the secret-looking variables of " % name % u" are moved to " % path);
            }
        }
        services.insert(name, spec);
    }
    // Dependencies on services left out go as well (with a diagnostic).
    for (auto it = services.begin(); it != services.end(); ++it) {
        QJsonObject spec = it.value().toObject();
        QJsonObject deps = spec.value(u"dependsOn").toObject();
        bool changed = false;
        const QStringList names = deps.keys();
        for (const QString &d : names)
            if (result.excludedServices.contains(d)) {
                deps.remove(d);
                changed = true;
                notCarried(project.info.value(it.key()).node, it.key(),
                           u"services." % it.key() % u".depends_on." % d,
                           u"the dependency " % d % u" is left out of the import"_s);
            }
        if (changed) {
            spec.insert(u"dependsOn", deps);
            it.value() = spec;
        }
    }

    QJsonObject comp;
    comp.insert(u"services", services);
    auto toObject = [](const QMap<QString, QJsonObject> &m) {
        QJsonObject o;
        for (auto it = m.begin(); it != m.end(); ++it)
            o.insert(it.key(), it.value());
        return o;
    };
    comp.insert(u"networks", toObject(project.networks));
    comp.insert(u"volumes", toObject(project.volumes));
    comp.insert(u"secrets", toObject(project.secrets));

    const auto parsed = compositionsFromJson(QJsonObject{{m_composition, comp}});
    if (!parsed)
        throw Failure{Error::make(ErrorCode::Type, parsed.error().message,
                                  u"A value has a form the khepri module does not accept."_s)
                          .at(first)};
    result.composition = parsed.value().first();
    for (const Unrepresentable &u : std::as_const(result.composition.unrepresentable))
        add(Diagnostic::Severity::Warning, QString::fromUtf16(kNotCarried), YNode{}, {}, u.field,
            u.field % u": " % u.detail);

    result.diagnostics = m_diagnostics;
    // The console's own checks (references, secrets in the store…), as everywhere.
    result.diagnostics.append(validate({result.composition}));
    return result;
}

} // namespace

const QMap<QString, QString> &dockerRunFlags()
{
    static const QMap<QString, QString> keys{
        {u"ipc"_s, u"--ipc="_s},
        {u"pid"_s, u"--pid="_s},
        {u"uts"_s, u"--uts="_s},
        {u"userns_mode"_s, u"--userns="_s},
        {u"cgroup"_s, u"--cgroupns="_s},
        {u"cgroup_parent"_s, u"--cgroup-parent="_s},
        {u"domainname"_s, u"--domainname="_s},
        {u"platform"_s, u"--platform="_s},
        {u"cpu_shares"_s, u"--cpu-shares="_s},
        {u"cpuset"_s, u"--cpuset-cpus="_s},
        {u"cpu_quota"_s, u"--cpu-quota="_s},
        {u"cpu_period"_s, u"--cpu-period="_s},
        {u"memswap_limit"_s, u"--memory-swap="_s},
        {u"mem_swappiness"_s, u"--memory-swappiness="_s},
        {u"oom_score_adj"_s, u"--oom-score-adj="_s},
        {u"gpus"_s, u"--gpus="_s},
        {u"stop_timeout"_s, u"--stop-timeout="_s},
    };
    return keys;
}

bool isNotCarried(const Diagnostic &d)
{
    return d.code == QStringView(kNotCarried) || d.code == QStringView(kProfileExcluded);
}

bool ImportResult::everythingCarried() const
{
    return std::none_of(diagnostics.cbegin(), diagnostics.cend(), isNotCarried);
}

Result<ImportResult> importComposeText(const QByteArray &yaml, const QString &fileName,
                                       const ImportOptions &options)
{
    try {
        Importer importer(options);
        return importer.run({{QFileInfo(fileName).absoluteFilePath(), yaml}});
    } catch (const Failure &f) {
        return f.error;
    } catch (const YAML::Exception &e) {
        return Error::make(ErrorCode::Syntax, fileName % u": " % QString::fromStdString(e.what()))
            .at(fileName);
    }
}

Result<ImportResult> importCompose(const ImportOptions &options)
{
    if (options.files.isEmpty())
        return Error::make(ErrorCode::Usage, u"no compose file given"_s,
                           u"Name the compose file: khepri import docker-compose.yml"_s);
    QList<std::pair<QString, QByteArray>> texts;
    for (const QString &file : options.files) {
        const QString abs = QFileInfo(file).absoluteFilePath();
        QFile f(abs);
        if (!f.open(QIODevice::ReadOnly))
            return Error::make(ErrorCode::Io, u"cannot read " % file % u": " % f.errorString(),
                               u"Check the path of the compose file."_s)
                .at(file);
        texts.append({QDir::cleanPath(abs), f.readAll()});
    }
    try {
        Importer importer(options);
        return importer.run(texts);
    } catch (const Failure &f) {
        return f.error;
    } catch (const YAML::Exception &e) {
        return Error::make(ErrorCode::Syntax, QString::fromStdString(e.what()))
            .at(options.files.first());
    }
}

QStringList previewLines(const ImportResult &result)
{
    const Composition &c = result.composition;
    QStringList out;
    out.append(u"Composition " % c.name % u": " % QString::number(c.services.size())
               % u" service(s), " % QString::number(c.networks.size()) % u" network(s), "
               % QString::number(c.volumes.size()) % u" volume(s), "
               % QString::number(c.secrets.size()) % u" secret(s)");
    for (const Service &s : c.services) {
        out.append(u"  " % s.name % u"  " % s.image());
        QStringList deps;
        for (const Dependency &d : s.dependsOn())
            deps.append(d.condition == DependencyCondition::Started
                            ? d.service
                            : d.service % u" (" % conditionName(d.condition) % u')');
        if (!deps.isEmpty())
            out.append(u"    after: " % deps.join(u", "_s));
        if (!s.networks().isEmpty())
            out.append(u"    networks: " % s.networks().join(u", "_s));
        if (!s.ports().isEmpty())
            out.append(u"    ports: " % s.ports().join(u", "_s));
        QStringList mounts;
        for (const Mount &m : s.mounts())
            mounts.append((m.source.isEmpty() ? u"(anonymous)"_s : m.source) % u" → " % m.target
                          % (m.readOnly ? u" (ro)"_s : QString()));
        if (!mounts.isEmpty())
            out.append(u"    mounts: " % mounts.join(u", "_s));
    }
    if (!result.excludedServices.isEmpty())
        out.append(u"Left out: " % result.excludedServices.join(u", "_s));
    int notCarried = 0;
    for (const Diagnostic &d : result.diagnostics)
        notCarried += isNotCarried(d) ? 1 : 0;
    out.append(result.diagnostics.isEmpty()
                   ? u"Everything is carried over; no diagnostics."_s
                   : QString::number(result.diagnostics.size()) % u" diagnostic(s), "
                         % QString::number(notCarried) % u" of them not carried over:");
    for (const Diagnostic &d : result.diagnostics)
        out.append(u"  " % severityName(d.severity) % u": " % d.message);
    return out;
}

Result<void> writeSecretFiles(const QList<SecretFile> &files)
{
    for (const SecretFile &s : files) {
        QDir().mkpath(QFileInfo(s.path).absolutePath());
        QSaveFile f(s.path);
        if (!f.open(QIODevice::WriteOnly))
            return Error::make(ErrorCode::Io, u"cannot write " % s.path % u": " % f.errorString())
                .at(s.path);
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        f.write(s.content);
        if (!f.commit())
            return Error::make(ErrorCode::Io, u"cannot write " % s.path % u": " % f.errorString())
                .at(s.path);
        QFile::setPermissions(s.path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    return {};
}

} // namespace khepri::compose
