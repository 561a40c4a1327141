#include "composeimportdialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include "document.h"
#include "graphscene.h"
#include "graphview.h"

using namespace Qt::StringLiterals;

namespace khepri {

ComposeImportDialog::ComposeImportDialog(const QStringList &taken, QWidget *parent)
    : QDialog(parent)
    , m_taken(taken)
    , m_file(new QLineEdit(this))
    , m_envFile(new QLineEdit(this))
    , m_profiles(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_summary(new QLabel(this))
    , m_diagnostics(new QPlainTextEdit(this))
    , m_previewDocument(new Document(this))
    , m_scene(new GraphScene(*m_previewDocument, this))
    , m_view(new GraphView(m_scene, this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Import Compose File"));
    setObjectName(u"composeImportDialog"_s);
    m_file->setObjectName(u"composeFile"_s);
    m_envFile->setObjectName(u"envFile"_s);
    m_envFile->setPlaceholderText(tr(".env beside the compose file"));
    m_profiles->setPlaceholderText(tr("profiles to include, separated by commas"));
    m_name->setPlaceholderText(tr("from the compose file (name:) or its directory"));
    m_diagnostics->setReadOnly(true);
    m_diagnostics->setObjectName(u"diagnostics"_s);
    m_summary->setWordWrap(true);

    auto browse = [this](QLineEdit *edit, const QString &title, const QString &filter) {
        auto *button = new QToolButton(this);
        button->setText(tr("…"));
        connect(button, &QToolButton::clicked, this, [this, edit, title, filter] {
            const QString path = QFileDialog::getOpenFileName(this, title, edit->text(), filter);
            if (!path.isEmpty()) {
                edit->setText(path);
                preview();
            }
        });
        auto *row = new QHBoxLayout;
        row->addWidget(edit);
        row->addWidget(button);
        return row;
    };
    auto *form = new QFormLayout;
    form->addRow(tr("Compose file:"), browse(m_file, tr("Compose File"),
                                             tr("Compose files (*.yml *.yaml);;All files (*)")));
    form->addRow(tr("Env file:"), browse(m_envFile, tr("Env File"), tr("All files (*)")));
    form->addRow(tr("Profiles:"), m_profiles);
    form->addRow(tr("Composition name:"), m_name);
    for (QLineEdit *e : {m_file, m_envFile, m_profiles, m_name})
        connect(e, &QLineEdit::editingFinished, this, &ComposeImportDialog::preview);

    auto *accept = m_buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    accept->setObjectName(u"importButton"_s);
    accept->setEnabled(false);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_diagnostics);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    layout->addWidget(m_buttons);
    resize(900, 700);
}

ComposeImportDialog::~ComposeImportDialog() = default;

void ComposeImportDialog::setComposeFile(const QString &path)
{
    m_file->setText(path);
    preview();
}

void ComposeImportDialog::setEnvFile(const QString &path)
{
    m_envFile->setText(path);
    preview();
}

void ComposeImportDialog::setProfiles(const QStringList &profiles)
{
    m_profiles->setText(profiles.join(u", "_s));
    preview();
}

QPushButton *ComposeImportDialog::acceptButton() const
{
    return findChild<QPushButton *>(u"importButton"_s);
}

Composition ComposeImportDialog::composition() const
{
    return m_result ? m_result->composition : Composition{};
}

QString ComposeImportDialog::diagnosticsText() const
{
    return m_diagnostics->toPlainText();
}

void ComposeImportDialog::preview()
{
    m_result.reset();
    acceptButton()->setEnabled(false);
    if (m_file->text().isEmpty())
        return;
    compose::ImportOptions options;
    options.files = {m_file->text()};
    if (!m_envFile->text().isEmpty())
        options.envFiles = {m_envFile->text()};
    for (const QString &p : m_profiles->text().split(u',', Qt::SkipEmptyParts))
        options.profiles.append(p.trimmed());
    options.projectName = m_name->text().trimmed();
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &k : env.keys())
        options.environment.insert(k, env.value(k));

    const auto r = compose::importCompose(options);
    if (!r) {
        m_summary->setText(tr("This file cannot be imported: %1").arg(r.error().message));
        m_diagnostics->setPlainText(r.error().toString());
        m_previewDocument->reset({}, {}, {});
        return;
    }
    m_result = r.value();
    const Composition &c = m_result->composition;
    QString text;
    int notCarried = 0;
    for (const Diagnostic &d : m_result->diagnostics) {
        text += severityName(d.severity) + u": "_s + d.message + u'\n';
        notCarried += compose::isNotCarried(d) ? 1 : 0;
    }
    m_diagnostics->setPlainText(text);
    m_previewDocument->reset({c}, {{c.name, CompositionOrigin{{}, false, tr("preview")}}}, {});
    const bool taken = m_taken.contains(c.name);
    QString summary =
        tr("Composition %1: %n service(s)", nullptr, int(c.services.size())).arg(c.name);
    if (notCarried > 0)
        summary += tr("; %n thing(s) are not carried over (listed below)", nullptr, notCarried);
    if (taken)
        summary += tr(". A composition %1 exists already: give another name.").arg(c.name);
    m_summary->setText(summary);
    acceptButton()->setEnabled(!taken && !hasErrors(m_result->diagnostics));
}

} // namespace khepri
