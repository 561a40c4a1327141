#pragma once

// Value types for what a user declares under khepri.compositions (see
// NIXOS-MODULE.md). Plain values: copyable, comparable, no QObject. Defaults
// equal the module's defaults. Fields the console does not model yet are kept
// verbatim in `extra` so that nothing a user wrote is lost on the way through.

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

// Where a value cannot be represented by the console (a derivation image, a
// function, a path, an mkIf/mkForce wrapper): what it is and where.
struct Unrepresentable {
    QString field; // e.g. "services.web.image"
    QString kind;  // "derivation", "function", "path", "override"
    QString detail;
    friend bool operator==(const Unrepresentable &, const Unrepresentable &) = default;
};

struct Service {
    QString name;
    QString image;
    QString containerName; // empty: <composition>-<service>
    QStringList ports;
    QList<Dependency> dependsOn;
    QStringList networks;
    QStringList volumes;
    QMap<QString, QString> environment;
    QStringList cmd;
    QString restart;
    QJsonObject extra; // every other field, as evaluated
    friend bool operator==(const Service &, const Service &) = default;
};

struct Network {
    QString name;
    bool external = false;
    QString dockerName; // "name" in compose; empty: generated
    QString driver;
    bool internal = false;
    QJsonObject extra;
    friend bool operator==(const Network &, const Network &) = default;
};

struct Volume {
    QString name;
    bool external = false;
    QString dockerName;
    QString driver;
    QJsonObject extra;
    friend bool operator==(const Volume &, const Volume &) = default;
};

struct Composition {
    QString name;
    QList<Service> services; // sorted by name
    QList<Network> networks; // sorted by name
    QList<Volume> volumes;   // sorted by name
    QList<Unrepresentable> unrepresentable;
    friend bool operator==(const Composition &, const Composition &) = default;

    const Service *service(const QString &serviceName) const;
};

} // namespace khepri
