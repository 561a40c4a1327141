#pragma once

// The parts of `khepri askpass` that are not user interface. sudo -A and ssh
// run an askpass program with the prompt as its only argument; RebuildRunner
// points them at a small script that runs `khepri askpass`, and tells it
// through the (non-secret) environment which keychain entry the prompt
// belongs to (KHEPRI_ASKPASS_KEY, e.g. "sudo@host") and where this rebuild
// keeps its askpass state (KHEPRI_ASKPASS_STATE, a private directory).
// The state holds one marker per key once a stored password was offered: a
// second prompt for the same key in the same rebuild means the stored
// password was rejected, so the user is asked instead of looping. Markers
// hold no secret.

#include <QProcessEnvironment>
#include <QString>

#include "result.h"

namespace khepri {

inline constexpr char kAskpassKeyVariable[] = "KHEPRI_ASKPASS_KEY";
inline constexpr char kAskpassStateVariable[] = "KHEPRI_ASKPASS_STATE";

// Keychain keys of the credentials a rebuild may need.
QString sudoCredentialKey(const QString &localHost); // "sudo@<host>"
QString sshCredentialKey(const QString &targetHost); // "ssh@<user@host>"

struct AskpassRequest {
    QString prompt;
    QString key;      // empty: not tied to a keychain entry (never stored or read)
    QString stateDir; // empty: no state (the keychain answers every time)
    // ssh asks "Are you sure you want to continue connecting (yes/no/…)?" through
    // askpass too: the user answers that, never the keychain.
    bool confirmation = false;
};

AskpassRequest askpassRequest(const QString &prompt, const QProcessEnvironment &environment);

// Whether a stored secret may answer: a password prompt with a key whose
// stored secret was not already offered in this rebuild.
bool mayAnswerFromKeychain(const AskpassRequest &request);
// Records that the stored secret was offered; true when recorded (or there is
// no state directory to record it in).
Result<void> markKeychainAnswerOffered(const AskpassRequest &request);

// The askpass helper script RebuildRunner writes for one rebuild: runs
// `<khepri> askpass -- PROMPT`. Holds no secret.
QString askpassHelperScript(const QString &khepriProgram);

} // namespace khepri
