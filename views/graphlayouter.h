#pragma once

// Runs computeLayout() on a worker thread so that big graphs never freeze
// the window. Requests are numbered; a request made while another runs
// supersedes any not yet started (only the newest waiting one runs), and
// finished() reports each completed one with its number so the caller can
// ignore stale results. Owned by the graph scene; joins its thread on
// destruction.

#include <QAtomicInt>
#include <QObject>

#include "graphlayout.h"

class QThread;

namespace khepri {

class GraphLayouter : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GraphLayouter)
public:
    explicit GraphLayouter(QObject *parent = nullptr);
    ~GraphLayouter() override;

    int request(const LayoutRequest &request); // returns the request's number
    bool isBusy() const { return m_pending > 0; }

Q_SIGNALS:
    void finished(int generation, const khepri::LayoutResult &result);

private:
    QThread *m_thread;
    QObject *m_worker; // lives in m_thread
    QAtomicInt m_latest;
    int m_pending = 0;
};

} // namespace khepri
