#include "documentedit.h"

#include <algorithm>

#include <QStringBuilder>
#include <QUndoStack>

#include "canonical.h"
#include "document.h"
#include "editcommands.h"
#include "schema.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

using Kind = EntityRef::Kind;

const SchemaNode &schemaFor(Kind kind)
{
    switch (kind) {
    case Kind::Service:
        return schema::service();
    case Kind::Network:
        return schema::network();
    case Kind::Volume:
        return schema::volume();
    case Kind::Secret:
        return schema::secret();
    case Kind::Composition:
        break;
    }
    return schema::composition();
}

// Sets or removes `value` at `path` inside `object`, creating records on the way.
QJsonObject withField(QJsonObject object, const QStringList &path, const QJsonValue &value)
{
    if (path.isEmpty())
        return object;
    const QString key = path.first();
    if (path.size() == 1) {
        if (value.isUndefined())
            object.remove(key);
        else
            object.insert(key, value);
        return object;
    }
    const QJsonObject child = withField(object.value(key).toObject(), path.mid(1), value);
    if (child.isEmpty())
        object.remove(key);
    else
        object.insert(key, child);
    return object;
}

// NUL cannot occur in a name the Document accepts, so it separates safely.
QString key(const EntityRef &ref)
{
    return ref.kindName() % QChar(0) % ref.composition % QChar(0) % ref.name;
}

Error noSuchEntity(const EntityRef &ref)
{
    return Error::make(ErrorCode::NoSuchEntity, u"there is no " % ref.kindName() % u' ' % ref.name);
}

} // namespace

DocumentEdit::DocumentEdit(Document &document, const QString &text)
    : m_document(document)
    , m_text(text)
{}

DocumentEdit::~DocumentEdit() = default;

Result<void> DocumentEdit::refuse(const Error &error)
{
    if (!m_refusal)
        m_refusal = error;
    return error;
}

void DocumentEdit::stage(std::unique_ptr<QUndoCommand> command)
{
    m_steps.push_back(std::move(command));
}

bool DocumentEdit::compositionExists(const QString &name) const
{
    const auto staged = m_compositions.constFind(name);
    return staged != m_compositions.cend() ? *staged : m_document.composition(name) != nullptr;
}

Result<void> DocumentEdit::checkEditable(const QString &composition) const
{
    if (!compositionExists(composition))
        return Error::make(ErrorCode::NoSuchComposition, u"there is no composition " % composition);
    if (m_compositions.value(composition, false))
        return {}; // added by this edit, to the owned file
    const CompositionOrigin o = m_document.origin(composition);
    if (!o.editable)
        return Error::make(ErrorCode::ReadOnly,
                           u"composition " % composition % u" is read-only: " % o.readOnlyReason);
    return {};
}

bool DocumentEdit::exists(const EntityRef &ref) const
{
    if (ref.kind == Kind::Composition)
        return compositionExists(ref.composition);
    if (const auto staged = m_entities.constFind(key(ref)); staged != m_entities.cend())
        return staged->spec.has_value();
    if (m_compositions.contains(ref.composition))
        return false; // removed or new in this edit: only staged entities are in it
    return m_document.exists(ref);
}

QJsonObject DocumentEdit::spec(const EntityRef &ref) const
{
    if (const auto staged = m_entities.constFind(key(ref)); staged != m_entities.cend())
        return staged->spec.value_or(QJsonObject());
    if (m_compositions.contains(ref.composition))
        return {};
    return m_document.spec(ref);
}

QList<EntityRef> DocumentEdit::entitiesOf(const QString &composition) const
{
    QList<EntityRef> refs;
    if (const Composition *c = m_document.composition(composition);
        c && !m_compositions.contains(composition)) {
        for (const Service &x : c->services)
            refs.append(EntityRef::service(c->name, x.name));
        for (const Network &x : c->networks)
            refs.append(EntityRef::network(c->name, x.name));
        for (const Volume &x : c->volumes)
            refs.append(EntityRef::volume(c->name, x.name));
        for (const Secret &x : c->secrets)
            refs.append(EntityRef::secret(c->name, x.name));
    }
    for (const Staged &s : m_entities)
        if (s.ref.composition == composition && !refs.contains(s.ref))
            refs.append(s.ref);
    refs.removeIf([this](const EntityRef &r) { return !exists(r); });
    std::stable_sort(refs.begin(), refs.end(),
                     [](const EntityRef &a, const EntityRef &b) { return a.kind < b.kind; });
    return refs;
}

Result<void> DocumentEdit::checkExisting(const EntityRef &ref)
{
    if (m_refusal)
        return *m_refusal;
    if (auto ok = checkEditable(ref.composition); !ok)
        return refuse(ok.error());
    if (!exists(ref))
        return refuse(noSuchEntity(ref));
    return {};
}

