// validate(): one case per check, each asserting the message; and for every
// case, the same message comes out of the module's own translator (run by the
// real nix), so the console and the module cannot drift apart.

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include "compositionjson.h"
#include "translator.h"
#include "validator.h"

using namespace khepri;

class TestValidator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void checks_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("warning");

        QTest::newRow("unknown network")
            << QByteArray(R"({"a": {"services": {"web": {"image": "x", "networks": ["nope"]}}}})")
            << QStringLiteral("unknown-network")
            << QStringLiteral("khepri.compositions.a.services.web: network \"nope\" is not defined "
                              "in khepri.compositions.a.networks")
            << false;
        QTest::newRow("unknown volume")
            << QByteArray(R"({"a": {"services": {"web": {"image": "x", "volumes": ["data:/d"]}}}})")
            << QStringLiteral("unknown-volume")
            << QStringLiteral("khepri.compositions.a.services.web: volume \"data\" (in "
                              "\"data:/d\") is not defined in khepri.compositions.a.volumes; "
                              "declare it there, or use an absolute path for a bind mount")
            << false;
        QTest::newRow("unknown secret")
            << QByteArray(R"({"a": {"services": {"web": {"image": "x", "secrets": ["pw"]}}}})")
            << QStringLiteral("unknown-secret")
            << QStringLiteral("khepri.compositions.a.services.web: secret \"pw\" is not defined in "
                              "khepri.compositions.a.secrets")
            << false;
        QTest::newRow("unknown dependency")
            << QByteArray(R"({"a": {"services": {"web": {"image": "x", "dependsOn": ["db"]}}}})")
            << QStringLiteral("unknown-service")
            << QStringLiteral("khepri.compositions.a.services.web: dependsOn references service "
                              "\"db\", which is not defined in khepri.compositions.a.services")
            << false;
        QTest::newRow("cycle") << QByteArray(
            R"({"a": {"services": {"x": {"image": "x", "dependsOn": ["y"]}, "y": {"image": "y", "dependsOn": ["x"]}}}})")
                               << QStringLiteral("dependency-cycle")
                               << QStringLiteral(
                                      "khepri.compositions.a.services.x: dependsOn cycle: services "
                                      "\"x\", \"y\" of composition a depend on each other")
                               << false;
        QTest::newRow("self cycle")
            << QByteArray(R"({"a": {"services": {"x": {"image": "x", "dependsOn": ["x"]}}}})")
            << QStringLiteral("dependency-cycle")
            << QStringLiteral("khepri.compositions.a.services.x: dependsOn cycle: service \"x\" "
                              "depends on itself")
            << false;
        QTest::newRow("duplicate container") << QByteArray(
            R"({"a": {"services": {"x": {"image": "x", "containerName": "same"}}}, "b": {"services": {"y": {"image": "y", "containerName": "same"}}}})")
                                             << QStringLiteral("duplicate-container")
                                             << QStringLiteral("container name \"same\" is used by "
                                                               "more than one service: "
                                                               "khepri.compositions.a.services.x, "
                                                               "khepri.compositions.b.services.y")
                                             << false;
        QTest::newRow("duplicate port") << QByteArray(
            R"({"a": {"services": {"x": {"image": "x", "ports": ["8080:80"]}, "y": {"image": "y", "ports": ["127.0.0.1:8080:81/tcp"]}}}})")
                                        << QStringLiteral("duplicate-port")
                                        << QStringLiteral(
                                               "host address 127.0.0.1:8080/tcp is published more "
                                               "than once: khepri.compositions.a.services.x "
                                               "(\"8080:80\"), khepri.compositions.a.services.y "
                                               "(\"127.0.0.1:8080:81/tcp\")")
                                        << false;
        QTest::newRow("duplicate IPv6 port, spelled differently") << QByteArray(
            R"({"a": {"services": {"x": {"image": "x", "ports": [{"target": 80, "published": 8080, "hostIp": "::1"}, "[2001:db8::1]:8080:80"]}, "y": {"image": "y", "ports": ["::0001:8080:81"]}}}})")
                                                                  << QStringLiteral(
                                                                         "duplicate-port")
                                                                  << QStringLiteral(
                                                                         "host address "
                                                                         "[::1]:8080/tcp "
                                                                         "is published more than "
                                                                         "once: "
                                                                         "khepri.compositions.a."
                                                                         "services.x "
                                                                         "(\"[::1]:8080:80/tcp\"), "
                                                                         "khepri.compositions.a."
                                                                         "services.y "
                                                                         "(\"::0001:8080:81\")")
                                                                  << false;
        QTest::newRow("incomplete login") << QByteArray(
            R"({"a": {"services": {"web": {"image": "x", "login": {"username": "u", "passwordFile": "/run/pw"}}}}})")
                                          << QStringLiteral("incomplete-login")
                                          << QStringLiteral(
                                                 "khepri.compositions.a.services.web: "
                                                 "login.registry is not set; oci-containers "
                                                 "logs in only when login.username, "
                                                 "login.passwordFile and login.registry (such "
                                                 "as \"docker.io\" or \"ghcr.io\") are all set, "
                                                 "and otherwise pulls without "
                                                 "logging in")
                                          << false;
        QTest::newRow("unclosed quote in cmd")
            << QByteArray(
                   R"({"a": {"services": {"db": {"image": "x", "cmd": "postgres -c 'a=b"}}}})")
            << QStringLiteral("unsplittable-command")
            << QStringLiteral("khepri.compositions.a.services.db: cmd \"postgres -c 'a=b\" cannot "
                              "be split into words: a quote is not closed or it ends in a "
                              "backslash; close the quote, or give cmd as a list")
            << false;
        QTest::newRow("completed and healthy") << QByteArray(
            R"({"a": {"services": {"m": {"image": "x", "healthcheck": {"test": "true"}}, "w": {"image": "x", "dependsOn": {"m": {"condition": "service_completed_successfully"}}}, "v": {"image": "x", "dependsOn": {"m": {"condition": "service_healthy"}}}}}})")
                                               << QStringLiteral("completed-and-healthy")
                                               << QStringLiteral(
                                                      "khepri.compositions.a.services.m: services "
                                                      "wait for it both to complete "
                                                      "(service_completed_successfully: \"w\") "
                                                      "and to be healthy (service_healthy: "
                                                      "\"v\"); a container cannot exit and stay "
                                                      "up: make every dependsOn.m.condition the "
                                                      "same")
                                               << false;
        QTest::newRow("invalid composition name")
            << QByteArray(R"({"Bad Name": {}})") << QStringLiteral("invalid-name")
            << QStringLiteral(
                   "khepri.compositions.Bad Name: invalid composition name \"Bad Name\": use "
                   "lowercase letters, digits, \"_\" and \"-\", starting with a letter or digit")
            << false;
        QTest::newRow("invalid service key")
            << QByteArray(R"({"a": {"services": {"-x": {"image": "x"}}}})")
            << QStringLiteral("invalid-name")
            << QStringLiteral(
                   "khepri.compositions.a.services.-x: invalid service key \"-x\": use letters, "
                   "digits, \"_\", \".\" and \"-\", starting with a letter or digit")
            << false;
        QTest::newRow("healthy without healthcheck") << QByteArray(
            R"({"a": {"services": {"web": {"image": "x", "dependsOn": {"db": {"condition": "service_healthy"}}}, "db": {"image": "pg"}}}})")
                                                     << QStringLiteral(
                                                            "healthy-without-healthcheck")
                                                     << QStringLiteral(
                                                            "khepri.compositions.a.services.web: "
                                                            "dependsOn.db.condition is "
                                                            "\"service_healthy\", but service "
                                                            "\"db\" has no healthcheck; add "
                                                            "khepri.compositions.a.services.db."
                                                            "healthcheck or use "
                                                            "\"service_started\"")
                                                     << false;
        QTest::newRow("networkMode with networks") << QByteArray(
            R"({"a": {"networks": ["n"], "services": {"web": {"image": "x", "networkMode": "host", "networks": ["n"]}}}})")
                                                   << QStringLiteral("network-mode-with-networks")
                                                   << QStringLiteral(
                                                          "khepri.compositions.a.services.web: "
                                                          "networkMode \"host\" cannot be combined "
                                                          "with networks; remove one of them")
                                                   << false;
        QTest::newRow("no image") << QByteArray(R"({"a": {"services": {"web": {"user": "1"}}}})")
                                  << QStringLiteral("no-image")
                                  << QStringLiteral(
                                         "khepri.compositions.a.services.web: no image: set image "
                                         "to an image reference or a dockerTools image")
                                  << false;
        QTest::newRow("secret in environment") << QByteArray(
            R"({"a": {"services": {"web": {"image": "x", "environment": {"DB_PASSWORD": "hunter2", "DB_PASSWORD_FILE": "/run/pw"}}}}})")
                                               << QStringLiteral("secret-in-store")
                                               << QStringLiteral(
                                                      "khepri.compositions.a.services.web: "
                                                      "environment variable DB_PASSWORD looks like "
                                                      "a secret; its value is written to the "
                                                      "world-readable Nix store. Pass it with "
                                                      "environmentFiles or secrets instead.")
                                               << true;
    }

    void checks()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, code);
        QFETCH(QString, message);
        QFETCH(bool, warning);
        const auto compositions = compositionsFromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(compositions.ok());
        const QList<Diagnostic> found = validate(compositions.value());
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().code, code);
        QCOMPARE(found.first().message, message);
        QCOMPARE(found.first().severity,
                 warning ? Diagnostic::Severity::Warning : Diagnostic::Severity::Error);

        // The module says the same.
        Translator translator;
        QSignalSpy spy(&translator, &Translator::finished);
        translator.run(compositions.value());
        QVERIFY(spy.wait(60000));
        const auto t = spy.first().first().value<Result<Translation>>();
        QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().toString()));
        const QStringList &fromModule = warning ? t.value().warnings : t.value().assertions;
        QVERIFY2(fromModule.contains(message), qPrintable(fromModule.join(u'\n')));
    }

    void demoIsClean()
    {
        const auto compositions =
            compositionsFromJson(QJsonDocument::fromJson(R"({"a": {"networks": {"n": {}},
            "volumes": ["data"], "services": {"web": {"image": "x", "networks": ["n"], "volumes": ["data:/d", "/etc/x:/x:ro"],
            "ports": ["80:80", "443:443/tcp", "443:443/udp", "[::1]:8080:80", "127.0.0.1:8080:80"],
            "cmd": "sh -c 'echo \\\"hi\\\"'", "login": {"username": "u", "passwordFile": "/p", "registry": "r"}}}}})")
                                     .object());
        QVERIFY(compositions.ok());
        QCOMPARE(validate(compositions.value()), QList<Diagnostic>{});
    }
};

QTEST_GUILESS_MAIN(TestValidator)
#include "tst_validator.moc"
