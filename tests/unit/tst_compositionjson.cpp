// compositionsFromJson / compositionsToJson: every short form the module
// coerces, defaults dropped (a sparse file and the module's fully defaulted
// output give the same model), shape errors with the offending field's path,
// unrepresentable values and unknown fields recorded, lossless round trip.

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "compositionjson.h"

using namespace khepri;

namespace {
QJsonObject json(const char *text)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &e);
    if (e.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(e.errorString()));
    return doc.object();
}

QList<Composition> load(const char *text)
{
    const auto r = compositionsFromJson(json(text));
    if (!r.ok())
        qWarning("%s", qPrintable(r.error().toString()));
    return r.ok() ? r.value() : QList<Composition>{};
}
} // namespace

class TestCompositionJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shortForms()
    {
        const auto cs = load(R"({"app": {
            "volumes": ["b", "a"],
            "networks": {"proxy": {"external": true}},
            "services": {"web": {"image": "nginx", "networks": ["proxy"], "dependsOn": ["db"],
                                 "environment": {"N": 1, "B": true, "S": "x", "F": 0.5},
                                 "labels": ["a=1", "bare", "c=x=y"], "tmpfs": "/run",
                                 "extraHosts": {"h": "1.2.3.4"}},
                         "db": {"image": "postgres", "environment": ["A=1", "LOOKUP"]}}}})");
        QCOMPARE(cs.size(), 1);
        const Composition &c = cs.first();
        QCOMPARE(c.services.first().name, QStringLiteral("db")); // sorted
        const Service *web = c.service(QStringLiteral("web"));
        QVERIFY(web);
        QCOMPARE(web->dependsOn(),
                 (QList<Dependency>{{QStringLiteral("db"), DependencyCondition::Started}}));
        QCOMPARE(web->networks(), QStringList{QStringLiteral("proxy")});
        const auto env = web->environment();
        QCOMPARE(env.value(QStringLiteral("N")), QStringLiteral("1"));
        QCOMPARE(env.value(QStringLiteral("B")), QStringLiteral("true"));
        QCOMPARE(env.value(QStringLiteral("F")), QStringLiteral("0.5"));
        QCOMPARE(web->spec.value(u"labels").toObject(),
                 (QJsonObject{{QStringLiteral("a"), QStringLiteral("1")},
                              {QStringLiteral("c"), QStringLiteral("x=y")}}));
        QCOMPARE(web->spec.value(u"tmpfs").toArray(), QJsonArray{QStringLiteral("/run")});
        QCOMPARE(web->spec.value(u"extraHosts").toArray(), QJsonArray{QStringLiteral("h:1.2.3.4")});
        QCOMPARE(c.service(QStringLiteral("db"))->environment().keys(),
                 QStringList{QStringLiteral("A")});
        QCOMPARE(c.volumes.size(), 2);
        QCOMPARE(c.volumes.first().name, QStringLiteral("a"));
        QVERIFY(c.networks.first().external());
    }

    void sparseEqualsDefaulted()
    {
        const auto sparse =
            load(R"({"app": {"services": {"web": {"image": "nginx", "ports": ["80:80"],
            "dependsOn": ["db"], "healthcheck": {"test": "true"}}, "db": {"image": "pg"}}}})");
        // The same composition as the module passes it on: every default filled in.
        const auto full =
            load(R"({"app": {"networks": {}, "volumes": {}, "secrets": {}, "services": {
            "web": {"image": "nginx", "containerName": null, "environment": {}, "environmentFiles": [],
                    "volumes": [], "tmpfs": [], "labels": {}, "ports": ["80:80"], "expose": [], "dns": [],
                    "dnsSearch": [], "dnsOpt": [], "capAdd": [], "capDrop": [],
                    "logging": {"driver": null, "options": {}},
                    "dependsOn": {"db": {"condition": "service_started"}}, "restart": null,
                    "deploy": {"resources": {"limits": {"cpus": null, "memory": null, "pids": null},
                               "reservations": {"cpus": null, "memory": null, "devices": []}},
                               "restartPolicy": null},
                    "devices": [], "networks": {}, "networkMode": null, "privileged": false, "extraHosts": [],
                    "sysctls": {}, "shmSize": null, "runtime": null, "securityOpt": [], "cmd": [],
                    "entrypoint": null,
                    "healthcheck": {"test": "true", "interval": null, "timeout": null, "retries": null,
                                    "startPeriod": null, "startInterval": null, "disable": false},
                    "hostname": null, "macAddress": null, "user": null, "workingDir": null, "ulimits": {},
                    "stopSignal": null, "stopGracePeriod": null, "init": false, "groupAdd": [],
                    "readOnly": false, "secrets": [], "autoStart": true, "pull": null,
                    "login": {"username": null, "passwordFile": null, "registry": null}, "extraOptions": []},
            "db": {"image": "pg", "autoStart": true, "healthcheck": null}}}})");
        QVERIFY(!sparse.isEmpty());
        QCOMPARE(full, sparse);
        QCOMPARE(sparse.first().service(QStringLiteral("web"))->spec.keys(),
                 (QStringList{QStringLiteral("dependsOn"), QStringLiteral("healthcheck"),
                              QStringLiteral("image"), QStringLiteral("ports")}));
    }

    void meaningfulDefaultsKept()
    {
        const auto cs = load(R"({"app": {"services": {"web": {"image": "x", "autoStart": false,
            "deploy": {"restartPolicy": {"condition": "any"}}, "healthcheck": {},
            "dependsOn": {"db": {"condition": "service_healthy"}}}}}})");
        const QJsonObject spec = cs.first().services.first().spec;
        QCOMPARE(spec.value(u"autoStart"), QJsonValue(false));
        // A restart policy that is set (even to its defaults) is not the same as none.
        QCOMPARE(spec.value(u"deploy").toObject().value(u"restartPolicy"),
                 QJsonValue(QJsonObject()));
        QVERIFY(spec.contains(u"healthcheck"));
        QCOMPARE(cs.first().services.first().dependsOn().first().condition,
                 DependencyCondition::Healthy);
    }

    void longForms()
    {
        const auto cs = load(R"({"app": {"services": {"web": {
            "image": "nginx",
            "ports": [{"target": 80, "published": 8080, "protocol": "tcp", "hostIp": null}, 53, "1:1/udp"],
            "volumes": [{"type": "bind", "source": "/srv", "target": "/d", "readOnly": true}, "data:/x:ro", "/anon"],
            "networks": {"front": {"aliases": ["www"], "ipv4Address": null}}}}}})");
        const Service &web = cs.first().services.first();
        QCOMPARE(web.ports(), (QStringList{QStringLiteral("8080:80/tcp"), QStringLiteral("53"),
                                           QStringLiteral("1:1/udp")}));
        QCOMPARE(web.spec.value(u"ports").toArray().first().toObject().keys(),
                 (QStringList{QStringLiteral("published"), QStringLiteral("target")}));
        const QList<Mount> mounts = web.mounts();
        QCOMPARE(mounts.size(), 3);
        QCOMPARE(mounts.at(0),
                 (Mount{Mount::Kind::Bind, QStringLiteral("/srv"), QStringLiteral("/d"), true}));
        QCOMPARE(mounts.at(1),
                 (Mount{Mount::Kind::Volume, QStringLiteral("data"), QStringLiteral("/x"), true}));
        QCOMPARE(mounts.at(2).kind, Mount::Kind::Anonymous);
        QCOMPARE(web.spec.value(u"networks")
                     .toObject()
                     .value(u"front")
                     .toObject()
                     .value(u"aliases")
                     .toArray()
                     .size(),
                 1);
    }

    void shapeErrors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("message");
        QTest::newRow("composition not a set")
            << QByteArray(R"({"app": 3})") << QStringLiteral("app: expected an attribute set");
        QTest::newRow("ports not a list")
            << QByteArray(R"({"app": {"services": {"web": {"ports": "80:80"}}}})")
            << QStringLiteral("app.services.web.ports: expected a list");
        QTest::newRow("environment a number")
            << QByteArray(R"({"app": {"services": {"web": {"environment": 3}}}})")
            << QStringLiteral("app.services.web.environment: expected a list or an attribute set");
        QTest::newRow("image a list")
            << QByteArray(R"({"app": {"services": {"web": {"image": ["x"]}}}})")
            << QStringLiteral("app.services.web.image: expected a value");
    }

    void nulRefused()
    {
        const QJsonObject withNul{
            {QStringLiteral("app"),
             QJsonObject{
                 {QStringLiteral("services"),
                  QJsonObject{{QStringLiteral("web"),
                               QJsonObject{{QStringLiteral("image"),
                                            QString(QStringLiteral("a") + QChar(0) + u'b')}}}}}}}};
        const auto r = compositionsFromJson(withNul);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, QStringLiteral("app.services.web.image: contains a NUL "
                                                   "character, which a Nix string cannot hold"));
    }

    void shapeErrors()
    {
        QFETCH(QByteArray, input);
        const auto r = compositionsFromJson(QJsonDocument::fromJson(input).object());
        QVERIFY(!r.ok());
        QTEST(r.error().message, "message");
        QCOMPARE(r.error().code, ErrorCode::Shape);
    }

    void markersAndUnknownFields()
    {
        const auto cs = load(R"({"app": {"services": {"web": {
            "image": {"__khepri": "derivation", "detail": "docker-image-web.tar.gz", "imageName": "web"},
            "healthcheck": {"__khepri": "function", "detail": "a function"},
            "imagee": "typo"}}}})");
        const Composition &c = cs.first();
        QStringList found;
        for (const Unrepresentable &u : c.unrepresentable)
            found.append(u.field + u'=' + u.kind);
        found.sort();
        QCOMPARE(found, (QStringList{QStringLiteral("app.services.web.healthcheck=function"),
                                     QStringLiteral("app.services.web.image=derivation"),
                                     QStringLiteral("app.services.web.imagee=unknown-field")}));
        QVERIFY(c.services.first().image().isEmpty()); // never turned into a string
    }

    void roundTrip()
    {
        const auto first = load(R"({"app": {
            "volumes": {"data": {"driver": "local", "labels": {"a": "b"}}},
            "secrets": {"pw": {"file": "/run/pw"}},
            "networks": {"n": {"internal": true, "name": "custom", "ipam": {"driver": "default",
                          "config": [{"subnet": "10.0.0.0/24", "auxAddresses": {"h": "10.0.0.5"}}]}}},
            "services": {"web": {"image": "nginx", "ports": ["80:80"], "cmd": "a b", "ulimits": {"nofile": 5,
                                 "nproc": {"soft": 1, "hard": 2}},
                                 "restart": "always", "user": "1000", "dependsOn": {"db": {"condition": "service_healthy"}},
                                 "environment": {"A": "1"}, "volumes": ["data:/d"], "containerName": "w",
                                 "secrets": ["pw", {"source": "pw", "target": "x"}]},
                         "db": {"image": "pg", "healthcheck": {"test": ["CMD", "true"], "retries": 3}}}}})");
        QVERIFY(!first.isEmpty());
        const auto second = compositionsFromJson(compositionsToJson(first));
        QVERIFY(second.ok());
        QCOMPARE(second.value(), first);
        QCOMPARE(second.value().first().services.last().spec.value(u"user").toString(),
                 QStringLiteral("1000"));
    }
};

QTEST_GUILESS_MAIN(TestCompositionJson)
#include "tst_compositionjson.moc"
