#pragma once

// Runs nix to evaluate something to JSON, asynchronously (QProcess; never
// waits), cancellable, and reports exactly one finished() per request: the
// JSON value, or an Error carrying nix's message with file, line and column.
// Owned by whoever asks (a parent QObject); one request at a time — a new
// request cancels the running one.

#include <QJsonValue>
#include <QObject>
#include <QStringList>

#include "nixerrorparser.h"
#include "result.h"

namespace khepri {

class ProcessJob;

using NixResult = Result<QJsonValue>;

class NixEvaluator : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NixEvaluator)
public:
    explicit NixEvaluator(QObject *parent = nullptr);
    ~NixEvaluator() override;

    // A compositions file: a plain attrset or a NixOS module setting
    // khepri.compositions. Values JSON cannot hold become __khepri markers.
    // Evaluated in nix's restricted mode: the file may read its own directory
    // and `allowedPaths` (--allow-path) only, download nothing, build nothing;
    // builtins.getEnv returns "".
    void evaluateFile(const QString &path, const QStringList &allowedPaths = {});

    // An attribute of a flake (nix's pure evaluation: the flake's own files
    // and inputs only, no environment), e.g. ("path:/etc/nixos", {"nixosConfigurations",
    // "host", "config", "khepri", "compositions"}). The first element must be
    // a plain name; every other is quoted with nixString, so names from the
    // user never become Nix syntax. `apply` is an expression
    // of ours (never user data) applied to the value before printing.
    void evaluateFlake(const QString &flakeRef, const QStringList &attrPath,
                       const QString &apply = {});

    // A file of ours under nixResourceDirectory() called with string arguments.
    void evaluateResource(const QString &resource, const QList<QPair<QString, QString>> &argstrs);

    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void finished(const khepri::NixResult &result);

private:
    void start(const QString &program, const QStringList &arguments);
    void runResource(const QString &resource, const QList<QPair<QString, QString>> &argstrs,
                     const QStringList &extraArguments);
    void finish(const NixResult &result);
    void failLater(const Error &error);

    ProcessJob *m_job = nullptr;
    EvaluationScope m_scope; // to explain nix's refusals
};

} // namespace khepri
