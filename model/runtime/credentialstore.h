#pragma once

// CredentialStore keeps secrets (a sudo or SSH password per host) in the
// desktop keychain through QtKeychain — the Secret Service or KWallet — and
// nowhere else: no QSettings, no file, no plaintext fallback. Every call is
// asynchronous and answers with exactly one signal. When no keychain is
// reachable the error says so; callers then ask the user each time.

#include <QObject>
#include <QString>

#include "result.h"

namespace khepri {

class CredentialStore : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialStore)
public:
    // `service` names the keychain collection entry ("khepri" in production,
    // something private in tests).
    explicit CredentialStore(const QString &service = QStringLiteral("khepri"),
                             QObject *parent = nullptr);

    void store(const QString &key, const QString &secret);
    void read(const QString &key);
    void forget(const QString &key);

Q_SIGNALS:
    void stored(const QString &key, const khepri::Result<void> &result);
    // A missing entry is an error with code "not-found".
    void readFinished(const QString &key, const khepri::Result<QString> &result);
    void forgotten(const QString &key, const khepri::Result<void> &result);

private:
    QString m_service;
};

} // namespace khepri
