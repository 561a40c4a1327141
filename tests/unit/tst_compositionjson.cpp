// compositionsFromJson / compositionsToJson: short and long forms, shape
// errors with the path of the offending field, unrepresentable markers, and
// a lossless round trip.

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
} // namespace

class TestCompositionJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shortForms()
    {
        const auto r = compositionsFromJson(json(R"({"app": {
            "volumes": ["b", "a"],
            "networks": {"proxy": {"external": true}},
            "services": {"web": {"image": "nginx", "networks": ["proxy"], "dependsOn": ["db"],
                                 "environment": {"N": 1, "B": true, "S": "x"}},
                         "db": {"image": "postgres"}}}})"));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        const Composition &c = r.value().first();
        QCOMPARE(c.name, QStringLiteral("app"));
        QCOMPARE(c.services.size(), 2);
        QCOMPARE(c.services.first().name, QStringLiteral("db")); // sorted
        const Service *web = c.service(QStringLiteral("web"));
        QVERIFY(web);
        QCOMPARE(web->dependsOn,
                 (QList<Dependency>{{QStringLiteral("db"), DependencyCondition::Started}}));
        QCOMPARE(web->networks, QStringList{QStringLiteral("proxy")});
        QCOMPARE(web->environment.value(QStringLiteral("N")), QStringLiteral("1"));
        QCOMPARE(web->environment.value(QStringLiteral("B")), QStringLiteral("true"));
        QCOMPARE(c.volumes.size(), 2);
        QCOMPARE(c.volumes.first().name, QStringLiteral("a"));
        QVERIFY(c.networks.first().external);
    }

    void longForms()
    {
        const auto r = compositionsFromJson(json(R"({"app": {"services": {"web": {
            "image": "nginx",
            "networks": {"front": {"aliases": ["www"]}},
            "dependsOn": {"db": {"condition": "service_healthy"},
                          "init": {"condition": "service_completed_successfully"}}}}}})"));
        QVERIFY(r.ok());
        const Service &web = r.value().first().services.first();
        QCOMPARE(web.networks, QStringList{QStringLiteral("front")});
        QCOMPARE(web.dependsOn.size(), 2);
        QCOMPARE(web.dependsOn.at(0).condition, DependencyCondition::Healthy);
        QCOMPARE(web.dependsOn.at(1).condition, DependencyCondition::CompletedSuccessfully);
    }

    void shapeErrors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("message");
        QTest::newRow("composition not a set")
            << QByteArray(R"({"app": 3})") << QStringLiteral("app: expected an attribute set");
        QTest::newRow("ports not a list")
            << QByteArray(R"({"app": {"services": {"web": {"ports": "80:80"}}}})")
            << QStringLiteral("app.services.web.ports: expected a list of strings");
        QTest::newRow("port not a string")
            << QByteArray(R"({"app": {"services": {"web": {"ports": [80]}}}})")
            << QStringLiteral("app.services.web.ports[0]: expected a string");
        QTest::newRow("bad condition") << QByteArray(
            R"({"app": {"services": {"web": {"dependsOn": {"db": {"condition": "soon"}}}}}})")
                                       << QStringLiteral("app.services.web.dependsOn.db.condition: "
                                                         "unknown condition \"soon\" (expected "
                                                         "service_started, service_healthy or "
                                                         "service_completed_successfully)");
        QTest::newRow("external not bool")
            << QByteArray(R"({"app": {"networks": {"n": {"external": "yes"}}}})")
            << QStringLiteral("app.networks.n.external: expected true or false");
    }

    void shapeErrors()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, message);
        const auto r = compositionsFromJson(QJsonDocument::fromJson(input).object());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, message);
        QCOMPARE(r.error().code, QStringLiteral("shape"));
    }

    void markersRecorded()
    {
        const auto r = compositionsFromJson(json(R"({"app": {"services": {"web": {
            "image": {"__khepri": "derivation", "detail": "docker-image-web.tar.gz", "imageName": "web"},
            "healthcheck": {"__khepri": "function", "detail": "a function"}}}}})"));
        QVERIFY(r.ok());
        const Composition &c = r.value().first();
        QCOMPARE(c.unrepresentable.size(), 2);
        QCOMPARE(c.unrepresentable.at(0).field, QStringLiteral("app.services.web.image"));
        QCOMPARE(c.unrepresentable.at(0).kind, QStringLiteral("derivation"));
        QCOMPARE(c.unrepresentable.at(1).field, QStringLiteral("app.services.web.healthcheck"));
        QVERIFY(c.services.first().image.isEmpty()); // never turned into a string
    }

    void roundTrip()
    {
        const auto first = compositionsFromJson(json(R"({"app": {
            "volumes": {"data": {"driver": "local", "labels": {"a": "b"}}},
            "networks": {"n": {"internal": true, "name": "custom", "ipam": {"driver": "default"}}},
            "services": {"web": {"image": "nginx", "ports": ["80:80"], "cmd": ["a", "b"],
                                 "restart": "always", "user": "1000", "dependsOn": {"db": {"condition": "service_healthy"}},
                                 "environment": {"A": "1"}, "volumes": ["data:/d"], "containerName": "w"},
                         "db": {"image": "pg", "healthcheck": {"test": ["CMD", "true"]}}}}})"));
        QVERIFY(first.ok());
        const auto second = compositionsFromJson(compositionsToJson(first.value()));
        QVERIFY(second.ok());
        QCOMPARE(second.value(), first.value());
        QCOMPARE(second.value().first().services.last().extra.value(u"user").toString(),
                 QStringLiteral("1000"));
    }
};

QTEST_GUILESS_MAIN(TestCompositionJson)
#include "tst_compositionjson.moc"
