#pragma once

// The Document: every composition the console knows, where each is defined,
// which are editable, their diagnostics, and the undo stack. It is the truth
// the views mirror: they read it and react to its signals, and change it only
// through edit*() calls, each of which pushes one QUndoCommand (so undo and
// redo restore exactly). Owned by the application (one per open source).
//
// Invariants: compositions are sorted by name, entities within them too;
// diagnostics always belong to the current compositions; a composition that
// is not editable is never changed by an edit (the call returns the reason).

#include <QList>
#include <QMap>
#include <QObject>

#include "composition.h"
#include "diagnostic.h"
#include "entityref.h"
#include "result.h"

class QUndoStack;

namespace khepri {

struct CompositionOrigin {
    QString file;           // the file that defines it (empty: unknown)
    bool editable = false;  // defined in the owned file, and representable
    QString readOnlyReason; // why not editable, for the user
    friend bool operator==(const CompositionOrigin &, const CompositionOrigin &) = default;
};

class Document : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Document)
public:
    explicit Document(QObject *parent = nullptr);
    ~Document() override;

    // Replaces everything (after loading); clears the undo stack.
    void reset(const QList<Composition> &compositions,
               const QMap<QString, CompositionOrigin> &origins, const QString &ownedFile);

    const QList<Composition> &compositions() const { return m_compositions; }
    const Composition *composition(const QString &name) const;
    CompositionOrigin origin(const QString &composition) const;
    QString ownedFile() const { return m_ownedFile; }
    // The compositions written to the owned file (the editable ones).
    QList<Composition> ownedCompositions() const;
    const QList<Diagnostic> &diagnostics() const { return m_diagnostics; }
    QList<Diagnostic> diagnosticsFor(const EntityRef &ref) const;

    // The settings of an entity (canonical JSON); empty when it does not exist.
    QJsonObject spec(const EntityRef &ref) const;
    bool exists(const EntityRef &ref) const;

    QUndoStack *undoStack() const { return m_undo; }
    bool isModified() const;

    // The owned file's bytes as last loaded or saved (absent: it did not
    // exist). Save compares the file on disk with this to detect changes made
    // behind khepri's back.
    std::optional<QByteArray> ownedFileBaseline() const { return m_baseline; }
    void setOwnedFileBaseline(const std::optional<QByteArray> &content) { m_baseline = content; }
    // After a successful save: the baseline is what was written, and the
    // undo stack is clean.
    void markSaved(const QByteArray &written);

    // Edits: each validates, then pushes one undo command (or, refused,
    // nothing). Several changes as one undo step: DocumentEdit.
    Result<void> editSpec(const EntityRef &ref, const QJsonObject &spec, const QString &text = {});
    // Sets (or, with an undefined value, removes) one field; `path` walks records.
    Result<void> editField(const EntityRef &ref, const QStringList &path, const QJsonValue &value);
    Result<void> addEntity(const EntityRef &ref, const QJsonObject &spec);
    Result<void> removeEntity(const EntityRef &ref);
    Result<void> addComposition(const QString &name);

Q_SIGNALS:
    void documentReset();                             // everything changed
    void entityChanged(const khepri::EntityRef &ref); // settings of an existing entity
    void entityAdded(const khepri::EntityRef &ref);
    void entityRemoved(const khepri::EntityRef &ref);
    void diagnosticsChanged();

private:
    // Applied by the undo commands only (editcommands.h): no checks, no undo
    // entry. The checks are DocumentEdit's, before a command exists.
    friend class SetSpecCommand;
    friend class InsertRemoveCommand;
    void applySpec(const EntityRef &ref, const QJsonObject &spec);
    void applyInsert(const EntityRef &ref, const QJsonObject &spec);
    void applyRemove(const EntityRef &ref);

    Composition *mutableComposition(const QString &name);
    void revalidate();

    QList<Composition> m_compositions;
    QMap<QString, CompositionOrigin> m_origins;
    QString m_ownedFile;
    std::optional<QByteArray> m_baseline;
    QList<Diagnostic> m_diagnostics;
    QUndoStack *m_undo;
};

} // namespace khepri
