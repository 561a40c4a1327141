// Manifest: the JSON of NIXOS-MODULE.md parses into names and units; a wrong
// version or shape is an error that says where.

#include <QTest>

#include "manifest.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {
// The example of NIXOS-MODULE.md, "The manifest".
const QByteArray kExample = R"({
  "version": 1,
  "backend": "docker",
  "compositions": {
    "paperless": {
      "target": "khepri-paperless.target",
      "services": {
        "webserver": {
          "container": "paperless_web",
          "unit": "docker-paperless_web.service",
          "image": "ghcr.io/paperless-ngx/paperless-ngx:latest",
          "dependsOn": { "db": "service_started", "broker": "service_started" },
          "networks": [ "paperless_paperless", "proxy_net" ],
          "volumes": [ "paperless_documents", "paperless_data" ],
          "ports": [ "8000:8000/tcp" ],
          "restart": "unless-stopped",
          "autoStart": true
        }
      },
      "networks": {
        "paperless": { "name": "paperless_paperless", "unit": "docker-network-paperless_paperless.service", "external": false },
        "proxy_net": { "name": "proxy_net", "unit": null, "external": true }
      },
      "volumes": {
        "data": { "name": "paperless_data", "unit": "docker-volume-paperless_data.service", "external": false }
      }
    }
  }
})";
} // namespace

class TestManifest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void example()
    {
        const Result<Manifest> m = Manifest::fromJsonBytes(kExample, u"manifest.json"_s);
        QVERIFY2(m.ok(), qPrintable(m ? QString() : m.error().toString()));
        const Manifest &v = m.value();
        QCOMPARE(v.backend, u"docker"_s);
        const ManifestComposition &c = v.compositions.value(u"paperless"_s);
        QCOMPARE(c.target, u"khepri-paperless.target"_s);
        const ManifestService &s = c.services.value(u"webserver"_s);
        QCOMPARE(s.container, u"paperless_web"_s);
        QCOMPARE(s.unit, u"docker-paperless_web.service"_s);
        QCOMPARE(s.dependsOn.value(u"db"_s), u"service_started"_s);
        QCOMPARE(s.networks, (QStringList{u"paperless_paperless"_s, u"proxy_net"_s}));
        QCOMPARE(s.ports, QStringList{u"8000:8000/tcp"_s});
        QCOMPARE(s.restart, u"unless-stopped"_s);
        QVERIFY(s.autoStart);
        QVERIFY(c.networks.value(u"proxy_net"_s).external);
        QVERIFY(c.networks.value(u"proxy_net"_s).unit.isEmpty());
        QCOMPARE(c.volumes.value(u"data"_s).name, u"paperless_data"_s);
        QCOMPARE(v.units(), (QStringList{u"docker-network-paperless_paperless.service"_s,
                                         u"docker-paperless_web.service"_s,
                                         u"docker-volume-paperless_data.service"_s,
                                         u"khepri-paperless.target"_s}));
        QCOMPARE(v.containers(), QStringList{u"paperless_web"_s});
        // Round trip.
        const Result<Manifest> again = Manifest::fromJson(v.toJson());
        QVERIFY(again.ok());
        QVERIFY(again.value() == v);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("text");
        QTest::newRow("not json") << QByteArray("{") << ErrorCode::Manifest << u"not valid JSON"_s;
        QTest::newRow("array") << QByteArray("[]") << ErrorCode::Manifest << u"not a JSON object"_s;
        QTest::newRow("version 2") << QByteArray(R"({"version":2,"compositions":{}})")
                                   << ErrorCode::ManifestVersion << u"version 2"_s;
        QTest::newRow("no version")
            << QByteArray(R"({"compositions":{}})") << ErrorCode::Manifest << u"version"_s;
        QTest::newRow("service without unit") << QByteArray(
            R"({"version":1,"compositions":{"a":{"target":"t","services":{"s":{"container":"c"}}}}})")
                                              << ErrorCode::Manifest
                                              << u"compositions.a.services.s.unit"_s;
        QTest::newRow("ports not a list") << QByteArray(
            R"({"version":1,"compositions":{"a":{"target":"t","services":{"s":{"container":"c","unit":"u","ports":"80"}}}}})")
                                          << ErrorCode::Manifest
                                          << u"compositions.a.services.s.ports"_s;
    }
    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(ErrorCode, code);
        QFETCH(QString, text);
        const Result<Manifest> m = Manifest::fromJsonBytes(json, u"m.json"_s);
        QVERIFY(!m.ok());
        QCOMPARE(m.error().code, code);
        QVERIFY2(m.error().message.contains(text), qPrintable(m.error().message));
        QCOMPARE(m.error().file, u"m.json"_s);
    }

    void missingFile()
    {
        const Result<Manifest> m = Manifest::load(u"/nonexistent/manifest.json"_s);
        QVERIFY(!m.ok());
        QCOMPARE(m.error().code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestManifest)
#include "tst_manifest.moc"
