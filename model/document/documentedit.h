#pragma once

// One atomic edit of a Document: any number of steps (field edits, added or
// removed entities) that become ONE undo command — or, when any step is
// refused, nothing at all. Each step is checked when it is added, against
// the Document as the earlier steps would leave it (spec() and exists()
// answer that view); nothing touches the Document before commit(). This is
// how the Document's own edit*() calls, a graph connection (GraphEdits) and
// an import each stay one undo step that never leaves half of itself on the
// stack.
//
// Lives on the caller's stack for one edit; the Document outlives it. An
// edit that is not committed is discarded.

#include <memory>
#include <optional>
#include <vector>

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include "entityref.h"
#include "result.h"

class QUndoCommand;

namespace khepri {

class Document;

class DocumentEdit {
    Q_DISABLE_COPY_MOVE(DocumentEdit)
public:
    // `text` names the undo step when there are several (empty: the first step's).
    explicit DocumentEdit(Document &document, const QString &text = {});
    ~DocumentEdit();

    void setText(const QString &text) { m_text = text; }

    // The steps. A refused step returns why, and refuses the whole edit: later
    // steps are not tried and commit() returns the first refusal.
    Result<void> editSpec(const EntityRef &ref, const QJsonObject &spec, const QString &text = {});
    // Sets (or, with an undefined value, removes) one field; `path` walks records.
    Result<void> editField(const EntityRef &ref, const QStringList &path, const QJsonValue &value);
    Result<void> addEntity(const EntityRef &ref, const QJsonObject &spec);
    Result<void> removeEntity(const EntityRef &ref); // a composition goes with all it holds
    Result<void> addComposition(const QString &name);

    // The Document as the steps so far leave it.
    QJsonObject spec(const EntityRef &ref) const;
    bool exists(const EntityRef &ref) const;
    bool isRefused() const { return m_refusal.has_value(); }

    // Pushes the steps as one undo command and returns true (nothing is pushed
    // when no step changed anything); when a step was refused, pushes nothing
    // and returns that refusal. The single step of an unnamed edit is pushed as
    // itself, so that continuous edits of one field still merge; a named edit
    // (a gesture, an import) is always an undo step of its own. Call once.
    Result<void> commit();

private:
    struct Staged {
        EntityRef ref;
        std::optional<QJsonObject> spec; // absent: removed
    };
    Result<void> refuse(const Error &error);
    // What a step on an existing entity checks first (and refuses the edit for).
    Result<void> checkExisting(const EntityRef &ref);
    Result<QJsonObject> canonical(const EntityRef &ref, const QJsonObject &spec) const;
    // Replaces the settings of an existing entity (the step of editSpec and editField).
    Result<void> stageSpec(const EntityRef &ref, const QJsonObject &spec, const QString &text,
                           const QString &mergeKey);
    Result<void> checkEditable(const QString &composition) const;
    bool compositionExists(const QString &name) const;
    QList<EntityRef> entitiesOf(const QString &composition) const;
    void stage(std::unique_ptr<QUndoCommand> command);

    Document &m_document;
    QString m_text;
    std::vector<std::unique_ptr<QUndoCommand>> m_steps;
    QHash<QString, Staged> m_entities;   // by key(): entities the steps add, change or remove
    QHash<QString, bool> m_compositions; // added (true) or removed (false) by the steps
    std::optional<Error> m_refusal;
    bool m_committed = false;
};

} // namespace khepri