Result<QJsonObject> DocumentEdit::canonical(const EntityRef &ref, const QJsonObject &spec) const
{
    CanonicalIssues issues;
    const QJsonObject out = canonicalize(schemaFor(ref.kind), spec, ref.path(), &issues).toObject();
    if (!issues.shapeErrors.isEmpty())
        return Error::make(ErrorCode::Shape, issues.shapeErrors.first());
    return out;
}

Result<void> DocumentEdit::stageSpec(const EntityRef &ref, const QJsonObject &spec,
                                     const QString &text, const QString &mergeKey)
{
    if (auto ok = checkExisting(ref); !ok)
        return ok;
    const Result<QJsonObject> after = canonical(ref, spec);
    if (!after)
        return refuse(after.error());
    const QJsonObject before = this->spec(ref);
    if (before == after.value())
        return {};
    stage(std::make_unique<SetSpecCommand>(m_document, ref, before, after.value(), text, mergeKey));
    m_entities.insert(key(ref), Staged{ref, after.value()});
    return {};
}

Result<void> DocumentEdit::editSpec(const EntityRef &ref, const QJsonObject &spec,
                                    const QString &text)
{
    return stageSpec(ref, spec, text.isEmpty() ? u"Edit " % ref.kindName() % u' ' % ref.name : text,
                     QString());
}

Result<void> DocumentEdit::editField(const EntityRef &ref, const QStringList &path,
                                     const QJsonValue &value)
{
    const QString field = path.join(u'.');
    return stageSpec(ref, withField(spec(ref), path, value), u"Edit " % ref.name % u' ' % field,
                     ref.path() % u'#' % field);
}

Result<void> DocumentEdit::addEntity(const EntityRef &ref, const QJsonObject &spec)
{
    if (ref.kind == Kind::Composition)
        return addComposition(ref.composition);
    if (m_refusal)
        return *m_refusal;
    if (auto ok = checkEditable(ref.composition); !ok)
        return refuse(ok.error());
    if (ref.name.isEmpty())
        return refuse(
            Error::make(ErrorCode::InvalidName, u"a " % ref.kindName() % u" needs a name"));
    if (exists(ref))
        return refuse(Error::make(ErrorCode::Exists, u"composition " % ref.composition
                                                         % u" already has a " % ref.kindName()
                                                         % u' ' % ref.name));
    const Result<QJsonObject> canonical = this->canonical(ref, spec);
    if (!canonical)
        return refuse(canonical.error());
    stage(std::make_unique<InsertRemoveCommand>(m_document, ref, canonical.value(), false,
                                                u"Add " % ref.kindName() % u' ' % ref.name));
    m_entities.insert(key(ref), Staged{ref, canonical.value()});
    return {};
}

Result<void> DocumentEdit::removeEntity(const EntityRef &ref)
{
    if (auto ok = checkExisting(ref); !ok)
        return ok;
    if (ref.kind == Kind::Composition) {
        // A composition goes with everything in it, so that undo brings all of it back.
        for (const EntityRef &entity : entitiesOf(ref.composition)) {
            stage(std::make_unique<InsertRemoveCommand>(m_document, entity, spec(entity), true,
                                                        QString()));
            m_entities.insert(key(entity), Staged{entity, std::nullopt});
        }
        stage(std::make_unique<InsertRemoveCommand>(m_document, ref, QJsonObject(), true,
                                                    u"Delete composition " % ref.composition));
        m_compositions.insert(ref.composition, false);
        return {};
    }
    stage(std::make_unique<InsertRemoveCommand>(m_document, ref, spec(ref), true,
                                                u"Delete " % ref.kindName() % u' ' % ref.name));
    m_entities.insert(key(ref), Staged{ref, std::nullopt});
    return {};
}

Result<void> DocumentEdit::addComposition(const QString &name)
{
    if (m_refusal)
        return *m_refusal;
    if (name.isEmpty())
        return refuse(Error::make(ErrorCode::InvalidName, u"a composition needs a name"_s));
    if (compositionExists(name))
        return refuse(Error::make(ErrorCode::Exists, u"there already is a composition " % name));
    if (m_document.ownedFile().isEmpty())
        return refuse(Error::make(ErrorCode::ReadOnly,
                                  u"no file is owned by khepri here, so nothing can be added"_s,
                                  u"Open a flake or file khepri may write to."_s));
    stage(std::make_unique<InsertRemoveCommand>(m_document, EntityRef::compositionRef(name),
                                                QJsonObject(), false, u"Add composition " % name));
    m_compositions.insert(name, true);
    return {};
}

Result<void> DocumentEdit::commit()
{
    if (m_refusal)
        return *m_refusal;
    if (m_committed || m_steps.empty()) {
        m_committed = true;
        return {};
    }
    m_committed = true;
    QUndoStack *undo = m_document.undoStack();
    if (m_steps.size() == 1 && m_text.isEmpty()) {
        undo->push(m_steps.front().release());
    } else {
        QString text = m_text;
        for (const auto &step : m_steps)
            if (text.isEmpty())
                text = step->text();
        undo->push(new CompositeCommand(text, std::move(m_steps)));
    }
    m_steps.clear();
    return {};
}

} // namespace khepri
