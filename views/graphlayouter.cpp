#include "graphlayouter.h"

#include <QThread>

namespace khepri {

GraphLayouter::GraphLayouter(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new QObject)
{
    m_thread->setObjectName(QStringLiteral("khepri-layout"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start(QThread::LowPriority);
}

GraphLayouter::~GraphLayouter()
{
    m_latest.storeRelease(-1); // skip whatever has not started
    m_thread->quit();
    m_thread->wait();
}

int GraphLayouter::request(const LayoutRequest &request)
{
    const int generation = m_latest.loadAcquire() + 1;
    m_latest.storeRelease(generation);
    ++m_pending;
    QMetaObject::invokeMethod(m_worker, [this, generation, request] {
        LayoutResult result;
        const bool stale = m_latest.loadAcquire() != generation;
        if (!stale)
            result = computeLayout(request);
        // Back on the GUI thread; dropped if the layouter is gone by then.
        QMetaObject::invokeMethod(
            this,
            [this, generation, stale, result] {
                --m_pending;
                if (!stale)
                    Q_EMIT finished(generation, result);
            },
            Qt::QueuedConnection);
    });
    return generation;
}

} // namespace khepri
