// EnumNames: every value's name parses back to the value; an alias parses but
// is never the name; a name the table lacks (or spelled in another case) is
// no value; a value the table lacks has no name. The completeness checks
// used in static_asserts next to the tables are themselves checked here.

#include <QTest>

#include "dockertypes.h"
#include "enumnames.h"
#include "livestatus.h"
#include "rebuildtypes.h"
#include "result.h"

using namespace Qt::StringLiterals;
using namespace khepri;

namespace {

enum class Colour { Red, Green, Blue, Unnamed };

constexpr auto colours = makeEnumNames<Colour>({
    {Colour::Red, u"red"},
    {Colour::Green, u"green"},
    {Colour::Blue, u"blue"},
    {Colour::Red, u"crimson"}, // alias: parsed, never printed
});

// Out of enum order, so name() cannot take the indexed shortcut.
constexpr auto shuffled = makeEnumNames<Colour>({
    {Colour::Blue, u"blue"},
    {Colour::Red, u"red"},
});

constexpr auto twice = makeEnumNames<Colour>({
    {Colour::Red, u"red"},
    {Colour::Green, u"red"},
});

} // namespace

class TestEnumNames : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        for (Colour c : {Colour::Red, Colour::Green, Colour::Blue}) {
            const QString name = colours.name(c);
            QVERIFY(!name.isEmpty());
            QCOMPARE(colours.value(name), std::optional<Colour>(c));
        }
        QCOMPARE(colours.name(Colour::Green), u"green"_s);
        QCOMPARE(shuffled.name(Colour::Red), u"red"_s);
        QCOMPARE(shuffled.name(Colour::Blue), u"blue"_s);
    }

    void aliasParsesButIsNotTheName()
    {
        QCOMPARE(colours.value(u"crimson"), std::optional<Colour>(Colour::Red));
        QCOMPARE(colours.name(Colour::Red), u"red"_s);
    }

    void unknownNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("absent") << u"mauve"_s;
        QTest::newRow("empty") << QString();
        QTest::newRow("other case") << u"Red"_s;
        QTest::newRow("prefix") << u"re"_s;
        QTest::newRow("longer") << u"redd"_s;
        QTest::newRow("trailing space") << u"red "_s;
    }
    void unknownNames()
    {
        QFETCH(QString, name);
        QCOMPARE(colours.value(name), std::nullopt);
    }

    void unnamedValueHasNoName()
    {
        QVERIFY(colours.name(Colour::Unnamed).isEmpty());
        QVERIFY(shuffled.name(Colour::Green).isEmpty());
    }

    void completenessChecks()
    {
        QVERIFY(colours.coversValuesBelow(3));
        QVERIFY(!colours.coversValuesBelow(4)); // Unnamed
        QVERIFY(!shuffled.coversValuesBelow(3));
        QVERIFY(colours.namesAreUnique());
        QVERIFY(!twice.namesAreUnique());
        QCOMPARE(colours.size(), std::size_t(4));
    }

    // The tables the program uses: names unchanged, parse inverts name.
    void programTables()
    {
        QCOMPARE(liveStatusName(LiveStatus::Unknown), u"unknown"_s);
        QCOMPARE(liveStatusName(LiveStatus::Restarting), u"restarting"_s);
        QCOMPARE(containerStatusName(ContainerStatus::Exited), u"exited"_s);
        QCOMPARE(parseContainerStatus(u"configured"), ContainerStatus::Exited); // Podman alias
        QCOMPARE(parseContainerStatus(u"nonsense"), ContainerStatus::Unknown);
        QCOMPARE(healthStatusName(HealthStatus::None), u"none"_s);
        QCOMPARE(parseRebuildAction(u"dry-activate"_s), std::optional(RebuildAction::DryActivate));
        QCOMPARE(parseRebuildAction(u"Switch"_s), std::nullopt);
        QCOMPARE(rebuildPhaseName(RebuildPhase::Cancelled), u"cancelled"_s);
        QCOMPARE(driftNames(DriftFlag::NotDeployed | DriftFlag::ImageDiffers),
                 QStringList({u"not-deployed"_s, u"image-differs"_s}));
    }
};

QTEST_GUILESS_MAIN(TestEnumNames)
#include "tst_enumnames.moc"
