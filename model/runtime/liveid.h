#pragma once

// LiveId names one item of the live state (RuntimeState's LiveItem::id) and
// owns the format every console keys its rows and selections by:
//   composition/<comp>   service/<comp>/<svc>
//   network/<comp>/<key> volume/<comp>/<key>
// Composition names and keys never contain '/', so the format is unambiguous.
// A plain value: built from its parts, an EntityRef or parsed from text;
// default-constructed it is invalid and prints as the empty string.

#include <optional>

#include <QString>

#include "entityref.h"
#include "livestatus.h"

namespace khepri {

class LiveId {
public:
    LiveId() = default;

    static LiveId composition(const QString &composition);
    static LiveId service(const QString &composition, const QString &service);
    static LiveId network(const QString &composition, const QString &key);
    static LiveId volume(const QString &composition, const QString &key);
    static LiveId of(ItemKind kind, const QString &composition, const QString &name);
    // The live item of a Document entity; invalid for secrets (they have none).
    static LiveId of(const EntityRef &ref);
    // nullopt unless `text` is exactly one of the four forms with non-empty parts.
    static std::optional<LiveId> parse(const QString &text);

    bool isValid() const { return !m_composition.isEmpty(); }
    ItemKind kind() const { return m_kind; }
    QString composition() const { return m_composition; }
    // The service, network or volume key; the composition's name for a composition.
    QString name() const { return m_kind == ItemKind::Composition ? m_composition : m_name; }
    QString toString() const;
    // The Document entity the item stands for; an empty EntityRef when invalid.
    EntityRef toEntityRef() const;

    friend bool operator==(const LiveId &, const LiveId &) = default;

private:
    LiveId(ItemKind kind, const QString &composition, const QString &name);

    ItemKind m_kind = ItemKind::Composition;
    QString m_composition;
    QString m_name; // empty for a composition
};

} // namespace khepri
