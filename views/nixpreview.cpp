#include "nixpreview.h"

#include <QEvent>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#ifdef KHEPRI_HAVE_KF6_SYNTAX
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

#include "document.h"
#include "graphstyle.h"
#include "nixhighlighter.h"
#include "nixwriter.h"

namespace khepri {

#ifdef KHEPRI_HAVE_KF6_SYNTAX
namespace {
KSyntaxHighlighting::Repository &repository()
{
    static KSyntaxHighlighting::Repository instance;
    return instance;
}
} // namespace
#endif

NixPreview::NixPreview(Document &document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_header(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
    , m_timer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_header->setMargin(6);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_header);
    layout->addWidget(m_text, 1);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setFrameShape(QFrame::NoFrame);
#ifdef KHEPRI_HAVE_KF6_SYNTAX
    auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(m_text->document());
    highlighter->setDefinition(repository().definitionForName(QStringLiteral("Nix")));
    m_highlighter = highlighter;
#else
    m_highlighter = new NixHighlighter(m_text->document());
#endif
    applyPalette();

    m_timer->setSingleShot(true);
    m_timer->setInterval(60);
    connect(m_timer, &QTimer::timeout, this, &NixPreview::refreshNow);
    connect(&m_document, &Document::documentReset, this, &NixPreview::refreshNow);
    connect(&m_document, &Document::entityChanged, this, &NixPreview::schedule);
    connect(&m_document, &Document::entityAdded, this, &NixPreview::schedule);
    connect(&m_document, &Document::entityRemoved, this, &NixPreview::schedule);
    connect(m_document.undoStack(), &QUndoStack::cleanChanged, this, &NixPreview::schedule);
    refreshNow();
}

QString NixPreview::text() const
{
    return m_text->toPlainText();
}

void NixPreview::schedule()
{
    m_timer->start();
}

void NixPreview::refreshNow()
{
    m_timer->stop();
    const QString owned = m_document.ownedFile();
    if (owned.isEmpty())
        m_header->setText(
            tr("No file is owned by khepri for this source: nothing would be written."));
    else
        m_header->setText(tr("%1%2 — as Save would write it")
                              .arg(owned, m_document.isModified() ? tr(" (modified)") : QString()));
    const QString next = owned.isEmpty() && m_document.ownedCompositions().isEmpty()
                             ? QString()
                             : writeCompositionsFile(m_document.ownedCompositions());
    if (next == m_text->toPlainText())
        return;
    // Keep the reader where they were.
    const int v = m_text->verticalScrollBar()->value();
    const int h = m_text->horizontalScrollBar()->value();
    m_text->setPlainText(next);
    m_text->verticalScrollBar()->setValue(v);
    m_text->horizontalScrollBar()->setValue(h);
}

void NixPreview::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void NixPreview::applyPalette()
{
#ifdef KHEPRI_HAVE_KF6_SYNTAX
    auto *highlighter = static_cast<KSyntaxHighlighting::SyntaxHighlighter *>(m_highlighter);
    highlighter->setTheme(repository().defaultTheme(
        graphstyle::isDark(palette()) ? KSyntaxHighlighting::Repository::DarkTheme
                                      : KSyntaxHighlighting::Repository::LightTheme));
    highlighter->rehighlight();
#else
    static_cast<NixHighlighter *>(m_highlighter)->setPalette(palette());
#endif
}

} // namespace khepri
