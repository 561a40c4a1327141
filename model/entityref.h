#pragma once

// Names one thing in the compositions: a composition, or a service, network,
// volume or secret of one. Used by the Document, its undo commands and the
// views instead of pointers (STYLE.md: commands store ids and values).

#include <QString>

namespace khepri {

struct EntityRef {
    enum class Kind { Composition, Service, Network, Volume, Secret };
    Kind kind = Kind::Composition;
    QString composition;
    QString name; // empty for Kind::Composition

    static EntityRef service(const QString &comp, const QString &name)
    {
        return {Kind::Service, comp, name};
    }
    static EntityRef network(const QString &comp, const QString &name)
    {
        return {Kind::Network, comp, name};
    }
    static EntityRef volume(const QString &comp, const QString &name)
    {
        return {Kind::Volume, comp, name};
    }
    static EntityRef secret(const QString &comp, const QString &name)
    {
        return {Kind::Secret, comp, name};
    }
    static EntityRef compositionRef(const QString &comp) { return {Kind::Composition, comp, {}}; }

    QString kindName() const; // "service", "network", …
    QString path() const;     // "khepri.compositions.app.services.web"
    friend bool operator==(const EntityRef &, const EntityRef &) = default;
};

} // namespace khepri
