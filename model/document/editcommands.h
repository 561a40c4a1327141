#pragma once

// The undo commands of the Document. They store ids (EntityRef) and values
// (canonical JSON), never pointers, so they stay valid whatever else changes.
// Consecutive edits of the same entity within one text field merge (typing
// "nginx" is one undo step, not five). They are the only code that changes
// the Document's compositions (Document::apply* are private to them); the
// checks happen before, in DocumentEdit.

#include <memory>
#include <vector>

#include <QJsonObject>
#include <QUndoCommand>

#include "entityref.h"

namespace khepri {

class Document;

class SetSpecCommand : public QUndoCommand {
public:
    SetSpecCommand(Document &document, const EntityRef &ref, const QJsonObject &before,
                   const QJsonObject &after, const QString &text, const QString &mergeKey);
    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

private:
    Document &m_document;
    EntityRef m_ref;
    QJsonObject m_before;
    QJsonObject m_after;
    QString m_mergeKey; // empty: never merges
};

// Adds (or, with `remove`, removes) one entity; undo does the opposite.
class InsertRemoveCommand : public QUndoCommand {
public:
    InsertRemoveCommand(Document &document, const EntityRef &ref, const QJsonObject &spec,
                        bool remove, const QString &text);
    void undo() override;
    void redo() override;

private:
    Document &m_document;
    EntityRef m_ref;
    QJsonObject m_spec;
    bool m_remove;
};

// Several commands as one undo step (a DocumentEdit of several steps): redone
// in order, undone in reverse. Never merges.
class CompositeCommand : public QUndoCommand {
public:
    CompositeCommand(const QString &text, std::vector<std::unique_ptr<QUndoCommand>> steps);
    void undo() override;
    void redo() override;
    int stepCount() const { return int(m_steps.size()); }

private:
    std::vector<std::unique_ptr<QUndoCommand>> m_steps;
};

} // namespace khepri
