// `khepri askpass PROMPT` end to end, as sudo -A and ssh run it: the real
// binary, the real gnome-keyring on the harness's bus, no terminal (the child
// runs in its own session) and no display. With the password in the keychain
// it prints it; a second prompt in the same rebuild (the stored password was
// rejected) and ssh's host-key question are never answered from the keychain;
// with nothing to answer and no way to ask, a clear message and exit 2; with
// no keychain (a dead bus address, or a bus without a Secret Service) the
// message says so and nothing is written under HOME or the XDG directories.

#include <unistd.h>

#include <QDirIterator>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "credentialstore.h"
#include "testsupport.h"

using namespace khepri;
using namespace Qt::StringLiterals;
using khepri::test::khepriBinary;

namespace {
struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run askpass(const QString &prompt, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setStandardInputFile(QProcess::nullDevice());
    p.setChildProcessModifier([] { ::setsid(); }); // no controlling terminal
    p.start(khepriBinary(), {u"askpass"_s, u"--"_s, prompt});
    if (!p.waitForFinished(60000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}
} // namespace

class TestCliAskpass : public QObject {
    Q_OBJECT
    QString m_key = u"sudo@askpass-test-%1"_s.arg(QCoreApplication::applicationPid());
    const QString m_secret = u"correct horse battery staple"_s;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"KHEPRI_ASKPASS_KEY"_s, m_key);
        return env;
    }

    // A private HOME and XDG directories; the bus address is the caller's.
    static QProcessEnvironment isolated(QProcessEnvironment env, const QTemporaryDir &home)
    {
        env.insert(u"HOME"_s, home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
        env.insert(u"XDG_CACHE_HOME"_s, home.filePath(u"cache"_s));
        env.insert(u"XDG_RUNTIME_DIR"_s, home.filePath(u"run"_s));
        for (const char *d : {"config", "data", "cache", "run"})
            QDir().mkpath(home.filePath(QString::fromLatin1(d)));
        return env;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"/tmp/ks."),
                 "must run on the harness's private bus");
        CredentialStore store;
        QSignalSpy stored(&store, &CredentialStore::stored);
        store.store(m_key, m_secret);
        QVERIFY(stored.wait(20000));
        QVERIFY(stored.first().at(1).value<Result<void>>().ok());
    }

    void cleanupTestCase()
    {
        CredentialStore store;
        QSignalSpy forgotten(&store, &CredentialStore::forgotten);
        store.forget(m_key);
        forgotten.wait(20000);
    }

    void answersFromTheKeychain()
    {
        const Run r = askpass(u"[sudo] password for alice: "_s, environment());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, m_secret + u'\n');
    }

    void rejectedPasswordIsNotOfferedAgain()
    {
        QTemporaryDir state;
        QProcessEnvironment env = environment();
        env.insert(u"KHEPRI_ASKPASS_STATE"_s, state.path());
        const Run first = askpass(u"[sudo] password for alice: "_s, env);
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.out, m_secret + u'\n');
        // sudo asks again: the stored password was wrong. No terminal, no
        // display: nobody to ask.
        const Run second = askpass(u"[sudo] password for alice: "_s, env);
        QCOMPARE(second.exitCode, 2);
        QVERIFY(second.out.isEmpty());
        QVERIFY(second.err.contains(u"there is no display and no terminal"_s));
    }

    void hostKeyQuestionIsForTheUser()
    {
        const Run r = askpass(u"The authenticity of host 'web (10.0.0.2)' can't be established."
                              u"\nAre you sure you want to continue connecting "
                              u"(yes/no/[fingerprint])? "_s,
                              environment());
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
    }

    void nothingStoredNoWayToAsk()
    {
        QProcessEnvironment env = environment();
        env.insert(u"KHEPRI_ASKPASS_KEY"_s, u"ssh@nobody@nowhere"_s);
        const Run r = askpass(u"nobody@nowhere's password: "_s, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(u"khepri askpass: cannot ask for \"nobody@nowhere's password: \": "
                                u"there is no display and no terminal, and the keychain has no "
                                u"password for ssh@nobody@nowhere."_s),
                 qPrintable(r.err));
    }

    void noKeychainDeadBus()
    {
        QTemporaryDir home;
        QProcessEnvironment env = isolated(environment(), home);
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path="_s + home.filePath(u"no-bus"_s));
        const Run r = askpass(u"[sudo] password for alice: "_s, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(u"khepri askpass: no keychain to answer from ("_s),
                 qPrintable(r.err));
        QVERIFY(r.err.contains(u"the password is asked for each time and never stored"_s));
        QVERIFY(r.err.contains(u"there is no display and no terminal"_s));
        QCOMPARE(filesUnder(home.path()), QStringList());
    }

    void noKeychainBusWithoutSecretService()
    {
        // A bus of our own whose configuration has no service directories:
        // nothing can be activated on it, so there is no Secret Service.
        QTemporaryDir home;
        QTemporaryDir busDir;
        QFile config(busDir.filePath(u"bus.conf"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration "
                     "1.0//EN\" \"http://www.freedesktop.org/standards/dbus/1.0/"
                     "busconfig.dtd\">\n<busconfig><type>session</type>"
                     "<listen>unix:path="
                     + busDir.filePath(u"bus"_s).toUtf8()
                     + "</listen><policy context=\"default\"><allow send_destination=\"*\"/>"
                       "<allow own=\"*\"/></policy></busconfig>\n");
        config.close();
        QProcess bus;
        bus.start(u"dbus-daemon"_s,
                  {u"--config-file="_s + config.fileName(), u"--nofork"_s, u"--print-address=1"_s});
        QVERIFY2(bus.waitForReadyRead(10000), "dbus-daemon did not start");
        const QString address = QString::fromUtf8(bus.readLine()).trimmed();
        QVERIFY(address.startsWith(u"unix:"_s));

        QProcessEnvironment env = isolated(environment(), home);
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, address);
        const Run r = askpass(u"[sudo] password for alice: "_s, env);
        bus.terminate();
        bus.waitForFinished(5000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(u"khepri askpass: no keychain to answer from ("_s),
                 qPrintable(r.err));
        QCOMPARE(filesUnder(home.path()), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestCliAskpass)
#include "tst_cli_askpass.moc"
