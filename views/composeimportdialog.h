#pragma once

// File → Import Compose File…: pick a compose file (and an env file, and
// profiles), see the composition it becomes — its graph and every
// diagnostic, with the YAML's line:column — before anything changes. The
// preview lives in a Document of its own (read-only); the main Document is
// touched only when the caller takes composition() after Accept, and adds it
// as one undo step (Document::addComposition). Reading happens in process
// (model/compose); a compose file is small. Owned by its parent window.

#include <QDialog>

#include "composeimporter.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace khepri {

class Document;
class GraphScene;
class GraphView;

class ComposeImportDialog : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComposeImportDialog)
public:
    // `taken`: composition names already in the Document (an import may not reuse one).
    explicit ComposeImportDialog(const QStringList &taken, QWidget *parent = nullptr);
    ~ComposeImportDialog() override;

    void setComposeFile(const QString &path); // previews at once
    void setEnvFile(const QString &path);
    void setProfiles(const QStringList &profiles);

    // The last preview: the composition to add, or why there is none.
    bool hasComposition() const { return m_result.has_value(); }
    Composition composition() const;
    QString diagnosticsText() const;
    GraphScene *previewScene() const { return m_scene; }
    QPushButton *acceptButton() const;

    void preview();

private:
    QStringList m_taken;
    QLineEdit *m_file;
    QLineEdit *m_envFile;
    QLineEdit *m_profiles;
    QLineEdit *m_name;
    QLabel *m_summary;
    QPlainTextEdit *m_diagnostics;
    Document *m_previewDocument;
    GraphScene *m_scene;
    GraphView *m_view;
    QDialogButtonBox *m_buttons;
    std::optional<compose::ImportResult> m_result;
};

} // namespace khepri
