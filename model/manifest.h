#pragma once

// Manifest: the names and units the NixOS module generates for each
// composition (NIXOS-MODULE.md, "The manifest"), as parsed from the JSON that
// the translator returns and the host keeps in /etc/khepri/manifest.json.
// A plain value: copyable, comparable, no QObject. Maps are keyed by the
// names the user wrote (composition, service, network, volume key), so
// iteration order is sorted and stable. Unknown fields are ignored (the
// contract allows fields to be added); a different `version` is an error.

#include <optional>

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include "result.h"

namespace khepri {

struct ManifestService {
    QString container; // docker container name
    QString unit;      // e.g. docker-paperless_web.service
    QString image;
    QMap<QString, QString> dependsOn; // service -> condition (compose spelling)
    QStringList networks;             // docker network names
    QStringList volumes;              // docker volume names
    QStringList ports;
    QString restart;
    bool autoStart = true;
    friend bool operator==(const ManifestService &, const ManifestService &) = default;
};

// A network or a volume: both have a docker name and, unless external, a unit.
struct ManifestResource {
    QString name; // docker name
    QString unit; // empty for external resources
    bool external = false;
    friend bool operator==(const ManifestResource &, const ManifestResource &) = default;
};

struct ManifestComposition {
    QString target; // khepri-<comp>.target
    QMap<QString, ManifestService> services;
    QMap<QString, ManifestResource> networks;
    QMap<QString, ManifestResource> volumes;
    friend bool operator==(const ManifestComposition &, const ManifestComposition &) = default;
};

class Manifest {
public:
    static constexpr int kVersion = 1;

    int version = kVersion;
    QString backend = QStringLiteral("docker");
    QMap<QString, ManifestComposition> compositions;

    friend bool operator==(const Manifest &, const Manifest &) = default;

    // `file` only labels errors.
    static Result<Manifest> fromJson(const QJsonObject &json, const QString &file = {});
    static Result<Manifest> fromJsonBytes(const QByteArray &bytes, const QString &file = {});
    // Reads and parses a manifest file; a missing file is an error with code
    // "not-found".
    static Result<Manifest> load(const QString &path);

    QJsonObject toJson() const;

    // Every unit the manifest names (targets, services, networks, volumes),
    // sorted, without duplicates.
    QStringList units() const;
    QStringList containers() const;
};

} // namespace khepri
