#pragma once

// Colours a unified diff: added lines, removed lines, hunk headers. Follows
// the palette. Owned by the document it highlights.

#include <QPalette>
#include <QSyntaxHighlighter>

namespace khepri {

class DiffHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffHighlighter)
public:
    DiffHighlighter(QTextDocument *document, const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;

private:
    QPalette m_palette;
};

} // namespace khepri
