#pragma once

// Value types for what a user declares under khepri.compositions
// (NIXOS-MODULE.md). Each entity keeps its settings as `spec`: the canonical
// JSON form (short forms expanded as the module coerces them, values equal to
// the module's defaults dropped — see canonical.h), so every option the
// module has is carried without loss; typed accessors read the fields the
// console works with. Plain values: copyable, comparable, no QObject.

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace khepri {

enum class DependencyCondition { Started, Healthy, CompletedSuccessfully };

QString conditionName(DependencyCondition condition); // compose spelling
bool parseDependencyCondition(const QString &text, DependencyCondition *out);

struct Dependency {
    QString service;
    DependencyCondition condition = DependencyCondition::Started;
    friend bool operator==(const Dependency &, const Dependency &) = default;
};

// A service's mount of a composition volume, a host path or a tmpfs.
struct Mount {
    enum class Kind { Volume, Bind, Anonymous, Tmpfs };
    Kind kind = Kind::Volume;
    QString source; // volume name or host path; empty for anonymous
    QString target;
    bool readOnly = false;
    friend bool operator==(const Mount &, const Mount &) = default;
};

// Where a value cannot be represented by the console (a derivation image, a
// function, a path, an mkIf/mkForce wrapper): what it is and where.
struct Unrepresentable {
    QString field; // e.g. "app.services.web.image"
    QString kind;  // "derivation", "function", "path", "override", "unknown-field"
    QString detail;
    friend bool operator==(const Unrepresentable &, const Unrepresentable &) = default;
};

struct Service {
    QString name;
    QJsonObject spec;

    QString image() const; // empty when the image is not a plain reference
    QString containerName() const;
    QStringList ports() const; // long forms rendered as "[IP:]HOST:CONTAINER/PROTO"
    QList<Dependency> dependsOn() const;
    QStringList networks() const;
    QList<Mount> mounts() const;
    QMap<QString, QString> environment() const;
    bool hasHealthcheck() const;
    QString networkMode() const;
    QString restart() const;

    friend bool operator==(const Service &, const Service &) = default;
};

struct Network {
    QString name;
    QJsonObject spec;
    bool external() const;
    bool internal() const;
    QString dockerName() const; // the "name" option; empty: generated
    QString driver() const;
    friend bool operator==(const Network &, const Network &) = default;
};

struct Volume {
    QString name;
    QJsonObject spec;
    bool external() const;
    QString dockerName() const;
    QString driver() const;
    friend bool operator==(const Volume &, const Volume &) = default;
};

struct Secret {
    QString name;
    QJsonObject spec;
    QString file() const;
    friend bool operator==(const Secret &, const Secret &) = default;
};

struct Composition {
    QString name;
    QList<Service> services; // sorted by name
    QList<Network> networks; // sorted by name
    QList<Volume> volumes;   // sorted by name
    QList<Secret> secrets;   // sorted by name
    QList<Unrepresentable> unrepresentable;
    friend bool operator==(const Composition &, const Composition &) = default;

    const Service *service(const QString &serviceName) const;
    const Network *network(const QString &networkName) const;
    const Volume *volume(const QString &volumeName) const;
};

// Parses a compose short volume string: "data:/d:ro", "/host:/d", "/anon".
Mount parseMount(const QString &text);

} // namespace khepri
