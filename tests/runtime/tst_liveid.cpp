// LiveId owns the live-id format: every form parses back to what printed it,
// anything else is refused, and it maps to and from the Document's EntityRef.

#include <QTest>

#include "liveid.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestLiveId : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void format_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("composition");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("text");
        QTest::newRow("composition") << int(ItemKind::Composition) << u"paperless"_s
                                     << u"paperless"_s << u"composition/paperless"_s;
        QTest::newRow("service") << int(ItemKind::Service) << u"paperless"_s << u"db"_s
                                 << u"service/paperless/db"_s;
        QTest::newRow("network") << int(ItemKind::Network) << u"caddy"_s << u"proxy_net"_s
                                 << u"network/caddy/proxy_net"_s;
        QTest::newRow("volume") << int(ItemKind::Volume) << u"paperless"_s << u"pg.data-1"_s
                                << u"volume/paperless/pg.data-1"_s;
    }

    void format()
    {
        QFETCH(int, kind);
        QFETCH(QString, composition);
        QFETCH(QString, name);
        QFETCH(QString, text);
        const LiveId id = LiveId::of(ItemKind(kind), composition, name);
        QVERIFY(id.isValid());
        QCOMPARE(id.toString(), text);
        QCOMPARE(int(id.kind()), kind);
        QCOMPARE(id.composition(), composition);
        QCOMPARE(id.name(), name);

        const std::optional<LiveId> parsed = LiveId::parse(text);
        QVERIFY(parsed);
        QCOMPARE(*parsed, id);
        QCOMPARE(parsed->toString(), text);

        // The Document's entity and back.
        const EntityRef ref = id.toEntityRef();
        QCOMPARE(ref.composition, composition);
        QCOMPARE(LiveId::of(ref), id);
    }

    void namedConstructors()
    {
        QCOMPARE(LiveId::composition(u"c"_s).toString(), u"composition/c"_s);
        QCOMPARE(LiveId::service(u"c"_s, u"s"_s).toString(), u"service/c/s"_s);
        QCOMPARE(LiveId::network(u"c"_s, u"n"_s).toString(), u"network/c/n"_s);
        QCOMPARE(LiveId::volume(u"c"_s, u"v"_s).toString(), u"volume/c/v"_s);
        QCOMPARE(LiveId::service(u"c"_s, u"s"_s).toEntityRef(), EntityRef::service(u"c"_s, u"s"_s));
        QCOMPARE(LiveId::composition(u"c"_s).toEntityRef(), EntityRef::compositionRef(u"c"_s));
    }

    void refused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("kind only") << u"service"_s;
        QTest::newRow("unknown kind") << u"secret/c/s"_s;
        QTest::newRow("service without name") << u"service/c"_s;
        QTest::newRow("empty name") << u"service/c/"_s;
        QTest::newRow("empty composition") << u"network//n"_s;
        QTest::newRow("composition with name") << u"composition/c/x"_s;
        QTest::newRow("too many parts") << u"volume/c/v/w"_s;
        QTest::newRow("case matters") << u"Service/c/s"_s;
    }

    void refused()
    {
        QFETCH(QString, text);
        QVERIFY(!LiveId::parse(text));
    }

    void invalid()
    {
        // A secret has no live item; neither has an empty selection.
        QVERIFY(!LiveId::of(EntityRef::secret(u"c"_s, u"token"_s)).isValid());
        QVERIFY(!LiveId::of(EntityRef{}).isValid());
        QCOMPARE(LiveId().toString(), QString());
        QCOMPARE(LiveId().toEntityRef(), EntityRef{});
    }
};

QTEST_GUILESS_MAIN(TestLiveId)
#include "tst_liveid.moc"
