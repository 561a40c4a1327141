#pragma once

// A small syntax highlighter for Nix (comments, strings with
// interpolations, numbers, keywords, attribute names, paths), used when KF6
// SyntaxHighlighting is not available. Colours follow the palette, so light
// and dark themes both read well. Owned by the document it highlights.

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace khepri {

class NixHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NixHighlighter)
public:
    explicit NixHighlighter(QTextDocument *document);
    void setPalette(const QPalette &palette); // rehighlights

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_comment, m_string, m_keyword, m_number, m_attribute, m_path, m_interpolation;
};

} // namespace khepri
