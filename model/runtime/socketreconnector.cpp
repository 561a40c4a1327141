#include "socketreconnector.h"

#include <algorithm>

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

namespace khepri {

SocketReconnector::SocketReconnector(Schedule schedule, QObject *parent)
    : QObject(parent)
    , m_schedule(schedule)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &SocketReconnector::fire);
}

SocketReconnector::~SocketReconnector() = default;

void SocketReconnector::schedule()
{
    if (!m_socketPath.isEmpty()) {
        if (!m_watcher) {
            m_watcher = new QFileSystemWatcher(this);
            connect(m_watcher, &QFileSystemWatcher::directoryChanged, this,
                    &SocketReconnector::onDirectoryChanged);
        }
        const QString dir = QFileInfo(m_socketPath).absolutePath();
        if (!m_watcher->directories().contains(dir) && QFileInfo(dir).isDir())
            m_watcher->addPath(dir);
    }
    m_delayMs = m_delayMs == 0 ? m_schedule.firstMs : std::min(m_delayMs * 2, m_schedule.maxMs);
    m_waiting = true;
    m_timer->start(m_delayMs);
}

void SocketReconnector::succeeded()
{
    m_delayMs = 0;
    stop();
}

void SocketReconnector::stop()
{
    m_waiting = false;
    m_timer->stop();
    unwatch();
}

void SocketReconnector::fire()
{
    // The directory stays watched: if this attempt fails, schedule() needs it
    // again.
    m_waiting = false;
    m_timer->stop();
    Q_EMIT attempt();
}

void SocketReconnector::onDirectoryChanged()
{
    if (!m_waiting || !QFileInfo::exists(m_socketPath))
        return;
    // The server is back: if this attempt fails, retry soon, not after the
    // long delay the outage had reached.
    m_delayMs = 0;
    fire();
}

void SocketReconnector::unwatch()
{
    if (m_watcher && !m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
}

} // namespace khepri
