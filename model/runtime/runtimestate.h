#pragma once

// RuntimeState joins what the flake declares (a Manifest from the
// translator), what the host deployed (/etc/khepri/manifest.json) and what
// systemd and Docker report into one LiveItem per composition, service,
// network and volume, with its status and drift. It is what every front end
// shows: the GUI dashboard wraps it in a QAbstractItemModel (rows are stable
// between resets; itemChanged(row) maps to dataChanged), `khepri status`
// prints it.
//
// Event-driven end to end: it recomputes only the items a client signal
// names, and emits itemChanged only when something a user sees changed. It
// owns no timer. It borrows the two clients (references; they must outlive
// it) and tells them which units and containers to follow.
//
// Invariants: rows are ordered by composition, then composition row,
// services, networks, volumes, each sorted by name; the set of rows changes
// only through setDeclared()/setDeployed(), between aboutToReset() and
// reset().

#include <optional>

#include <QHash>
#include <QList>
#include <QObject>

#include "liveitem.h"
#include "manifest.h"
#include "result.h"

class QFileSystemWatcher;

namespace khepri {

class DockerClient;
class SystemdClient;

class RuntimeState : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuntimeState)
public:
    RuntimeState(SystemdClient &systemd, DockerClient &docker, QObject *parent = nullptr);
    ~RuntimeState() override;

    // What the flake declares; nullopt when unknown (then no drift against it).
    void setDeclared(const std::optional<Manifest> &manifest);
    // What the host deployed; nullopt when unknown.
    void setDeployed(const std::optional<Manifest> &manifest);
    // Reads the deployed manifest from `path` and reads it again whenever the
    // file changes (a rebuild replaces it). A missing file is a problem() and
    // an unknown deployment.
    void watchDeployed(const QString &path);

    const std::optional<Manifest> &declared() const { return m_declared; }
    const std::optional<Manifest> &deployed() const { return m_deployed; }

    // Starts both clients.
    void start();

    int count() const { return int(m_items.size()); }
    const LiveItem &at(int row) const { return m_items.at(row); }
    int indexOf(const QString &id) const { return m_rows.value(id, -1); }
    const LiveItem *item(const QString &id) const;
    const QList<LiveItem> &items() const { return m_items; }

    // Both sources answered: listed, or failed with an error.
    bool isSynced() const;
    bool systemdKnown() const;
    bool dockerKnown() const;
    // Standing problems (a source unreachable, the deployed manifest
    // unreadable), one per source.
    QList<Error> problems() const;

    SystemdClient &systemd() const { return m_systemd; }
    DockerClient &docker() const { return m_docker; }

    // Start, stop or restart the unit behind an item (the target for a
    // composition) through SystemdClient; the outcome arrives as
    // SystemdClient::actionFinished.
    Result<QString> unitFor(const QString &id) const;

Q_SIGNALS:
    void aboutToReset();
    void reset();
    void itemChanged(int row, const QString &id);
    void problemsChanged();
    // isSynced() changed.
    void syncChanged(bool synced);

private:
    void rebuild();
    void recompute(int row);
    void recomputeComposition(const QString &composition);
    void recomputeAll();
    void onUnitChanged(const QString &unit);
    void onContainerChanged(const QString &name);
    void onNetworkChanged(const QString &name);
    void onVolumeChanged(const QString &name);
    void updateSync();
    void setProblem(const QString &source, const std::optional<Error> &error);
    void reloadDeployed();

    SystemdClient &m_systemd;
    DockerClient &m_docker;
    std::optional<Manifest> m_declared;
    std::optional<Manifest> m_deployed;
    QString m_deployedPath;
    QFileSystemWatcher *m_deployedWatcher = nullptr;
    QList<LiveItem> m_items;
    QHash<QString, int> m_rows;
    QMultiHash<QString, int> m_byUnit;
    QMultiHash<QString, int> m_byContainer;
    QMultiHash<QString, int> m_byNetwork;
    QMultiHash<QString, int> m_byVolume;
    QHash<QString, int> m_compositionRow;
    QMap<QString, Error> m_problems; // "systemd", "docker", "deployed"
    bool m_synced = false;
};

} // namespace khepri
