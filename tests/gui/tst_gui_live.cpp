// The desktop console's live state against the harness's systemd user
// manager and dockerd (no fakes): LiveStateModel, under
// QAbstractItemModelTester, shows a unit's container running and then
// stopped; the window's Stop action stops the selected service's unit.

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include "compositionjson.h"
#include "dockerclient.h"
#include "document.h"
#include "graphnodeitem.h"
#include "graphscene.h"
#include "liveitem.h"
#include "livestatemodel.h"
#include "logpanel.h"
#include "mainwindow.h"
#include "manifest.h"
#include "runtimestate.h"
#include "statuspanel.h"
#include "systemdclient.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

// The live state a graph node shows, by name; empty: no state dot.
QString stateOf(const GraphNodeItem *node)
{
    return node->state() ? liveStatusName(*node->state()) : QString();
}

int run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000))
        return -1;
    return p.exitCode();
}

int systemctl(const QString &verb, const QString &unit = {})
{
    QStringList args{u"--user"_s, verb};
    if (!unit.isEmpty())
        args.append(unit);
    return run(u"systemctl"_s, args);
}

// What the module would declare for composition `comp` with one service.
Manifest manifestFor(const QString &comp, const QString &service)
{
    ManifestService s;
    s.container = comp + u'-' + service;
    s.unit = u"docker-"_s + comp + u'-' + service + u".service"_s;
    s.image = u"khepri-test/busybox:1"_s;
    ManifestComposition c;
    c.target = u"khepri-"_s + comp + u".target"_s;
    c.services.insert(service, s);
    Manifest m;
    m.compositions.insert(comp, c);
    return m;
}

QString statusOf(const LiveStateModel &model, const QString &id)
{
    return model.indexOfId(id, LiveStateModel::StateColumn).data().toString();
}

} // namespace

class TestGuiLive : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(!qEnvironmentVariableIsEmpty("KHEPRI_UNIT_DIR"));
        QVERIFY(!QStandardPaths::findExecutable(u"docker"_s).isEmpty());
    }

    void modelFollowsUnit()
    {
        const QString unit = writeUnit(u"guilive"_s, u"app"_s);
        QVERIFY(!unit.isEmpty());
        SystemdClient systemd(SystemdClient::Bus::Session);
        DockerClient docker;
        RuntimeState runtime(systemd, docker);
        LiveStateModel model(runtime);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        runtime.setDeclared(manifestFor(u"guilive"_s, u"app"_s));
        runtime.start();
        const QString id = u"service/guilive/app"_s;
        QVERIFY(model.indexOfId(id).isValid());
        QCOMPARE(systemctl(u"start"_s, unit), 0);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(model, id), u"running"_s, 60000);
        QCOMPARE(model.indexOfId(id, LiveStateModel::CompositionColumn).data().toString(),
                 u"guilive"_s);
        QStringList seen; // what the row went through, for the failure message
        connect(&model, &QAbstractItemModel::dataChanged, this, [&] {
            const QString now = statusOf(model, id);
            const LiveItem *item = runtime.item(id);
            const QString detail = item ? item->detail : QString();
            if (seen.isEmpty() || seen.last() != now + u": "_s + detail)
                seen.append(now + u": "_s + detail);
        });
        QCOMPARE(systemctl(u"stop"_s, unit), 0);
        QTRY_VERIFY2_WITH_TIMEOUT(statusOf(model, id) == u"stopped"_s,
                                  qPrintable(seen.join(u" | "_s)), 60000);
        removeUnit(unit);
    }

    void stopActionStopsUnit()
    {
        const QString unit = writeUnit(u"guistop"_s, u"app"_s);
        QVERIFY(!unit.isEmpty());
        const auto compositions = compositionsFromJson(QJsonObject{
            {u"guistop"_s,
             QJsonObject{{u"services"_s,
                          QJsonObject{{u"app"_s,
                                       QJsonObject{{u"image"_s, u"khepri-test/busybox:1"_s}}}}}}}});
        QVERIFY(compositions);
        Document document;
        document.reset(compositions.value(), {}, {});

        SystemdClient systemd(SystemdClient::Bus::Session);
        DockerClient docker;
        RuntimeState runtime(systemd, docker);
        MainWindow window(document, false);
        window.setRuntime(runtime);
        runtime.setDeclared(manifestFor(u"guistop"_s, u"app"_s));
        runtime.start();
        QCOMPARE(systemctl(u"start"_s, unit), 0);
        const QString id = u"service/guistop/app"_s;
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(*window.liveStateModel(), id), u"running"_s, 60000);

        window.selectEntity(EntityRef::service(u"guistop"_s, u"app"_s));
        QCOMPARE(window.selectedLiveId(), id);
        QCOMPARE(window.statusPanel()->currentId(), id);
        // The graph shows the state; the Logs dock follows the container.
        const GraphNodeItem *node =
            window.graphScene()->nodeItemFor(EntityRef::service(u"guistop"_s, u"app"_s));
        QVERIFY(node);
        QCOMPARE(stateOf(node), u"running"_s);
        QCOMPARE(window.logPanel()->container(), u"guistop-app"_s);
        QAction *stop = window.findChild<QAction *>(u"stopUnit"_s);
        QVERIFY(stop);
        QVERIFY(stop->isEnabled());
        stop->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(systemctl(u"is-active"_s, unit) != 0, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(*window.liveStateModel(), id), u"stopped"_s, 60000);
        QTRY_COMPARE(stateOf(node), u"stopped"_s);
        removeUnit(unit);
    }

private:
    // A unit named as the module names it, running the test image.
    static QString writeUnit(const QString &comp, const QString &service)
    {
        const QString docker = QStandardPaths::findExecutable(u"docker"_s);
        const QString container = comp + u'-' + service;
        const QString name = u"docker-"_s + container + u".service"_s;
        QFile unit(qEnvironmentVariable("KHEPRI_UNIT_DIR") + u'/' + name);
        if (!unit.open(QIODevice::WriteOnly))
            return {};
        // sleep, as the container's PID 1, ignores SIGTERM, so docker stop
        // kills it (137): a clean stop all the same, not a failed unit. Under
        // load the `docker run` client can still be waiting for the removal
        // when ExecStop returns; systemd then sends it SIGTERM and its exit
        // status is the CLI's own, not the container's. What this test
        // follows is the unit going inactive, so "-" ignores that status.
        unit.write(u"[Service]\nEnvironment=DOCKER_HOST=%1\nSuccessExitStatus=137 143\n"
                   "ExecStartPre=-%2 rm -f %3\n"
                   "ExecStart=-%2 run --rm --name %3 khepri-test/busybox:1 sleep 1000\n"
                   "ExecStop=%2 stop -t 1 %3\n"_s
                       .arg(qEnvironmentVariable("DOCKER_HOST"), docker, container)
                       .toUtf8());
        unit.close();
        if (systemctl(u"daemon-reload"_s) != 0)
            return {};
        return name;
    }

    static void removeUnit(const QString &name)
    {
        systemctl(u"stop"_s, name);
        QFile::remove(qEnvironmentVariable("KHEPRI_UNIT_DIR") + u'/' + name);
        systemctl(u"daemon-reload"_s);
    }
};

QTEST_MAIN(TestGuiLive)
#include "tst_gui_live.moc"
