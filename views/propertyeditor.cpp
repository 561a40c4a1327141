#include "propertyeditor.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QJsonObject>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QStringBuilder>
#include <QToolButton>
#include <QVBoxLayout>

#include "boolfieldeditor.h"
#include "checklistfieldeditor.h"
#include "commandfieldeditor.h"
#include "diagnostictarget.h"
#include "document.h"
#include "graphstyle.h"
#include "listfieldeditor.h"
#include "mapfieldeditor.h"
#include "schema.h"
#include "textfieldeditor.h"
#include "viewslogging.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

using Kind = EntityRef::Kind;

const SchemaNode *schemaFor(Kind kind)
{
    switch (kind) {
    case Kind::Service:
        return &schema::service();
    case Kind::Network:
        return &schema::network();
    case Kind::Volume:
        return &schema::volume();
    case Kind::Secret:
        return &schema::secret();
    case Kind::Composition:
        return nullptr;
    }
    return nullptr;
}

// The options shown first, in this order; the rest follow under "More options".
QStringList primaryFields(Kind kind)
{
    if (kind == Kind::Service)
        return {u"image"_s,      u"containerName"_s, u"restart"_s,    u"cmd"_s,
                u"entrypoint"_s, u"environment"_s,   u"ports"_s,      u"volumes"_s,
                u"networks"_s,   u"dependsOn"_s,     u"healthcheck"_s};
    return {};
}

QStringList suggestionsFor(Kind kind, const QStringList &path)
{
    const QString &last = path.last();
    if (last == u"restart" && path.size() == 1)
        return {u"no"_s, u"always"_s, u"unless-stopped"_s, u"on-failure"_s, u"on-failure:3"_s};
    if (last == u"networkMode")
        return {u"host"_s, u"none"_s, u"bridge"_s, u"service:"_s, u"container:"_s};
    if (last == u"pull")
        return {u"always"_s, u"missing"_s, u"never"_s, u"newer"_s};
    if (last == u"condition")
        return {u"none"_s, u"on-failure"_s, u"any"_s};
    if (last == u"stopSignal")
        return {u"SIGTERM"_s, u"SIGINT"_s, u"SIGQUIT"_s, u"SIGHUP"_s, u"SIGKILL"_s};
    if (path == QStringList{u"logging"_s, u"driver"_s})
        return {u"json-file"_s, u"journald"_s, u"local"_s, u"syslog"_s, u"none"_s};
    if (last == u"driver" && path.size() == 1 && kind == Kind::Network)
        return {u"bridge"_s, u"overlay"_s, u"macvlan"_s, u"ipvlan"_s};
    if (last == u"driver" && path.size() == 1 && kind == Kind::Volume)
        return {u"local"_s};
    return {};
}

QJsonValue valueAt(const QJsonObject &spec, const QStringList &path)
{
    QJsonValue v = spec;
    for (const QString &key : path)
        v = v.toObject().value(key);
    return v;
}

QString kindTitle(Kind kind)
{
    switch (kind) {
    case Kind::Service:
        return PropertyEditor::tr("Service");
    case Kind::Network:
        return PropertyEditor::tr("Network");
    case Kind::Volume:
        return PropertyEditor::tr("Volume");
    case Kind::Secret:
        return PropertyEditor::tr("Secret");
    case Kind::Composition:
        return PropertyEditor::tr("Composition");
    }
    return {};
}

} // namespace

PropertyEditor::PropertyEditor(Document &document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_banner(new QLabel(this))
    , m_problems(new QLabel(this))
    , m_error(new QLabel(this))
    , m_scroll(new QScrollArea(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setWordWrap(true);
    for (QLabel *l : {m_banner, m_problems, m_error}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setMargin(6);
        l->setAutoFillBackground(true);
        l->hide();
    }
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_banner);
    layout->addWidget(m_problems);
    layout->addWidget(m_error);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll, 1);

    connect(&m_document, &Document::documentReset, this, [this] {
        if (!m_document.exists(m_ref))
            m_ref = {};
        build();
    });
    connect(&m_document, &Document::entityChanged, this, [this](const EntityRef &ref) {
        if (ref == m_ref)
            refreshValues();
    });
    connect(&m_document, &Document::entityAdded, this, [this](const EntityRef &ref) {
        if (ref.composition == m_ref.composition)
            refreshCandidates();
        if (m_ref.kind == Kind::Composition && ref.composition == m_ref.composition)
            build();
    });
    connect(&m_document, &Document::entityRemoved, this, [this](const EntityRef &ref) {
        if (ref == m_ref
            || (ref.kind == Kind::Composition && ref.composition == m_ref.composition)) {
            m_ref = {};
            build();
        } else if (ref.composition == m_ref.composition) {
            refreshCandidates();
        }
    });
    connect(&m_document, &Document::diagnosticsChanged, this, &PropertyEditor::refreshDiagnostics);
    build();
}

void PropertyEditor::setEntity(const EntityRef &ref, const QString &note)
{
    if (ref == m_ref && note == m_note && m_form)
        return;
    m_ref = ref;
    m_note = note;
    build();
}

