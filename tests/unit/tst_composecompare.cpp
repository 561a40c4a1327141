// khepri's reading of a compose file against Debian's docker-compose 1.29:
// for every corpus file it accepts, `docker-compose config` (run on a copy
// without the top-level name:, which 1.29 predates) and khepri's import agree
// field by field — images, ports, environment after interpolation (env_file
// contents included, as config inlines them), volumes, depends_on with
// conditions, networks. The cases 1.29 cannot read (include, ${VAR:+alt},
// newer keys) must be rejected by it, so the list stays honest.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <yaml-cpp/yaml.h>

#include "composecorpus.h"
#include "composeimporter.h"
#include "composeinterpolation.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

// Copies a case directory, .env included.
bool copyCase(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    const QFileInfoList entries =
        QDir(from).entryInfoList(QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &fi : entries) {
        const QString target = to + u'/' + fi.fileName();
        if (fi.isDir() ? !copyCase(fi.filePath(), target) : !QFile::copy(fi.filePath(), target))
            return false;
    }
    return true;
}

QString q(const YAML::Node &n)
{
    return n && n.IsScalar() ? QString::fromStdString(n.Scalar()) : QString();
}

// "[ip:]published:target[/proto]" or "target" -> "ip|published|target|proto".
QString portKey(const QString &ip, const QString &published, const QString &target,
                const QString &proto)
{
    return ip % u'|' % published % u'|' % target % u'|' % (proto.isEmpty() ? u"tcp"_s : proto);
}
QString portFromShort(QString s)
{
    QString proto;
    if (const qsizetype slash = s.lastIndexOf(u'/'); slash > 0) {
        proto = s.mid(slash + 1);
        s = s.left(slash);
    }
    QStringList parts = s.split(u':');
    const QString target = parts.takeLast();
    const QString published = parts.isEmpty() ? QString() : parts.takeLast();
    return portKey(parts.join(u':'), published, target, proto);
}

// "source|target|ro"
QString mountKey(const QString &text)
{
    const QStringList p = text.split(u':');
    if (p.size() == 1)
        return u"|" % p.at(0) % u"|rw";
    const bool ro = p.size() > 2 && p.at(2).split(u',').contains(u"ro"_s);
    return p.at(0) % u'|' % p.at(1) % (ro ? u"|ro"_s : u"|rw"_s);
}

struct Fields {
    QMap<QString, QString> images;
    QMap<QString, QStringList> ports, volumes, networks;
    QMap<QString, QMap<QString, QString>> environment, dependsOn;
    QStringList configFiles; // 1.29 ignores service configs (swarm only); khepri mounts them
};

Fields fromCompose(const YAML::Node &root)
{
    Fields f;
    for (const auto &c : root["configs"])
        f.configFiles.append(q(c.second["file"]));
    for (const auto &svc : root["services"]) {
        const QString name = q(svc.first);
        const YAML::Node s = svc.second;
        f.images[name] = q(s["image"]);
        f.environment[name];
        f.dependsOn[name];
        QStringList ports;
        for (const auto &p : s["ports"])
            ports.append(p.IsScalar() ? portFromShort(q(p))
                                      : portKey(q(p["host_ip"]), q(p["published"]), q(p["target"]),
                                                q(p["protocol"])));
        ports.sort();
        f.ports[name] = ports;
        QStringList volumes;
        for (const auto &v : s["volumes"])
            volumes.append(
                v.IsScalar()
                    ? mountKey(q(v))
                    : q(v["source"]) % u'|' % q(v["target"])
                          % (v["read_only"] && v["read_only"].as<bool>() ? u"|ro"_s : u"|rw"_s));
        volumes.sort();
        f.volumes[name] = volumes;
        for (const auto &e : s["environment"])
            f.environment[name][q(e.first)] = q(e.second);
        for (const auto &d : s["depends_on"])
            f.dependsOn[name][q(d.first)] = q(d.second["condition"]);
        QStringList nets;
        if (s["networks"] && s["networks"].IsMap())
            for (const auto &n : s["networks"])
                nets.append(q(n.first));
        else
            for (const auto &n : s["networks"])
                nets.append(q(n));
        nets.sort();
        f.networks[name] = nets;
    }
    return f;
}

