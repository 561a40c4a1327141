// CredentialStore when no keychain is reachable: the session bus address
// points at a socket nobody listens on (set before anything in this process
// touches D-Bus). Storing and reading fail with an error that says so and
// what happens instead, and nothing is written anywhere else — HOME and the
// XDG directories are private empty directories and stay empty (no
// plaintext fallback file, no QSettings).

#include <QDirIterator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "credentialstore.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestCredentialStoreNoKeyring : public QObject {
    Q_OBJECT
    QTemporaryDir m_home;

    QStringList filesUnderHome() const
    {
        QStringList files;
        QDirIterator it(m_home.path(), QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString entry = it.next();
            if (!QFileInfo(entry).isDir())
                files.append(entry);
        }
        return files;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QDir().mkpath(m_home.filePath(u"config"_s));
        QDir().mkpath(m_home.filePath(u"data"_s));
        QDir().mkpath(m_home.filePath(u"cache"_s));
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(u"config"_s).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(u"data"_s).toUtf8());
        qputenv("XDG_CACHE_HOME", m_home.filePath(u"cache"_s).toUtf8());
        qputenv("DBUS_SESSION_BUS_ADDRESS",
                "unix:path=" + m_home.filePath(u"no-bus-here"_s).toUtf8());
    }

    void clearErrorAndNothingWritten()
    {
        CredentialStore store;
        QSignalSpy stored(&store, &CredentialStore::stored);
        store.store(u"sudo@desk"_s, u"hunter2-secret"_s);
        QVERIFY(stored.wait(30000));
        const auto result = stored.first().at(1).value<Result<void>>();
        QVERIFY(!result.ok());
        QVERIFY2(result.error().code == ErrorCode::NoKeychain
                     || result.error().code == ErrorCode::Keychain,
                 qPrintable(result.error().codeName() + u": "_s + result.error().message));
        QVERIFY(result.error().message.contains(u"keychain"_s));
        if (result.error().code == ErrorCode::NoKeychain)
            QVERIFY(result.error().hint.contains(u"asked for each time"_s));

        QSignalSpy read(&store, &CredentialStore::readFinished);
        store.read(u"sudo@desk"_s);
        QVERIFY(read.wait(30000));
        QVERIFY(!read.first().at(1).value<Result<QString>>().ok());

        QCOMPARE(filesUnderHome(), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestCredentialStoreNoKeyring)
#include "tst_credentialstore_nokeyring.moc"
