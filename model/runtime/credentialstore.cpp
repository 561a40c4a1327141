#include "credentialstore.h"

#include <QStringBuilder>

#include <qt6keychain/keychain.h>

#include "runtimelogging.h"

namespace khepri {
namespace {

Error keychainError(const QKeychain::Job &job, const QString &key)
{
    Error e;
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        e.code = ErrorCode::NotFound;
        e.message = u"no stored secret for " % key;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        e.code = ErrorCode::AccessDenied;
        e.message = u"the keychain refused access: " % job.errorString();
        e.hint = QStringLiteral("Unlock the keychain and try again.");
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        e.code = ErrorCode::NoKeychain;
        e.message = u"no keychain is available: " % job.errorString();
        e.hint = QStringLiteral("Start a Secret Service (gnome-keyring, KWallet); until then the "
                                "password is asked for each time and never stored.");
        break;
    default:
        e.code = ErrorCode::Keychain;
        e.message = u"the keychain failed: " % job.errorString();
        break;
    }
    return e;
}

} // namespace

CredentialStore::CredentialStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{}

void CredentialStore::store(const QString &key, const QString &secret)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        qCDebug(lcCredentials) << "store" << key << "->" << j->error();
        Q_EMIT stored(key, j->error() == QKeychain::NoError ? Result<void>()
                                                            : Result<void>(keychainError(*j, key)));
    });
    job->start();
}

void CredentialStore::read(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(j);
        Q_EMIT readFinished(key, j->error() == QKeychain::NoError
                                     ? Result<QString>(readJob->textData())
                                     : Result<QString>(keychainError(*j, key)));
    });
    job->start();
}

void CredentialStore::forget(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        Q_EMIT forgotten(key, j->error() == QKeychain::NoError
                                  ? Result<void>()
                                  : Result<void>(keychainError(*j, key)));
    });
    job->start();
}

} // namespace khepri
