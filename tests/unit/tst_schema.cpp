// model/schema.cpp against nixos/module.nix: the schema is written by hand, so
// this test evaluates the module's option tree with the real nix and nixpkgs'
// lib (tests/nix/schema/option-tree.nix) and fails on any difference — an
// option on one side only, other forms (scalar, record, map, list), a boolean
// on one side only (the GUI's checkbox), other enum values, other defaults,
// required on one side only. Every rule is shown to fire: a module with one
// more option, and the module's tree altered one rule at a time.
//
// Needs KHEPRI_NIXPKGS_LIB (./scripts/test sets it); skipped without it, saying so.

#include <functional>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "schema.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

QJsonArray sortedStrings(QStringList list)
{
    list.sort();
    list.removeDuplicates();
    return QJsonArray::fromStringList(list);
}

// The schema node in option-tree.nix's form.
QJsonObject schemaTree(const SchemaNode &node)
{
    QStringList forms;
    if (node.list)
        forms << u"list"_s;
    if (node.map)
        forms << u"map"_s;
    if (node.record)
        forms << u"record"_s;
    if (node.scalar)
        forms << u"scalar"_s;
    QJsonObject fields;
    for (auto it = node.fields.cbegin(); it != node.fields.cend(); ++it)
        fields.insert(it.key(), schemaTree(*it.value()));
    QJsonObject out{
        {u"forms"_s, sortedStrings(forms)},
        {u"fields"_s, fields},
        {u"item"_s, node.item ? QJsonValue(schemaTree(*node.item)) : QJsonValue()},
        {u"choices"_s, sortedStrings(node.choices)},
        {u"required"_s, node.required},
        // The schema has no scalar types but one the editors act on: a boolean
        // default makes a checkbox.
        {u"bool"_s, node.defaultValue.isBool()},
    };
    if (!node.defaultValue.isNull() && !node.defaultValue.isUndefined())
        out.insert(u"default"_s, node.defaultValue);
    return out;
}

QStringList toStrings(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &s : a)
        out << s.toString();
    return out;
}

