// Smoke test: gnome-keyring's Secret Service runs on the harness's bus, and
// CredentialStore (QtKeychain, no plaintext fallback) stores a secret, reads
// it back and forgets it. secret-tool, libsecret's own client, sees the same
// item, so the secret really is in the Secret Service and nowhere else.

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include "credentialstore.h"

using khepri::CredentialStore;
using khepri::ErrorCode;

class SmokeKeyring : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void storeReadForget()
    {
        QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"/tmp/ks."),
                 "must run on the harness's private bus");
        const QString service = QStringLiteral("khepri-smoke");
        const QString key = QStringLiteral("sudo@host-%1").arg(QCoreApplication::applicationPid());
        const QString secret = QStringLiteral("s3cret \"quoted\" ünïcode");
        CredentialStore store(service);

        QSignalSpy stored(&store, &CredentialStore::stored);
        store.store(key, secret);
        QVERIFY(stored.wait(20000));
        const auto storeResult = stored.first().at(1).value<khepri::Result<void>>();
        QVERIFY2(storeResult.ok(),
                 qPrintable(storeResult.ok() ? QString() : storeResult.error().toString()));

        QProcess lookup;
        lookup.start(QStringLiteral("secret-tool"),
                     {QStringLiteral("lookup"), QStringLiteral("user"), key,
                      QStringLiteral("server"), service});
        QVERIFY(lookup.waitForFinished(20000));
        QCOMPARE(QString::fromUtf8(lookup.readAllStandardOutput()), secret);

        QSignalSpy read(&store, &CredentialStore::readFinished);
        store.read(key);
        QVERIFY(read.wait(20000));
        const auto readResult = read.first().at(1).value<khepri::Result<QString>>();
        QVERIFY2(readResult.ok(),
                 qPrintable(readResult.ok() ? QString() : readResult.error().toString()));
        QCOMPARE(readResult.value(), secret);

        QSignalSpy forgotten(&store, &CredentialStore::forgotten);
        store.forget(key);
        QVERIFY(forgotten.wait(20000));
        QVERIFY(forgotten.first().at(1).value<khepri::Result<void>>().ok());

        read.clear();
        store.read(key);
        QVERIFY(read.wait(20000));
        const auto gone = read.first().at(1).value<khepri::Result<QString>>();
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(SmokeKeyring)
#include "tst_smoke_keyring.moc"
