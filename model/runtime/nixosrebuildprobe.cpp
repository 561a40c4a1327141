#include "nixosrebuildprobe.h"

#include <utility>

#include <QProcess>
#include <QStringBuilder>
#include <QTimer>

#include "logging.h"

using namespace Qt::StringLiterals;

namespace khepri {

NixosRebuildProbe::NixosRebuildProbe(QObject *parent)
    : QObject(parent)
    , m_timeout(new QTimer(this))
{
    m_timeout->setSingleShot(true);
    m_timeout->setInterval(15000);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        done(Error::make(ErrorCode::NixosRebuildProbe,
                         m_program % u" --help did not answer within 15 s"_s));
    });
}

NixosRebuildProbe::~NixosRebuildProbe()
{
    abort();
}

void NixosRebuildProbe::probe(const QString &nixosRebuild)
{
    abort();
    m_program = nixosRebuild;
    m_process = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The bash nixos-rebuild execs `man`: plain text, no pager.
    environment.insert(u"MANPAGER"_s, u"cat"_s);
    environment.insert(u"PAGER"_s, u"cat"_s);
    environment.insert(u"MANWIDTH"_s, u"200"_s);
    m_process->setProcessEnvironment(environment);
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process, &QProcess::finished, this, [this] {
        const QString help = QString::fromLocal8Bit(m_process->readAll());
        if (help.trimmed().isEmpty())
            done(Error::make(ErrorCode::NixosRebuildProbe,
                             m_program % u" --help printed nothing"_s));
        else
            done(parseNixosRebuildHelp(help));
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            done(Error::make(ErrorCode::NixosRebuildMissing,
                             u"cannot run "_s % m_program % u": "_s % m_process->errorString()));
    });
    m_timeout->start();
    m_process->start(nixosRebuild, {u"--help"_s});
}

void NixosRebuildProbe::abort()
{
    m_timeout->stop();
    if (!m_process)
        return;
    QProcess *process = std::exchange(m_process, nullptr);
    process->disconnect(this);
    if (process->state() != QProcess::NotRunning) {
        // Reaped by QProcess when it finishes; deleted then, never waited for.
        connect(process, &QProcess::finished, process, &QObject::deleteLater);
        process->kill();
    } else {
        process->deleteLater();
    }
}

void NixosRebuildProbe::done(const Result<NixosRebuildFeatures> &features)
{
    if (!m_process)
        return;
    abort();
    if (!features)
        qCInfo(lcRebuild) << "probing nixos-rebuild failed:" << features.error().message;
    Q_EMIT finished(features);
}

} // namespace khepri