QString show(const QJsonValue &v)
{
    if (v.isUndefined())
        return u"none"_s;
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(
        QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
}

// Every difference between the module's node and the schema's, one line each,
// named by option path (`<name>`: any key of a map, `[]`: any list item).
QStringList differences(const QJsonObject &module, const QJsonObject &schema, const QString &path)
{
    QStringList out;
    const QString at = path.isEmpty() ? u"khepri.compositions"_s : path;
    const auto differ = [&](const QString &what, const QJsonValue &m, const QJsonValue &s) {
        out << at % u": "_s % what % u": the module says "_s % show(m)
                   % u", model/schema.cpp says "_s % show(s);
    };

    if (module.value(u"forms"_s) != schema.value(u"forms"_s))
        differ(u"forms"_s, module.value(u"forms"_s), schema.value(u"forms"_s));

    const QStringList scalars = toStrings(module.value(u"scalars"_s));
    const bool moduleBool = !scalars.isEmpty() && scalars.count(u"bool"_s) == scalars.size();
    if (moduleBool != schema.value(u"bool"_s).toBool())
        out << at
                   % (moduleBool ? u": a boolean in the module, not in model/schema.cpp (give it "
                                   u"a boolean default there, or the GUI shows no checkbox)"_s
                                 : u": a boolean default in model/schema.cpp, but the module's "
                                   u"type is "_s
                                       % show(module.value(u"scalars"_s)));

    // Enum values count where every scalar form is an enum: `count` is a number
    // or "all", which no list of choices describes.
    const bool moduleEnum = !scalars.isEmpty() && scalars.count(u"enum"_s) == scalars.size();
    const QJsonValue moduleChoices = moduleEnum ? module.value(u"choices"_s) : QJsonArray();
    if (moduleChoices != schema.value(u"choices"_s))
        differ(u"enum values"_s, moduleChoices, schema.value(u"choices"_s));

    if (module.value(u"default"_s) != schema.value(u"default"_s))
        differ(u"default"_s, module.value(u"default"_s), schema.value(u"default"_s));
    if (module.contains(u"required"_s)
        && module.value(u"required"_s).toBool() != schema.value(u"required"_s).toBool())
        differ(u"required"_s, module.value(u"required"_s), schema.value(u"required"_s));

    const QJsonObject mf = module.value(u"fields"_s).toObject();
    const QJsonObject sf = schema.value(u"fields"_s).toObject();
    for (auto it = mf.begin(); it != mf.end(); ++it) {
        const QString child = path.isEmpty() ? it.key() : path % u'.' % it.key();
        if (!sf.contains(it.key()))
            out << child
                       % u": an option of nixos/module.nix that model/schema.cpp does not "
                         u"describe (the GUI has no editor for it)"_s;
        else
            out << differences(it.value().toObject(), sf.value(it.key()).toObject(), child);
    }
    for (auto it = sf.begin(); it != sf.end(); ++it) {
        if (!mf.contains(it.key()))
            out << (path.isEmpty() ? it.key() : path % u'.' % it.key())
                       % u": in model/schema.cpp but not an option of nixos/module.nix"_s;
    }

    const QJsonValue mi = module.value(u"item"_s);
    const QJsonValue si = schema.value(u"item"_s);
    const bool isMap = toStrings(module.value(u"forms"_s)).contains(u"map"_s);
    const QString itemPath =
        isMap ? (path.isEmpty() ? u"<name>"_s : path % u".<name>"_s) : path % u"[]"_s;
    if (mi.isObject() && si.isObject())
        out << differences(mi.toObject(), si.toObject(), itemPath);
    else if (mi.isObject() != si.isObject())
        out << itemPath
                   % (mi.isObject() ? u": items in the module, none in model/schema.cpp"_s
                                    : u": items in model/schema.cpp, none in the module"_s);
    return out;
}

struct Evaluation {
    QJsonObject tree;
    QString error;
};

// option-tree.nix evaluated with the real nix, with `extraModules` beside the module.
Evaluation evaluateOptionTree(const QString &nixpkgsLib, const QStringList &extraModules = {})
{
    QStringList args{u"--eval"_s,   u"--strict"_s,
                     u"--json"_s,   test::sourcePath(u"tests/nix/schema/option-tree.nix"_s),
                     u"--argstr"_s, u"nixpkgsLib"_s,
                     nixpkgsLib};
    if (!extraModules.isEmpty()) {
        QStringList paths;
        for (const QString &m : extraModules)
            paths << test::sourcePath(m);
        args << u"--arg"_s << u"extraModules"_s << u"[ "_s % paths.join(u' ') % u" ]"_s;
    }
    QProcess nix;
    nix.start(u"nix-instantiate"_s, args);
    if (!nix.waitForFinished(300000) || nix.exitStatus() != QProcess::NormalExit
        || nix.exitCode() != 0) {
        QStringList err;
        const QStringList lines = QString::fromUtf8(nix.readAllStandardError()).split(u'\n');
        for (const QString &l : lines)
            if (!l.contains(u"the group 'nixbld'"_s))
                err << l;
        return {{},
                u"nix-instantiate "_s % args.join(u' ') % u" failed:\n"_s % err.join(u'\n')
                    % nix.errorString()};
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(nix.readAllStandardOutput(), &parseError);
    if (!doc.isObject())
        return {{}, u"option-tree.nix gave no JSON object: "_s % parseError.errorString()};
    return {doc.object(), {}};
}

} // namespace

class TestSchema : public QObject {
    Q_OBJECT
private:
    QString m_nixpkgsLib;
    QJsonObject m_module; // the module's tree, evaluated once

    QStringList check(const QJsonObject &module) const
    {
        return differences(module, schemaTree(schema::compositions()), {});
    }

    // The module's tree with `edit` applied to the node at `path` (field names).
    QJsonObject altered(const QStringList &path,
                        const std::function<void(QJsonObject &)> &edit) const
    {
        const std::function<QJsonObject(QJsonObject, qsizetype)> go = [&](QJsonObject node,
                                                                          qsizetype i) {
            if (i == path.size()) {
                edit(node);
                return node;
            }
            const QString &step = path.at(i);
            if (step == u"*"_s) {
                node.insert(u"item"_s, go(node.value(u"item"_s).toObject(), i + 1));
            } else {
                QJsonObject fields = node.value(u"fields"_s).toObject();
                fields.insert(step, go(fields.value(step).toObject(), i + 1));
                node.insert(u"fields"_s, fields);
            }
            return node;
        };
        return go(m_module, 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_nixpkgsLib = qEnvironmentVariable("KHEPRI_NIXPKGS_LIB");
        if (m_nixpkgsLib.isEmpty())
            QSKIP("SKIPPED: KHEPRI_NIXPKGS_LIB is not set; comparing the schema with the module "
                  "needs nixpkgs' lib (./scripts/test sets it to ../shared/nixpkgs-lib/lib)");
        const Evaluation e = evaluateOptionTree(m_nixpkgsLib);
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        m_module = e.tree;
    }

    // The check itself: the hand-written schema says what the module declares.
    void schemaMatchesModule()
    {
        const QStringList diff = check(m_module);
        for (const QString &line : diff)
            qWarning().noquote() << line;
        QVERIFY2(diff.isEmpty(), "model/schema.cpp and nixos/module.nix differ (above): change "
                                 "model/schema.cpp to say what the module declares");
    }

    // An option added to the module and not to the schema is reported by path.
    void reportsAnOptionOnlyTheModuleHas()
    {
        const Evaluation e =
            evaluateOptionTree(m_nixpkgsLib, {u"tests/nix/schema/extra-option.nix"_s});
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        QCOMPARE(check(e.tree),
                 QStringList{u"<name>.services.<name>.probeOption: an option of nixos/module.nix "
                             u"that model/schema.cpp does not describe (the GUI has no editor "
                             u"for it)"_s});
    }

    // Each rule fires: the module's tree altered in one place gives one line.
    void reportsEachKindOfDifference_data()
    {
        QTest::addColumn<QStringList>("path");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        const QStringList service{u"*"_s, u"services"_s, u"*"_s};
        QTest::newRow("option only in the schema")
            << QStringList{u"*"_s, u"services"_s, u"*"_s} << u"dropField:hostname"_s << QJsonValue()
            << u"<name>.services.<name>.hostname: in model/schema.cpp but not an "
               u"option of nixos/module.nix"_s;
        QTest::newRow("forms") << (service + QStringList{u"tmpfs"_s}) << u"forms"_s
                               << QJsonValue(QJsonArray{u"list"_s})
                               << u"<name>.services.<name>.tmpfs: forms: the module says "
                                  u"[\"list\"], model/schema.cpp says [\"list\",\"scalar\"]"_s;
        QTest::newRow("boolean") << (service + QStringList{u"hostname"_s}) << u"scalars"_s
                                 << QJsonValue(QJsonArray{u"bool"_s})
                                 << u"<name>.services.<name>.hostname: a boolean in the module, "
                                    u"not in model/schema.cpp (give it a boolean default there, or "
                                    u"the GUI shows no checkbox)"_s;
        QTest::newRow("enum values")
            << (service + QStringList{u"pull"_s}) << u"choices"_s
            << QJsonValue(QJsonArray{u"always"_s, u"never"_s})
            << u"<name>.services.<name>.pull: enum values: the module says "
               u"[\"always\",\"never\"], model/schema.cpp says "
               u"[\"always\",\"missing\",\"never\",\"newer\"]"_s;
        QTest::newRow("default") << (service + QStringList{u"autoStart"_s}) << u"default"_s
                                 << QJsonValue(false)
                                 << u"<name>.services.<name>.autoStart: default: the module says "
                                    u"false, model/schema.cpp says true"_s;
        QTest::newRow("required") << (service + QStringList{u"image"_s}) << u"required"_s
                                  << QJsonValue(false)
                                  << u"<name>.services.<name>.image: required: the module says "
                                     u"false, model/schema.cpp says true"_s;
        QTest::newRow("items") << (service + QStringList{u"capAdd"_s}) << u"item"_s << QJsonValue()
                               << u"<name>.services.<name>.capAdd[]: items in model/schema.cpp, "
                                  u"none in the module"_s;
    }
    void reportsEachKindOfDifference()
    {
        QFETCH(QStringList, path);
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        const QJsonObject tree = altered(path, [&](QJsonObject &node) {
            if (key.startsWith(u"dropField:"_s)) {
                QJsonObject fields = node.value(u"fields"_s).toObject();
                QVERIFY(fields.contains(key.mid(10)));
                fields.remove(key.mid(10));
                node.insert(u"fields"_s, fields);
            } else {
                QVERIFY(node.contains(u"forms"_s));
                node.insert(key, value);
            }
        });
        QCOMPARE(check(tree), QStringList{expected});
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
