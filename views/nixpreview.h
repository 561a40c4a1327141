#pragma once

// The owned file exactly as Save would write it — writeCompositionsFile() of
// the Document's owned compositions — syntax-highlighted (KF6
// SyntaxHighlighting when built with it, else NixHighlighter), refreshed
// shortly after every change. Read-only: the Document is edited elsewhere.

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QSyntaxHighlighter;
class QTimer;

namespace khepri {

class Document;

class NixPreview : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NixPreview)
public:
    explicit NixPreview(Document &document, QWidget *parent = nullptr);

    QString text() const; // what is shown
    void refreshNow();    // skips the short delay (tests, before saving)

protected:
    void changeEvent(QEvent *event) override;

private:
    void schedule();
    void applyPalette();

    Document &m_document;
    QLabel *m_header;
    QPlainTextEdit *m_text;
    QSyntaxHighlighter *m_highlighter;
    QTimer *m_timer;
};

} // namespace khepri
