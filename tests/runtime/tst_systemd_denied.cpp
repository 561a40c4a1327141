// SystemdClient when the caller may not manage units: a real systemd user
// manager behind a real dbus-daemon whose policy refuses the job calls (the
// harness's systemd_denied component). Start, stop and restart each end in
// the typed error access-denied, with a message that says what was refused
// and why, and a hint that says what to do (root, or a polkit rule); the
// unit is left as it was. Reading still works: the client lists and follows
// the unit.

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include "systemdclient.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

// systemctl --user against the denied manager over its private socket, past
// the bus policy: how the test sets the unit up. Returns stdout, trimmed.
QString systemctl(const QStringList &args, int *exitCode = nullptr)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(u"XDG_RUNTIME_DIR"_s, env("KHEPRI_DENIED_RUNTIME_DIR"));
    e.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
    p.setProcessEnvironment(e);
    p.start(u"systemctl"_s, QStringList{u"--user"_s} + args);
    p.waitForFinished(60000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

} // namespace

class TestSystemdDenied : public QObject {
    Q_OBJECT
    QString m_unit;
    SystemdClient *m_client = nullptr;

    // Runs one action and returns its result (an Error when it failed).
    Result<void> act(SystemdClient::Action action)
    {
        QSignalSpy done(m_client, &SystemdClient::actionFinished);
        m_client->runAction(action, m_unit);
        if (!done.wait(60000))
            return Error::make(ErrorCode::Timeout, u"no actionFinished within 60 s"_s);
        return done.first().at(2).value<Result<void>>();
    }

    void verifyDenied(SystemdClient::Action action, const QString &verb)
    {
        const Result<void> r = act(action);
        QVERIFY2(!r, qPrintable(verb % u" was not refused"_s));
        const Error e = r.error();
        qInfo().noquote() << e.codeName() << "|" << e.toString();
        QCOMPARE(e.code, ErrorCode::AccessDenied);
        // What was refused, and why, in one sentence.
        QVERIFY2(e.message.startsWith(u"could not "_s % verb % u' ' % m_unit % u": "_s),
                 qPrintable(e.message));
        QVERIFY2(e.message.contains(u"permission denied"_s), qPrintable(e.message));
        QVERIFY2(e.message.contains(u"D-Bus policy"_s), qPrintable(e.message));
        // Not the bus daemon's page of match rules.
        QVERIFY2(!e.message.contains(u"matched rules"_s), qPrintable(e.message));
        // What to do.
        QVERIFY2(e.hint.contains(u"root"_s), qPrintable(e.hint));
        QVERIFY2(e.hint.contains(u"polkit"_s), qPrintable(e.hint));
        QVERIFY2(e.toString().contains(e.hint), qPrintable(e.toString()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!env("KHEPRI_DENIED_BUS").isEmpty(),
                 "KHEPRI_DENIED_BUS is not set: run through harness.sh exec --need systemd_denied");
        m_unit = u"khepri-denied-%1.service"_s.arg(QCoreApplication::applicationPid());
        // Written before anything names the unit: the manager loads it on
        // first use (a daemon-reload is a managed call too).
        QFile file(env("KHEPRI_DENIED_UNIT_DIR") % u'/' % m_unit);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[Service]\nExecStart=/bin/sleep 100000\n");
        file.close();

        m_client = new SystemdClient(env("KHEPRI_DENIED_BUS"), this);
        QSignalSpy synced(m_client, &SystemdClient::synced);
        m_client->setUnits({m_unit});
        m_client->start();
        QVERIFY(synced.wait(60000));
        QVERIFY(m_client->isAvailable());
        QVERIFY(m_client->unit(m_unit));
        QCOMPARE(m_client->unit(m_unit)->load, LoadState::Loaded);
        QCOMPARE(m_client->unit(m_unit)->active, ActiveState::Inactive);
    }

    void startIsDenied()
    {
        verifyDenied(SystemdClient::Action::Start, u"start"_s);
        QCOMPARE(systemctl({u"is-active"_s, m_unit}), u"inactive"_s);
        QCOMPARE(m_client->unit(m_unit)->active, ActiveState::Inactive);
    }

    void stopAndRestartAreDenied()
    {
        // Running (started past the policy); the client still follows it.
        int code = -1;
        systemctl({u"start"_s, m_unit}, &code);
        QCOMPARE(code, 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->unit(m_unit)->active, ActiveState::Active, 30000);
        const QString pid = systemctl({u"show"_s, u"-p"_s, u"MainPID"_s, u"--value"_s, m_unit});
        QVERIFY(pid.toUInt() > 0);

        verifyDenied(SystemdClient::Action::Stop, u"stop"_s);
        verifyDenied(SystemdClient::Action::Restart, u"restart"_s);
        // Untouched: the same process still runs.
        QCOMPARE(systemctl({u"is-active"_s, m_unit}), u"active"_s);
        QCOMPARE(systemctl({u"show"_s, u"-p"_s, u"MainPID"_s, u"--value"_s, m_unit}), pid);
        QCOMPARE(m_client->unit(m_unit)->active, ActiveState::Active);
    }

    void cleanupTestCase()
    {
        systemctl({u"stop"_s, m_unit});
        QFile::remove(env("KHEPRI_DENIED_UNIT_DIR") % u'/' % m_unit);
    }
};

QTEST_GUILESS_MAIN(TestSystemdDenied)
#include "tst_systemd_denied.moc"
