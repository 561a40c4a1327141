// CredentialStore against the real gnome-keyring on the harness's private
// bus: a sudo and an SSH password per host are stored, read, replaced and
// forgotten, each under its own key; the secret is nowhere in plaintext under
// the harness's XDG directories, where QSettings and any plaintext fallback
// would write (the keyring file itself is encrypted).

#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include "askpass.h"
#include "credentialstore.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {
template<typename T>
Result<T> answer(QSignalSpy &spy)
{
    if (spy.isEmpty() && !spy.wait(20000))
        return Error::make(ErrorCode::Timeout, u"no answer from the keychain"_s);
    return spy.takeFirst().at(1).value<Result<T>>();
}

bool plaintextUnder(const QString &dir, const QByteArray &secret)
{
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(secret))
            return true;
    }
    return false;
}
} // namespace

class TestCredentialStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"/tmp/ks."),
                 "must run on the harness's private bus");
    }

    void perHostPasswords()
    {
        CredentialStore store(u"khepri-test-%1"_s.arg(QCoreApplication::applicationPid()));
        QSignalSpy stored(&store, &CredentialStore::stored);
        QSignalSpy read(&store, &CredentialStore::readFinished);
        QSignalSpy forgotten(&store, &CredentialStore::forgotten);
        const QString sudoKey = sudoCredentialKey(u"desk"_s);
        const QString sshKey = sshCredentialKey(u"alice@web.lan"_s);
        const QString sudoSecret = u"sudo-pw-7Hq2 ✓"_s;
        const QString sshSecret = u"ssh-pw-Zr91"_s;

        store.store(sudoKey, sudoSecret);
        QVERIFY(answer<void>(stored).ok());
        store.store(sshKey, sshSecret);
        QVERIFY(answer<void>(stored).ok());

        store.read(sudoKey);
        QCOMPARE(answer<QString>(read).value(), sudoSecret);
        store.read(sshKey);
        QCOMPARE(answer<QString>(read).value(), sshSecret);

        // Remembering again replaces the password.
        store.store(sshKey, u"ssh-pw-new"_s);
        QVERIFY(answer<void>(stored).ok());
        store.read(sshKey);
        QCOMPARE(answer<QString>(read).value(), u"ssh-pw-new"_s);

        for (const char *dir : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR"})
            QVERIFY2(!plaintextUnder(qEnvironmentVariable(dir), sudoSecret.toUtf8()), dir);

        store.forget(sudoKey);
        QVERIFY(answer<void>(forgotten).ok());
        store.read(sudoKey);
        const auto gone = answer<QString>(read);
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().code, ErrorCode::NotFound);
        // Forgetting one host's password keeps the other's.
        store.read(sshKey);
        QCOMPARE(answer<QString>(read).value(), u"ssh-pw-new"_s);
        store.forget(sshKey);
        QVERIFY(answer<void>(forgotten).ok());
    }
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
