#pragma once

// The property form for the selected entity, generated from the module's
// schema (model/schema.h) so that every option has an editor: text and
// choice fields, check boxes, tables for lists and attribute sets,
// checklists for dependsOn and networks, groups for nested settings. Each
// user change goes to the Document as one editField() (one undo step; typing
// in one field merges); the form shows the Document's value back and marks
// the fields its diagnostics name. Read-only compositions show the form
// disabled and say why. Holds only the selected entity's id.

#include <QHash>
#include <QList>
#include <QWidget>

#include "entityref.h"

class QFormLayout;
class QLabel;
class QScrollArea;
class QVBoxLayout;

namespace khepri {

class Document;
class FieldEditor;
struct SchemaNode;

class PropertyEditor : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PropertyEditor)
public:
    explicit PropertyEditor(Document &document, QWidget *parent = nullptr);

    // Shows `ref`'s settings; `note` is an extra line (e.g. "shared by …").
    void setEntity(const EntityRef &ref, const QString &note = {});
    EntityRef entity() const { return m_ref; }
    bool isReadOnly() const { return m_readOnly; }

    // The editor of an option, by dotted path ("image", "healthcheck.interval").
    FieldEditor *editor(const QString &path) const;
    QList<FieldEditor *> editors() const { return m_editors; }
    QString errorText() const; // the last edit's refusal, if any
    QString problemsText() const;

private:
    void build();
    void buildFields(QFormLayout *form, const SchemaNode &record, const QStringList &prefix,
                     const QStringList &fields);
    FieldEditor *createEditor(const QStringList &path, const SchemaNode &node);
    void refreshValues();
    void refreshDiagnostics();
    void refreshCandidates();
    void applyEdit(const QStringList &path, const QJsonValue &value);

    Document &m_document;
    EntityRef m_ref;
    QString m_note;
    bool m_readOnly = false;
    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_banner;
    QLabel *m_problems;
    QLabel *m_error;
    QScrollArea *m_scroll;
    QWidget *m_form = nullptr;
    QList<FieldEditor *> m_editors;
    QHash<QString, QLabel *> m_labels; // dotted path → row label
};

} // namespace khepri