Fields fromKhepri(const Composition &c)
{
    Fields f;
    for (const Service &s : c.services) {
        f.images[s.name] = s.image();
        f.dependsOn[s.name];
        QStringList ports;
        for (const QJsonValue &p : s.spec.value(u"ports").toArray()) {
            if (p.isObject()) {
                const QJsonObject o = p.toObject();
                ports.append(portKey(
                    o.value(u"hostIp").toString(), o.value(u"published").toVariant().toString(),
                    o.value(u"target").toVariant().toString(), o.value(u"protocol").toString()));
            } else {
                ports.append(portFromShort(p.toVariant().toString()));
            }
        }
        ports.sort();
        f.ports[s.name] = ports;
        QStringList volumes;
        for (const QJsonValue &v : s.spec.value(u"volumes").toArray()) {
            if (v.isObject()) {
                const QJsonObject o = v.toObject();
                volumes.append(o.value(u"source").toString() % u'|' % o.value(u"target").toString()
                               % (o.value(u"readOnly").toBool() ? u"|ro"_s : u"|rw"_s));
            } else {
                volumes.append(mountKey(v.toString()));
            }
        }
        volumes.sort();
        f.volumes[s.name] = volumes;
        // config inlines env_file; environment wins over it.
        QMap<QString, QString> env;
        for (const QJsonValue &file : s.spec.value(u"environmentFiles").toArray()) {
            QFile ef(file.toString());
            if (ef.open(QIODevice::ReadOnly)) {
                const auto parsed = compose::parseEnvFile(
                    QString::fromUtf8(ef.readAll()),
                    [](const QString &) -> std::optional<QString> { return std::nullopt; },
                    file.toString());
                if (parsed)
                    for (const auto &[k, v] : parsed.value())
                        env[k] = v;
            }
        }
        const QMap<QString, QString> own = s.environment();
        for (auto it = own.begin(); it != own.end(); ++it)
            env[it.key()] = it.value();
        f.environment[s.name] = env;
        for (const Dependency &d : s.dependsOn())
            f.dependsOn[s.name][d.service] = conditionName(d.condition);
        f.networks[s.name] = s.networks();
    }
    return f;
}

} // namespace

class TestComposeCompare : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_compose = QStandardPaths::findExecutable(u"docker-compose"_s);
        QVERIFY2(!m_compose.isEmpty(),
                 "docker-compose (Debian's 1.29) is not installed: scripts/test installs it");
    }

    void sameReading_data()
    {
        QTest::addColumn<QString>("name");
        for (const test::ComposeCase &c : test::composeCases())
            QTest::newRow(qPrintable(c.name)) << c.name;
    }
    void sameReading()
    {
        QFETCH(QString, name);
        const test::ComposeCase c = test::composeCase(name);
        QTemporaryDir dir;
        QVERIFY(copyCase(test::dataPath(u"compose/"_s + c.dir), dir.path()));
        test::ComposeCase copy = c;
        QStringList args;
        for (const QString &f : c.files) {
            const QString path = dir.filePath(f);
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QString text = QString::fromUtf8(file.readAll());
            file.close();
            text.remove(QRegularExpression(u"^name: .*\n"_s, QRegularExpression::MultilineOption));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(text.toUtf8());
            file.close();
            args << u"-f"_s << path;
        }
        args << u"--project-name"_s << u"compare"_s;
        for (const QString &p : c.profiles)
            args << u"--profile"_s << p;
        args << u"config"_s;
        QProcess dc;
        QProcessEnvironment env;
        env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        for (auto it = c.environment.begin(); it != c.environment.end(); ++it)
            env.insert(it.key(), it.value());
        dc.setProcessEnvironment(env);
        dc.setWorkingDirectory(dir.path());
        dc.start(m_compose, args);
        QVERIFY(dc.waitForFinished(120000));
        const QByteArray out = dc.readAllStandardOutput();
        const QByteArray err = dc.readAllStandardError();
        if (!c.composeAccepts) {
            QVERIFY2(dc.exitCode() != 0, "docker-compose 1.29 accepts it now: mark it accepted");
            return;
        }
        QVERIFY2(dc.exitCode() == 0, err.constData());

        compose::ImportOptions options;
        for (const QString &f : c.files)
            options.files.append(dir.filePath(f));
        options.profiles = c.profiles;
        options.environment = c.environment;
        options.secretsDir.clear(); // config keeps secrets in the environment
        const auto imported = compose::importCompose(options);
        QVERIFY2(imported.ok(),
                 qPrintable(imported.ok() ? QString() : imported.error().toString()));

        Fields theirs = fromCompose(YAML::Load(out.toStdString()));
        Fields ours = fromKhepri(imported.value().composition);
        for (QStringList &mounts : ours.volumes)
            mounts.removeIf([&](const QString &m) {
                return theirs.configFiles.contains(m.section(u'|', 0, 0));
            });
        // docker-compose 1.29's config lists every service, profiles or not: compare the
        // services khepri kept, and check that it left out exactly those with profiles.
        for (const QString &left : imported.value().excludedServices) {
            QVERIFY2(theirs.images.contains(left), qPrintable(left));
            theirs.images.remove(left);
            theirs.ports.remove(left);
            theirs.volumes.remove(left);
            theirs.networks.remove(left);
            theirs.environment.remove(left);
            theirs.dependsOn.remove(left);
        }
        QCOMPARE(ours.images, theirs.images);
        QCOMPARE(ours.ports, theirs.ports);
        QCOMPARE(ours.environment, theirs.environment);
        QCOMPARE(ours.volumes, theirs.volumes);
        QCOMPARE(ours.dependsOn, theirs.dependsOn);
        QCOMPARE(ours.networks, theirs.networks);
    }

private:
    QString m_compose;
};

QTEST_GUILESS_MAIN(TestComposeCompare)
#include "tst_composecompare.moc"