FieldEditor *PropertyEditor::editor(const QString &path) const
{
    for (FieldEditor *e : m_editors)
        if (e->path().join(u'.') == path)
            return e;
    return nullptr;
}

QString PropertyEditor::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString PropertyEditor::problemsText() const
{
    return m_problems->isHidden() ? QString() : m_problems->text();
}

void PropertyEditor::build()
{
    const int scroll = m_scroll->verticalScrollBar()->value();
    m_editors.clear();
    m_labels.clear();
    if (m_form)
        m_form->deleteLater();
    m_form = new QWidget;
    auto *outer = new QVBoxLayout(m_form);
    outer->setContentsMargins(0, 0, 0, 0);
    m_error->hide();

    const bool exists = !m_ref.composition.isEmpty() && m_document.exists(m_ref);
    if (!exists) {
        m_title->setText(tr("Nothing selected"));
        m_subtitle->setText(tr("Select a service, network or volume in the graph or the tree to "
                               "edit its settings."));
        m_banner->hide();
        m_problems->hide();
        outer->addStretch();
        m_scroll->setWidget(m_form);
        m_readOnly = true;
        return;
    }

    const CompositionOrigin origin = m_document.origin(m_ref.composition);
    m_readOnly = !origin.editable;
    m_title->setText(m_ref.kind == Kind::Composition ? m_ref.composition : m_ref.name);
    QString subtitle = kindTitle(m_ref.kind);
    if (m_ref.kind != Kind::Composition)
        subtitle += tr(" in composition %1").arg(m_ref.composition);
    if (!m_note.isEmpty())
        subtitle += u"\n" % m_note;
    m_subtitle->setText(subtitle);
    if (m_readOnly) {
        QPalette p = m_banner->palette();
        p.setColor(QPalette::Window,
                   graphstyle::warningColor(p).lighter(graphstyle::isDark(p) ? 60 : 185));
        m_banner->setPalette(p);
        m_banner->setText(
            tr("Read-only: defined in %1. %2")
                .arg(origin.file.isEmpty() ? tr("a file khepri does not own") : origin.file,
                     origin.readOnlyReason.isEmpty() ? tr("khepri edits only the file it owns.")
                                                     : origin.readOnlyReason));
        m_banner->show();
    } else {
        m_banner->hide();
    }

    if (m_ref.kind == Kind::Composition) {
        const Composition *c = m_document.composition(m_ref.composition);
        auto *info = new QLabel(m_form);
        info->setWordWrap(true);
        info->setText(tr("%n service(s)", nullptr, int(c->services.size())) % u", "
                      % tr("%n network(s)", nullptr, int(c->networks.size())) % u", "
                      % tr("%n volume(s)", nullptr, int(c->volumes.size())) % u", "
                      % tr("%n secret(s)", nullptr, int(c->secrets.size())) % u"\n\n"
                      % tr("Defined in %1").arg(origin.file));
        outer->addWidget(info);
        outer->addStretch();
    } else if (const SchemaNode *record = schemaFor(m_ref.kind)) {
        auto *main = new QFormLayout;
        main->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        const QStringList primary = primaryFields(m_ref.kind);
        QStringList rest;
        for (const QString &f : record->fields.keys())
            if (!primary.contains(f))
                rest.append(f);
        if (primary.isEmpty()) {
            buildFields(main, *record, {}, rest);
            outer->addLayout(main);
        } else {
            buildFields(main, *record, {}, primary);
            outer->addLayout(main);
            auto *toggle = new QToolButton(m_form);
            toggle->setText(tr("More options"));
            toggle->setCheckable(true);
            toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
            toggle->setArrowType(Qt::RightArrow);
            toggle->setAutoRaise(true);
            auto *more = new QWidget(m_form);
            auto *moreForm = new QFormLayout(more);
            moreForm->setContentsMargins(0, 0, 0, 0);
            moreForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            buildFields(moreForm, *record, {}, rest);
            more->setVisible(false);
            connect(toggle, &QToolButton::toggled, more, [toggle, more](bool on) {
                more->setVisible(on);
                toggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
            });
            outer->addWidget(toggle);
            outer->addWidget(more);
        }
        outer->addStretch();
    }
    m_form->setEnabled(!m_readOnly);
    m_scroll->setWidget(m_form);
    refreshCandidates();
    refreshValues();
    refreshDiagnostics();
    m_scroll->verticalScrollBar()->setValue(scroll);
}

