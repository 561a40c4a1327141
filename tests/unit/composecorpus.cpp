#include "composecorpus.h"

#include <QDir>
#include <QFile>
#include <QStringBuilder>
#include <QTextStream>

#include "testsupport.h"

using namespace Qt::StringLiterals;

namespace khepri::test {

QList<ComposeCase> composeCases()
{
    const QStringList one{u"docker-compose.yml"_s};
    QList<ComposeCase> cases{
        {u"photos"_s, u"photos"_s, one, {}, {}, {}, true, true},
        {u"documents"_s, u"documents"_s, one, {}, {}, {}, true, true},
        {u"proxy"_s, u"proxy"_s, one, {}, {}, {}, true, false}, // host_ip: newer than 1.29
        {u"monitoring"_s, u"monitoring"_s, one, {}, {}, {}, true, true},
        {u"forge"_s, u"forge"_s, one, {}, {}, {}, false, true},
        {u"forge-ci"_s, u"forge"_s, one, {u"ci"_s}, {}, {}, true, true},
        {u"merge-keys"_s, u"merge-keys"_s, one, {}, {}, {}, true, true},
        {u"extends"_s, u"extends"_s, one, {}, {}, {}, true, true},
        {u"include"_s, u"include"_s, one, {}, {}, {}, true, false},
        {u"profiles"_s, u"profiles"_s, one, {}, {}, {}, false, true},
        {u"profiles-all"_s, u"profiles"_s, one, {u"debug"_s, u"ops"_s}, {}, {}, true, true},
        {u"interpolation"_s,
         u"interpolation"_s,
         one,
         {},
         {{u"FROM_PROCESS"_s, u"process"_s},
          {u"OVERRIDDEN"_s, u"from-process"_s},
          {u"INHERITED"_s, u"inherited"_s}},
         {},
         true,
         false}, // ${VAR:+alt}: newer than 1.29
        {u"long-syntax"_s, u"long-syntax"_s, one, {}, {}, {}, false, false},
        {u"override"_s,
         u"override"_s,
         {u"docker-compose.yml"_s, u"docker-compose.override.yml"_s},
         {},
         {},
         {},
         true,
         true},
        {u"not-carried"_s, u"not-carried"_s, one, {}, {}, {}, false, false},
        {u"secrets-to"_s, u"secrets-to"_s, one, {}, {}, u"/run/khepri-secrets"_s, true, true},
    };
    return cases;
}

ComposeCase composeCase(const QString &name)
{
    const QList<ComposeCase> cases = composeCases();
    for (const ComposeCase &c : cases)
        if (c.name == name)
            return c;
    return {};
}

compose::ImportOptions composeOptions(const ComposeCase &c)
{
    compose::ImportOptions o;
    for (const QString &f : c.files)
        o.files.append(dataPath(u"compose/"_s % c.dir % u'/' % f));
    o.profiles = c.profiles;
    o.environment = c.environment;
    o.environment.insert(u"HOME"_s, u"/home/user"_s);
    o.secretsDir = c.secretsDir;
    return o;
}

QString portable(const QString &text)
{
    QString out = text;
    out.replace(QDir::cleanPath(dataPath(u"compose"_s)), u"@DATA@"_s);
    return out;
}

QString diagnosticsText(const compose::ImportResult &result)
{
    QString out;
    for (const Diagnostic &d : result.diagnostics)
        out += severityName(d.severity) % u' ' % d.code % u' ' % d.message % u'\n';
    return out;
}

bool compareGolden(const QString &file, const QString &actual)
{
    const QString path = dataPath(u"compose/golden/"_s % file);
    if (qEnvironmentVariableIntValue("KHEPRI_UPDATE_GOLDEN") == 1) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return false;
        f.write(actual.toUtf8());
        qInfo("updated %s", qPrintable(path));
        return true;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        qWarning().noquote() << path
                             << "does not exist; review this output, then create it with "
                                "KHEPRI_UPDATE_GOLDEN=1:\n"
                             << actual;
        return false;
    }
    const QString expected = QString::fromUtf8(f.readAll());
    if (expected == actual)
        return true;
    const QStringList e = expected.split(u'\n');
    const QStringList a = actual.split(u'\n');
    for (qsizetype i = 0; i < std::max(e.size(), a.size()); ++i)
        if (e.value(i) != a.value(i)) {
            qWarning().noquote() << path << "differs at line" << i + 1
                                 << "\n  expected:" << e.value(i) << "\n  actual:  " << a.value(i)
                                 << "\n(KHEPRI_UPDATE_GOLDEN=1 rewrites it after review)";
            break;
        }
    return false;
}

} // namespace khepri::test
