#include "editcommands.h"

#include "document.h"

namespace khepri {

SetSpecCommand::SetSpecCommand(Document &document, const EntityRef &ref, const QJsonObject &before,
                               const QJsonObject &after, const QString &text,
                               const QString &mergeKey)
    : QUndoCommand(text)
    , m_document(document)
    , m_ref(ref)
    , m_before(before)
    , m_after(after)
    , m_mergeKey(mergeKey)
{}

void SetSpecCommand::undo()
{
    m_document.applySpec(m_ref, m_before);
}

void SetSpecCommand::redo()
{
    m_document.applySpec(m_ref, m_after);
}

int SetSpecCommand::id() const
{
    return m_mergeKey.isEmpty() ? -1 : 1;
}

bool SetSpecCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetSpecCommand *>(other);
    if (o->m_mergeKey != m_mergeKey || !(o->m_ref == m_ref))
        return false;
    m_after = o->m_after;
    return true;
}

InsertRemoveCommand::InsertRemoveCommand(Document &document, const EntityRef &ref,
                                         const QJsonObject &spec, bool remove, const QString &text)
    : QUndoCommand(text)
    , m_document(document)
    , m_ref(ref)
    , m_spec(spec)
    , m_remove(remove)
{}

void InsertRemoveCommand::undo()
{
    if (m_remove)
        m_document.applyInsert(m_ref, m_spec);
    else
        m_document.applyRemove(m_ref);
}

void InsertRemoveCommand::redo()
{
    if (m_remove)
        m_document.applyRemove(m_ref);
    else
        m_document.applyInsert(m_ref, m_spec);
}

CompositeCommand::CompositeCommand(const QString &text,
                                   std::vector<std::unique_ptr<QUndoCommand>> steps)
    : QUndoCommand(text)
    , m_steps(std::move(steps))
{}

void CompositeCommand::undo()
{
    for (auto it = m_steps.rbegin(); it != m_steps.rend(); ++it)
        (*it)->undo();
}

void CompositeCommand::redo()
{
    for (const auto &step : m_steps)
        step->redo();
}

} // namespace khepri