void PropertyEditor::buildFields(QFormLayout *form, const SchemaNode &record,
                                 const QStringList &prefix, const QStringList &fields)
{
    for (const QString &name : fields) {
        const SchemaNode *node = record.fields.value(name);
        if (!node)
            continue;
        const QStringList path = prefix + QStringList{name};
        if (node->record && !node->scalar) {
            auto *group = new QGroupBox(name, m_form);
            group->setToolTip(node->description);
            auto *inner = new QFormLayout(group);
            inner->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            buildFields(inner, *node, path, node->fields.keys());
            form->addRow(group);
            continue;
        }
        FieldEditor *editor = createEditor(path, *node);
        auto *label = new QLabel(name, m_form);
        label->setToolTip(node->description);
        editor->setToolTip(node->description);
        m_labels.insert(path.join(u'.'), label);
        connect(editor, &FieldEditor::problemChanged, label, [label, node](const QString &problem) {
            QPalette p = label->palette();
            p.setColor(QPalette::WindowText, problem.isEmpty()
                                                 ? QPalette().color(QPalette::WindowText)
                                                 : graphstyle::errorColor(p));
            label->setPalette(p);
            label->setToolTip(problem.isEmpty() ? node->description : problem);
        });
        connect(editor, &FieldEditor::edited, this, &PropertyEditor::applyEdit);
        m_editors.append(editor);
        form->addRow(label, editor);
    }
}

FieldEditor *PropertyEditor::createEditor(const QStringList &path, const SchemaNode &node)
{
    const bool top = path.size() == 1;
    if (top && m_ref.kind == Kind::Service
        && (path.first() == u"dependsOn" || path.first() == u"networks"))
        return new ChecklistFieldEditor(path, node, m_form);
    if (node.map && !node.record && node.coerce != SchemaNode::Coerce::AttrsToHostList)
        return new MapFieldEditor(path, node, m_form);
    if (node.scalar && node.list && node.coerce == SchemaNode::Coerce::None)
        return new CommandFieldEditor(path, node, m_form);
    if (node.list)
        return new ListFieldEditor(path, node, node.description, m_form);
    if (node.defaultValue.isBool())
        return new BoolFieldEditor(path, node, m_form);
    return new TextFieldEditor(path, node, suggestionsFor(m_ref.kind, path), m_form);
}

void PropertyEditor::refreshValues()
{
    const QJsonObject spec = m_document.spec(m_ref);
    for (FieldEditor *e : std::as_const(m_editors))
        e->setValue(valueAt(spec, e->path()));
}

void PropertyEditor::refreshCandidates()
{
    const Composition *c = m_document.composition(m_ref.composition);
    if (!c || m_ref.kind != Kind::Service)
        return;
    QStringList services, networks;
    for (const Service &s : c->services)
        if (s.name != m_ref.name)
            services.append(s.name);
    for (const Network &n : c->networks)
        networks.append(n.name);
    if (FieldEditor *e = editor(u"dependsOn"_s))
        e->setCandidates(services);
    if (FieldEditor *e = editor(u"networks"_s))
        e->setCandidates(networks);
}

void PropertyEditor::refreshDiagnostics()
{
    if (m_ref.composition.isEmpty() || !m_document.exists(m_ref)) {
        m_problems->hide();
        return;
    }
    QStringList lines;
    QHash<QString, QString> perField;
    bool errors = false;
    for (const Diagnostic &d : m_document.diagnostics()) {
        const EntityRef target = diagnosticTarget(d);
        if (!(target == m_ref
              || (m_ref.kind == Kind::Composition && d.composition == m_ref.composition)))
            continue;
        errors = errors || d.severity == Diagnostic::Severity::Error;
        lines.append(u"• " % d.message);
        // Mark the closest editor: "dependsOn.db" → dependsOn, "healthcheck.test" → itself.
        QStringList field = d.field.split(u'.', Qt::SkipEmptyParts);
        if (m_ref.kind != Kind::Service && field.size() >= 2)
            field = field.mid(2); // "networks.<name>.driver" → "driver"
        while (!field.isEmpty() && !editor(field.join(u'.')))
            field.removeLast();
        if (!field.isEmpty())
            perField[field.join(u'.')] +=
                (perField.contains(field.join(u'.')) ? u"\n"_s : u""_s) % d.message;
    }
    for (FieldEditor *e : std::as_const(m_editors))
        e->setProblem(perField.value(e->path().join(u'.')));
    if (lines.isEmpty()) {
        m_problems->hide();
        return;
    }
    QPalette p = m_problems->palette();
    const QColor base = errors ? graphstyle::errorColor(p) : graphstyle::warningColor(p);
    p.setColor(QPalette::Window, base.lighter(graphstyle::isDark(p) ? 50 : 190));
    p.setColor(QPalette::WindowText, graphstyle::isDark(p) ? QColor(Qt::white) : base.darker(170));
    m_problems->setPalette(p);
    m_problems->setText(lines.join(u'\n'));
    m_problems->show();
}

void PropertyEditor::applyEdit(const QStringList &path, const QJsonValue &value)
{
    const Result<void> result = m_document.editField(m_ref, path, value);
    if (result) {
        m_error->hide();
        return;
    }
    qCDebug(lcUiEditor) << "edit refused:" << result.error().message;
    QPalette p = m_error->palette();
    p.setColor(QPalette::Window,
               graphstyle::errorColor(p).lighter(graphstyle::isDark(p) ? 50 : 190));
    m_error->setPalette(p);
    m_error->setText(result.error().message);
    m_error->show();
}

} // namespace khepri
