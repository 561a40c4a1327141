// SystemdClient, the jobs: start, stop and restart sent to the manager with
// interactive (polkit) authorization allowed, and each job's outcome from
// JobRemoved — which may arrive before the method's reply.

#include "systemdclient.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QStringBuilder>

#include "runtimelogging.h"
#include "systemderrors.h"
#include "systemdmanager_interface.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// Job methods are sent as hand-built messages: generated proxies cannot allow
// interactive authorization (QDBusMessage::setInteractiveAuthorizationAllowed).
const QString kStartUnit = u"StartUnit"_s;
const QString kStopUnit = u"StopUnit"_s;
const QString kRestartUnit = u"RestartUnit"_s;
// polkit may show an authentication dialog; give the user time.
constexpr int kInteractiveTimeoutMs = 5 * 60 * 1000;

QString actionVerb(SystemdClient::Action action)
{
    switch (action) {
    case SystemdClient::Action::Start:
        return u"start"_s;
    case SystemdClient::Action::Stop:
        return u"stop"_s;
    case SystemdClient::Action::Restart:
        return u"restart"_s;
    }
    return {};
}

} // namespace

void SystemdClient::runAction(Action action, const QString &name)
{
    if (m_owner.isEmpty()) {
        const Error e = m_busUp ? managerMissing() : systemderrors::busDown(busDescription());
        QMetaObject::invokeMethod(
            this, [this, action, name, e] { Q_EMIT actionFinished(name, action, e); },
            Qt::QueuedConnection);
        return;
    }
    const QString method = action == Action::Start  ? kStartUnit
                           : action == Action::Stop ? kStopUnit
                                                    : kRestartUnit;
    QDBusMessage message = QDBusMessage::createMethodCall(
        m_owner, kManagerPath, QString::fromLatin1(SystemdManagerProxy::staticInterfaceName()),
        method);
    message << name << u"replace"_s;
    message.setInteractiveAuthorizationAllowed(true);
    auto *watcher =
        new QDBusPendingCallWatcher(m_bus.asyncCall(message, kInteractiveTimeoutMs), this);
    const int epoch = m_epoch;
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, epoch, action, name](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                QDBusPendingReply<QDBusObjectPath> reply = *w;
                if (reply.isError()) {
                    Q_EMIT actionFinished(name, action,
                                          systemderrors::fromDBus(reply.error(),
                                                                  actionVerb(action) % u' ' % name,
                                                                  name));
                    return;
                }
                if (epoch != m_epoch) {
                    Q_EMIT actionFinished(name, action, managerMissing());
                    return;
                }
                const QString job = reply.value().path();
                qCDebug(lcSystemd) << "queued" << job << "for" << name;
                m_jobs.insert(job, {name, action});
                if (m_unclaimedJobs.contains(job))
                    finishJob(job, m_unclaimedJobs.take(job));
            });
}

void SystemdClient::onJobRemoved(uint, const QDBusObjectPath &job, const QString &,
                                 const QString &result)
{
    if (m_jobs.contains(job.path())) {
        finishJob(job.path(), result);
        return;
    }
    // The job may end before its method reply is handled; keep a few results.
    if (m_unclaimedJobs.size() > 64)
        m_unclaimedJobs.clear();
    m_unclaimedJobs.insert(job.path(), result);
}

void SystemdClient::finishJob(const QString &jobPath, const QString &result)
{
    const PendingJob job = m_jobs.take(jobPath);
    if (result == u"done") {
        Q_EMIT actionFinished(job.unit, job.action, {});
        return;
    }
    Q_EMIT actionFinished(
        job.unit, job.action,
        systemderrors::jobFailed(job.unit, actionVerb(job.action), result, isSystemBus()));
}

} // namespace khepri
