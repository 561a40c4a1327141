// Smoke test: the harness's systemd user manager answers on its private
// session bus; a unit is started and stopped over D-Bus and its
// PropertiesChanged signals report the state changes.

#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QFile>
#include <QTest>

namespace {
const QString kService = QStringLiteral("org.freedesktop.systemd1");
const QString kManagerPath = QStringLiteral("/org/freedesktop/systemd1");
const QString kManager = QStringLiteral("org.freedesktop.systemd1.Manager");
} // namespace

class SmokeSystemd : public QObject {
    Q_OBJECT
public Q_SLOTS:
    void onPropertiesChanged(const QString &interface, const QVariantMap &changed,
                             const QStringList &)
    {
        if (interface == u"org.freedesktop.systemd1.Unit"
            && changed.contains(QStringLiteral("ActiveState")))
            m_states.append(changed.value(QStringLiteral("ActiveState")).toString());
    }

private Q_SLOTS:
    void startStopOverDBus()
    {
        const QString address = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
        QVERIFY2(address.contains(u"/tmp/ks."), "must run on the harness's private bus");
        QDBusConnection bus = QDBusConnection::sessionBus();
        QVERIFY2(bus.isConnected(), qPrintable(bus.lastError().message()));

        const QString unit =
            QStringLiteral("khepri-smoke-%1.service").arg(QCoreApplication::applicationPid());
        QFile file(qEnvironmentVariable("KHEPRI_UNIT_DIR") + u'/' + unit);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[Unit]\nDescription=khepri smoke\n[Service]\nExecStart=/bin/sleep 1000\n");
        file.close();

        QDBusInterface manager(kService, kManagerPath, kManager, bus);
        QVERIFY2(manager.isValid(), qPrintable(manager.lastError().message()));
        QDBusReply<void> reload = manager.call(QStringLiteral("Reload"));
        QVERIFY2(reload.isValid(), qPrintable(reload.error().message()));
        QDBusReply<void> subscribe = manager.call(QStringLiteral("Subscribe"));
        QVERIFY2(subscribe.isValid(), qPrintable(subscribe.error().message()));

        QDBusReply<QDBusObjectPath> loaded = manager.call(QStringLiteral("LoadUnit"), unit);
        QVERIFY2(loaded.isValid(), qPrintable(loaded.error().message()));
        const QString path = loaded.value().path();
        QVERIFY(bus.connect(kService, path, QStringLiteral("org.freedesktop.DBus.Properties"),
                            QStringLiteral("PropertiesChanged"), this,
                            SLOT(onPropertiesChanged(QString, QVariantMap, QStringList))));

        QDBusReply<QDBusObjectPath> job =
            manager.call(QStringLiteral("StartUnit"), unit, QStringLiteral("replace"));
        QVERIFY2(job.isValid(), qPrintable(job.error().message()));
        QTRY_VERIFY_WITH_TIMEOUT(m_states.contains(QStringLiteral("active")), 20000);

        QDBusInterface unitProps(kService, path, QStringLiteral("org.freedesktop.DBus.Properties"),
                                 bus);
        QDBusReply<QVariant> subState =
            unitProps.call(QStringLiteral("Get"), QStringLiteral("org.freedesktop.systemd1.Unit"),
                           QStringLiteral("SubState"));
        QCOMPARE(subState.value().toString(), QStringLiteral("running"));

        m_states.clear();
        job = manager.call(QStringLiteral("StopUnit"), unit, QStringLiteral("replace"));
        QVERIFY2(job.isValid(), qPrintable(job.error().message()));
        QTRY_VERIFY_WITH_TIMEOUT(m_states.contains(QStringLiteral("inactive")), 20000);

        QFile::remove(file.fileName());
        manager.call(QStringLiteral("Reload"));
    }

private:
    QStringList m_states;
};

QTEST_GUILESS_MAIN(SmokeSystemd)
#include "tst_smoke_systemd.moc"
