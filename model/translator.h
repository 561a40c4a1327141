#pragma once

// Runs the module's translator (nixos/lib, compiled in) over compositions the
// console holds, with the real nix, asynchronously: the manifest (so the
// console names containers and units exactly as the module does — it never
// guesses) and the module's own assertions and warnings. One finished() per
// run().

#include <QList>
#include <QObject>
#include <QStringList>
#include <QTemporaryFile>

#include "composition.h"
#include "manifest.h"
#include "result.h"

namespace khepri {

class NixEvaluator;

struct Translation {
    Manifest manifest;
    QStringList assertions; // failed assertions' messages
    QStringList warnings;
};

class Translator : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Translator)
public:
    explicit Translator(QObject *parent = nullptr);
    ~Translator() override;

    void run(const QList<Composition> &compositions,
             const QString &backend = QStringLiteral("docker"));
    void cancel();

Q_SIGNALS:
    void finished(const khepri::Result<khepri::Translation> &result);

private:
    NixEvaluator *m_nix;
    std::unique_ptr<QTemporaryFile> m_input; // the compositions as JSON, read by nix
};

} // namespace khepri
