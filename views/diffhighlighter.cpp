#include "diffhighlighter.h"

#include <QPalette>
#include <QTextCharFormat>

#include "graphstyle.h"

namespace khepri {

DiffHighlighter::DiffHighlighter(QTextDocument *document, const QPalette &palette)
    : QSyntaxHighlighter(document)
    , m_palette(palette)
{}

void DiffHighlighter::highlightBlock(const QString &text)
{
    const bool dark = graphstyle::isDark(m_palette);
    QTextCharFormat format;
    if (text.startsWith(u"+++") || text.startsWith(u"---")) {
        format.setFontWeight(QFont::Bold);
    } else if (text.startsWith(u'+')) {
        format.setForeground(dark ? QColor(0x9f, 0xe0, 0x9f) : QColor(0x11, 0x63, 0x29));
        format.setBackground(dark ? QColor(0x1e, 0x3a, 0x24) : QColor(0xe6, 0xff, 0xec));
    } else if (text.startsWith(u'-')) {
        format.setForeground(dark ? QColor(0xff, 0xa8, 0xa8) : QColor(0x86, 0x18, 0x1d));
        format.setBackground(dark ? QColor(0x45, 0x20, 0x22) : QColor(0xff, 0xeb, 0xe9));
    } else if (text.startsWith(u"@@")) {
        format.setForeground(m_palette.color(QPalette::PlaceholderText));
    } else {
        return;
    }
    setFormat(0, int(text.size()), format);
}

} // namespace khepri
