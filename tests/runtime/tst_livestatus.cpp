// The join rules (livestatus.h): a unit and a container judged together, and
// what happens when one source is unreachable.

#include <QTest>

#include "livestatus.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {
UnitState unit(LoadState load, ActiveState active, const QString &sub)
{
    UnitState u;
    u.load = load;
    u.active = active;
    u.subState = sub;
    return u;
}
ContainerState container(ContainerStatus status, HealthStatus health = HealthStatus::None)
{
    ContainerState c;
    c.status = status;
    c.health = health;
    return c;
}
const auto kActive = unit(LoadState::Loaded, ActiveState::Active, u"running"_s);
} // namespace

using OptUnit = std::optional<UnitState>;
using OptContainer = std::optional<ContainerState>;
Q_DECLARE_METATYPE(OptUnit)
Q_DECLARE_METATYPE(OptContainer)
Q_DECLARE_METATYPE(khepri::LiveStatus)

class TestLiveStatus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void service_data()
    {
        QTest::addColumn<OptUnit>("u");
        QTest::addColumn<OptContainer>("c");
        QTest::addColumn<bool>("systemdKnown");
        QTest::addColumn<bool>("dockerKnown");
        QTest::addColumn<LiveStatus>("expected");
        const OptContainer none;
        QTest::newRow("running") << OptUnit(kActive)
                                 << OptContainer(container(ContainerStatus::Running)) << true
                                 << true << LiveStatus::Running;
        QTest::newRow("healthy") << OptUnit(
            kActive) << OptContainer(container(ContainerStatus::Running, HealthStatus::Healthy))
                                 << true << true << LiveStatus::Healthy;
        QTest::newRow("unhealthy")
            << OptUnit(kActive)
            << OptContainer(container(ContainerStatus::Running, HealthStatus::Unhealthy)) << true
            << true << LiveStatus::Unhealthy;
        QTest::newRow("health starting")
            << OptUnit(kActive)
            << OptContainer(container(ContainerStatus::Running, HealthStatus::Starting)) << true
            << true << LiveStatus::Starting;
        QTest::newRow("unit active, no container yet")
            << OptUnit(kActive) << none << true << true << LiveStatus::Starting;
        QTest::newRow("auto-restart")
            << OptUnit(unit(LoadState::Loaded, ActiveState::Activating, u"auto-restart"_s)) << none
            << true << true << LiveStatus::Restarting;
        QTest::newRow("failed") << OptUnit(
            unit(LoadState::Loaded, ActiveState::Failed, u"failed"_s))
                                << none << true << true << LiveStatus::Failed;
        QTest::newRow("stopped") << OptUnit(
            unit(LoadState::Loaded, ActiveState::Inactive, u"dead"_s))
                                 << none << true << true << LiveStatus::Stopped;
        QTest::newRow("missing unit")
            << OptUnit(unit(LoadState::NotFound, ActiveState::Inactive, u"dead"_s)) << none << true
            << true << LiveStatus::Missing;
        QTest::newRow("unit missing but container runs")
            << OptUnit(unit(LoadState::NotFound, ActiveState::Inactive, u"dead"_s))
            << OptContainer(container(ContainerStatus::Running)) << true << true
            << LiveStatus::Running;
        QTest::newRow("docker restarting")
            << OptUnit(kActive) << OptContainer(container(ContainerStatus::Restarting)) << true
            << true << LiveStatus::Restarting;
        QTest::newRow("docker down: trust systemd")
            << OptUnit(kActive) << none << true << false << LiveStatus::Running;
        QTest::newRow("systemd down: container runs")
            << OptUnit() << OptContainer(container(ContainerStatus::Running)) << false << true
            << LiveStatus::Running;
        QTest::newRow("systemd down: no container")
            << OptUnit() << none << false << true << LiveStatus::Stopped;
        QTest::newRow("nothing known")
            << OptUnit(kActive) << none << false << false << LiveStatus::Unknown;
        QTest::newRow("stale data from an unknown source is ignored")
            << OptUnit(unit(LoadState::Loaded, ActiveState::Failed, u"failed"_s))
            << OptContainer(container(ContainerStatus::Running)) << false << true
            << LiveStatus::Running;
    }
    void service()
    {
        QFETCH(OptUnit, u);
        QFETCH(OptContainer, c);
        QFETCH(bool, systemdKnown);
        QFETCH(bool, dockerKnown);
        QFETCH(LiveStatus, expected);
        QCOMPARE(liveStatusName(serviceStatus(u, c, systemdKnown, dockerKnown)),
                 liveStatusName(expected));
    }

    void resources()
    {
        const auto active = unit(LoadState::Loaded, ActiveState::Active, u"exited"_s);
        const auto inactive = unit(LoadState::Loaded, ActiveState::Inactive, u"dead"_s);
        QCOMPARE(resourceStatus(active, true, true, true, true), LiveStatus::Running);
        QCOMPARE(resourceStatus(active, true, false, true, true), LiveStatus::Missing);
        QCOMPARE(resourceStatus(inactive, true, false, true, true), LiveStatus::Stopped);
        QCOMPARE(resourceStatus(std::nullopt, false, true, true, true), LiveStatus::Running);
        QCOMPARE(resourceStatus(std::nullopt, false, false, true, true), LiveStatus::Missing);
        QCOMPARE(resourceStatus(std::nullopt, false, false, true, false), LiveStatus::Unknown);
        QCOMPARE(resourceStatus(active, true, false, true, false), LiveStatus::Running);
    }

    void composition()
    {
        const auto target = unit(LoadState::Loaded, ActiveState::Active, u"active"_s);
        QCOMPARE(compositionStatus(target, {LiveStatus::Healthy, LiveStatus::Healthy}, true),
                 LiveStatus::Healthy);
        QCOMPARE(compositionStatus(target, {LiveStatus::Healthy, LiveStatus::Running}, true),
                 LiveStatus::Running);
        QCOMPARE(compositionStatus(target, {LiveStatus::Running, LiveStatus::Unhealthy}, true),
                 LiveStatus::Unhealthy);
        QCOMPARE(compositionStatus(target, {LiveStatus::Stopped, LiveStatus::Failed}, true),
                 LiveStatus::Failed);
        QCOMPARE(compositionStatus(target, {LiveStatus::Running, LiveStatus::Stopped}, true),
                 LiveStatus::Stopped);
        QCOMPARE(compositionStatus(unit(LoadState::NotFound, ActiveState::Inactive, u"dead"_s), {},
                                   true),
                 LiveStatus::Missing);
    }

    void drift()
    {
        QCOMPARE(driftNames(DriftFlag::NotDeployed | DriftFlag::ImageDiffers),
                 (QStringList{u"not-deployed"_s, u"image-differs"_s}));
    }
};

QTEST_GUILESS_MAIN(TestLiveStatus)
#include "tst_livestatus.moc"
