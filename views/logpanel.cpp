#include "logpanel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QStringBuilder>
#include <QTextBlock>
#include <QTextDocument>
#include <QVBoxLayout>

#include "dockerlogdecoder.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {
constexpr int kMaxHighlights = 2000; // beyond that, highlighting costs more than it shows
} // namespace

LogPanel::LogPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(tr("Select a service to follow its output."), this))
    , m_search(new QLineEdit(this))
    , m_text(new QPlainTextEdit(this))
{
    setObjectName(u"logPanel"_s);
    m_search->setObjectName(u"logSearch"_s);
    m_search->setPlaceholderText(tr("Search the log"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(300);
    m_text->setObjectName(u"logText"_s);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setMaximumBlockCount(kMaxLines);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_search, &QLineEdit::textChanged, this, &LogPanel::highlight);
    connect(m_search, &QLineEdit::returnPressed, this, &LogPanel::findNext);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_search);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_text, 1);
}

LogPanel::~LogPanel() = default;

void LogPanel::start(const QString &container, const QString &title, bool continued)
{
    m_container = container;
    m_name = title;
    m_following = !container.isEmpty();
    if (!continued) {
        m_text->clear();
        m_matches = 0;
    }
    if (container.isEmpty()) {
        m_title->setText(tr("Select a service to follow its output."));
        return;
    }
    m_title->setText(tr("Following %1").arg(title));
}

void LogPanel::end(const Result<void> &result)
{
    m_following = false;
    m_title->setText(result ? tr("%1: the output ended").arg(m_name)
                            : tr("%1: %2").arg(m_name, result.error().message));
}

void LogPanel::append(const QList<LogLine> &lines)
{
    if (lines.isEmpty())
        return;
    QStringList texts;
    texts.reserve(lines.size());
    for (const LogLine &l : lines)
        texts.append(l.text);
    QScrollBar *bar = m_text->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_text->appendPlainText(texts.join(u'\n'));
    if (atEnd)
        bar->setValue(bar->maximum());
    if (!m_search->text().isEmpty())
        highlight();
}

void LogPanel::highlight()
{
    QList<QTextEdit::ExtraSelection> selections;
    m_matches = 0;
    const QString needle = m_search->text();
    if (!needle.isEmpty()) {
        QTextCharFormat format;
        format.setBackground(QColor(0xff, 0xe0, 0x66));
        format.setForeground(QColor(Qt::black));
        QTextDocument *document = m_text->document();
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
            const QString line = block.text();
            for (qsizetype at = line.indexOf(needle, 0, Qt::CaseInsensitive); at >= 0;
                 at = line.indexOf(needle, at + needle.size(), Qt::CaseInsensitive)) {
                ++m_matches;
                if (selections.size() >= kMaxHighlights)
                    continue;
                QTextCursor cursor(block);
                cursor.setPosition(block.position() + int(at));
                cursor.setPosition(block.position() + int(at + needle.size()),
                                   QTextCursor::KeepAnchor);
                selections.append({cursor, format});
            }
        }
    }
    m_text->setExtraSelections(selections);
}

bool LogPanel::findNext()
{
    const QString needle = m_search->text();
    if (needle.isEmpty())
        return false;
    if (m_text->find(needle))
        return true;
    // Wrap around.
    QTextCursor start = m_text->textCursor();
    start.movePosition(QTextCursor::Start);
    m_text->setTextCursor(start);
    return m_text->find(needle);
}

} // namespace khepri
