#include "nixosrebuildprobe.h"

#include <utility>

#include <QStringBuilder>
#include <QTimer>

#include "processjob.h"
#include "runtimelogging.h"

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
    m_job = new ProcessJob(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The bash nixos-rebuild execs `man`: plain text, no pager.
    environment.insert(u"MANPAGER"_s, u"cat"_s);
    environment.insert(u"PAGER"_s, u"cat"_s);
    environment.insert(u"MANWIDTH"_s, u"200"_s);
    m_job->setProcessEnvironment(environment);
    m_job->setMergedChannels(true);
    m_job->setProgram(nixosRebuild, {u"--help"_s});
    connect(m_job, &ProcessJob::finished, this, [this](const ProcessExit &exit) {
        if (exit.status == ProcessExit::Status::FailedToStart) {
            done(Error::make(ErrorCode::NixosRebuildMissing,
                             u"cannot run "_s % m_program % u": "_s % exit.errorString));
            return;
        }
        const QString help = QString::fromLocal8Bit(m_job->readAllStandardOutput());
        if (help.trimmed().isEmpty())
            done(Error::make(ErrorCode::NixosRebuildProbe,
                             m_program % u" --help printed nothing"_s));
        else
            done(parseNixosRebuildHelp(help));
    });
    m_timeout->start();
    m_job->start();
}

void NixosRebuildProbe::abort()
{
    m_timeout->stop();
    if (m_job) // killed, reaped when it ends, deleted then; never waited for
        std::exchange(m_job, nullptr)->abandon();
}

void NixosRebuildProbe::done(const Result<NixosRebuildFeatures> &features)
{
    if (!m_job)
        return;
    abort();
    if (!features)
        qCInfo(lcRebuild) << "probing nixos-rebuild failed:" << features.error().message;
    Q_EMIT finished(features);
}

} // namespace khepri
