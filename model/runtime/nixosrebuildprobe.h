#pragma once

// NixosRebuildProbe learns what the installed nixos-rebuild understands by
// running `nixos-rebuild --help` asynchronously (the bash version shows its
// man page, nixos-rebuild-ng its argparse usage) and parsing the text with
// parseNixosRebuildHelp. Answers with exactly one finished() per probe();
// a probe that takes longer than the timeout is killed and fails.
// Owned by RebuildRunner.

#include <QObject>
#include <QString>

#include "rebuildcommand.h"
#include "result.h"

class QTimer;

namespace khepri {

class ProcessJob;

class NixosRebuildProbe : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NixosRebuildProbe)
public:
    explicit NixosRebuildProbe(QObject *parent = nullptr);
    ~NixosRebuildProbe() override;

    void probe(const QString &nixosRebuild);
    void abort(); // no finished() for the probe under way
    bool isRunning() const { return m_job != nullptr; }

Q_SIGNALS:
    void finished(const khepri::Result<khepri::NixosRebuildFeatures> &features);

private:
    void done(const Result<NixosRebuildFeatures> &features);

    ProcessJob *m_job = nullptr;
    QTimer *m_timeout = nullptr;
    QString m_program;
};

} // namespace khepri

Q_DECLARE_METATYPE(khepri::Result<khepri::NixosRebuildFeatures>)
