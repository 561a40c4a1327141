#include "document.h"

#include <algorithm>
#include <type_traits>

#include <QJsonArray>
#include <QStringBuilder>
#include <QUndoStack>

#include "documentedit.h"
#include "validator.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

using Kind = EntityRef::Kind;

template<typename T>
T *find(QList<T> &list, const QString &name)
{
    auto it = std::find_if(list.begin(), list.end(), [&](const T &t) { return t.name == name; });
    return it == list.end() ? nullptr : &*it;
}

template<typename T>
void insertSorted(QList<T> &list, const T &item)
{
    auto it = std::lower_bound(list.begin(), list.end(), item,
                               [](const T &a, const T &b) { return a.name < b.name; });
    list.insert(it, item);
}

template<typename T>
void removeNamed(QList<T> &list, const QString &name)
{
    list.removeIf([&](const T &t) { return t.name == name; });
}

// Calls f with the composition's list of entities of `kind` (its services,
// networks, volumes or secrets); nothing for Kind::Composition. The entity
// types share {name, spec}, so one generic f serves all four.
template<typename C, typename F>
void withEntities(C &composition, Kind kind, F &&f)
{
    switch (kind) {
    case Kind::Service:
        f(composition.services);
        break;
    case Kind::Network:
        f(composition.networks);
        break;
    case Kind::Volume:
        f(composition.volumes);
        break;
    case Kind::Secret:
        f(composition.secrets);
        break;
    case Kind::Composition:
        break;
    }
}

} // namespace

Document::Document(QObject *parent)
    : QObject(parent)
    , m_undo(new QUndoStack(this))
{}

Document::~Document() = default;

void Document::reset(const QList<Composition> &compositions,
                     const QMap<QString, CompositionOrigin> &origins, const QString &ownedFile)
{
    m_compositions = compositions;
    std::sort(m_compositions.begin(), m_compositions.end(),
              [](const Composition &a, const Composition &b) { return a.name < b.name; });
    m_origins = origins;
    m_ownedFile = ownedFile;
    m_undo->clear();
    revalidate();
    Q_EMIT documentReset();
}

const Composition *Document::composition(const QString &name) const
{
    auto it = std::find_if(m_compositions.cbegin(), m_compositions.cend(),
                           [&](const Composition &c) { return c.name == name; });
    return it == m_compositions.cend() ? nullptr : &*it;
}

Composition *Document::mutableComposition(const QString &name)
{
    return find(m_compositions, name);
}

CompositionOrigin Document::origin(const QString &composition) const
{
    return m_origins.value(composition);
}

QList<Composition> Document::ownedCompositions() const
{
    QList<Composition> out;
    for (const Composition &c : m_compositions)
        if (origin(c.name).editable)
            out.append(c);
    return out;
}

QList<Diagnostic> Document::diagnosticsFor(const EntityRef &ref) const
{
    QList<Diagnostic> out;
    for (const Diagnostic &d : m_diagnostics) {
        if (d.composition != ref.composition)
            continue;
        if (ref.kind == Kind::Composition || (ref.kind == Kind::Service && d.service == ref.name)
            || (ref.kind != Kind::Service && d.field.startsWith(ref.kindName() % u"s." % ref.name)))
            out.append(d);
    }
    return out;
}

QJsonObject Document::spec(const EntityRef &ref) const
{
    QJsonObject out;
    if (const Composition *c = composition(ref.composition))
        withEntities(*c, ref.kind, [&](const auto &list) {
            for (const auto &entity : list)
                if (entity.name == ref.name)
                    out = entity.spec;
        });
    return out;
}

bool Document::exists(const EntityRef &ref) const
{
    const Composition *c = composition(ref.composition);
    if (!c)
        return false;
    if (ref.kind == Kind::Composition)
        return true;
    bool found = false;
    withEntities(*c, ref.kind, [&](const auto &list) {
        found = std::any_of(list.cbegin(), list.cend(),
                            [&](const auto &e) { return e.name == ref.name; });
    });
    return found;
}

bool Document::isModified() const
{
    return !m_undo->isClean();
}

void Document::markSaved(const QByteArray &written)
{
    m_baseline = written;
    m_undo->setClean();
}

Result<void> Document::editSpec(const EntityRef &ref, const QJsonObject &spec, const QString &text)
{
    DocumentEdit edit(*this);
    edit.editSpec(ref, spec, text);
    return edit.commit();
}

Result<void> Document::editField(const EntityRef &ref, const QStringList &path,
                                 const QJsonValue &value)
{
    DocumentEdit edit(*this);
    edit.editField(ref, path, value);
    return edit.commit();
}

Result<void> Document::addEntity(const EntityRef &ref, const QJsonObject &spec)
{
    DocumentEdit edit(*this);
    edit.addEntity(ref, spec);
    return edit.commit();
}

Result<void> Document::removeEntity(const EntityRef &ref)
{
    DocumentEdit edit(*this);
    edit.removeEntity(ref);
    return edit.commit();
}

Result<void> Document::addComposition(const QString &name)
{
    DocumentEdit edit(*this);
    edit.addComposition(name);
    return edit.commit();
}

void Document::applySpec(const EntityRef &ref, const QJsonObject &spec)
{
    Composition *c = mutableComposition(ref.composition);
    if (!c || ref.kind == Kind::Composition)
        return;
    withEntities(*c, ref.kind, [&](auto &list) {
        if (auto *entity = find(list, ref.name))
            entity->spec = spec;
    });
    revalidate();
    Q_EMIT entityChanged(ref);
}

void Document::applyInsert(const EntityRef &ref, const QJsonObject &spec)
{
    if (ref.kind == Kind::Composition) {
        Composition c;
        c.name = ref.composition;
        insertSorted(m_compositions, c);
        m_origins.insert(c.name, CompositionOrigin{m_ownedFile, true, {}});
    } else if (Composition *c = mutableComposition(ref.composition)) {
        withEntities(*c, ref.kind, [&](auto &list) {
            using Entity = typename std::decay_t<decltype(list)>::value_type;
            insertSorted(list, Entity{ref.name, spec});
        });
    } else {
        return;
    }
    revalidate();
    Q_EMIT entityAdded(ref);
}

void Document::applyRemove(const EntityRef &ref)
{
    if (ref.kind == Kind::Composition) {
        removeNamed(m_compositions, ref.composition);
        m_origins.remove(ref.composition);
    } else if (Composition *c = mutableComposition(ref.composition)) {
        withEntities(*c, ref.kind, [&](auto &list) { removeNamed(list, ref.name); });
    }
    revalidate();
    Q_EMIT entityRemoved(ref);
}

void Document::revalidate()
{
    QList<Diagnostic> next = validate(m_compositions);
    for (const Composition &c : m_compositions)
        for (const Unrepresentable &u : c.unrepresentable)
            next.append(Diagnostic{
                u.kind == u"unknown-field" ? Diagnostic::Severity::Error
                                           : Diagnostic::Severity::Info,
                u.kind == u"unknown-field" ? u"unknown-field"_s : u"unrepresentable"_s,
                u.kind == u"unknown-field"
                    ? QString(u"khepri.compositions." % u.field % u": " % u.detail)
                    : QString(u"khepri.compositions." % u.field % u" is a " % u.kind % u" ("
                              % u.detail % u"); khepri shows it but cannot edit it"),
                c.name,
                {},
                u.field,
                origin(c.name).file,
                0,
                0});
    if (next == m_diagnostics)
        return;
    m_diagnostics = next;
    Q_EMIT diagnosticsChanged();
}

} // namespace khepri
