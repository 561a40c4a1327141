// formatCompositionsTable: the human table of `khepri show`, compared with a
// golden file; and the stable JSON shape.

#include <QFile>
#include <QJsonArray>
#include <QTest>

#include "report.h"

using namespace khepri;

namespace {
QList<Composition> sample()
{
    Composition c;
    c.name = QStringLiteral("shop");
    Service db{QStringLiteral("db"),
               QJsonObject{{QStringLiteral("image"), QStringLiteral("postgres:16")}}};
    Service web{QStringLiteral("web"),
                QJsonObject{{QStringLiteral("image"), QStringLiteral("nginx:1.27")},
                            {QStringLiteral("ports"), QJsonArray{QStringLiteral("80:80/tcp"),
                                                                 QStringLiteral("443:443/tcp")}},
                            {QStringLiteral("dependsOn"),
                             QJsonObject{{QStringLiteral("db"),
                                          QJsonObject{{QStringLiteral("condition"),
                                                       QStringLiteral("service_healthy")}}}}}}};
    c.services = {db, web};
    c.networks = {
        Network{QStringLiteral("front"), QJsonObject{{QStringLiteral("external"), true}}}};
    c.volumes = {Volume{QStringLiteral("pg"),
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("shop-pg")}}}};
    c.unrepresentable = {{QStringLiteral("shop.services.web.healthcheck"),
                          QStringLiteral("function"), QStringLiteral("a function")}};
    return {c};
}
} // namespace

class TestReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void table()
    {
        const QString expected =
            QStringLiteral("Composition shop\n"
                           " Services\n"
                           "  NAME  IMAGE        PORTS                   DEPENDS ON\n"
                           "  db    postgres:16  -                       -\n"
                           "  web   nginx:1.27   80:80/tcp, 443:443/tcp  db (service_healthy)\n"
                           " Networks\n"
                           "  NAME   KIND      DOCKER NAME  DRIVER\n"
                           "  front  external  -            -\n"
                           " Volumes\n"
                           "  NAME  KIND  DOCKER NAME  DRIVER\n"
                           "  pg    -     shop-pg      -\n"
                           " Note: shop.services.web.healthcheck is a function (a function); "
                           "khepri shows it but cannot edit it\n");
        QCOMPARE(formatCompositionsTable(sample()), expected);
    }

    void empty()
    {
        QCOMPARE(formatCompositionsTable({}), QStringLiteral("No compositions defined.\n"));
    }

    void json()
    {
        const QJsonObject root = compositionsReportJson(sample());
        const QJsonObject web = root[u"compositions"][u"shop"][u"services"][u"web"].toObject();
        QCOMPARE(web[u"image"].toString(), QStringLiteral("nginx:1.27"));
        QCOMPARE(web[u"ports"].toArray().size(), 2);
        QCOMPARE(web[u"dependsOn"][u"db"].toString(), QStringLiteral("service_healthy"));
        QCOMPARE(root[u"compositions"][u"shop"][u"volumes"][u"pg"][u"name"].toString(),
                 QStringLiteral("shop-pg"));
    }
};

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
