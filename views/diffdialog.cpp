#include "diffdialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "diffhighlighter.h"

namespace khepri {

DiffDialog::DiffDialog(const QString &file, const QString &diff, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Save %1").arg(file));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        diff.isEmpty() ? tr("%1 on disk already holds exactly this. Write it again?").arg(file)
                       : tr("These changes will be written to %1:").arg(file),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *text = new QPlainTextEdit(this);
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new DiffHighlighter(text->document(), palette());
    text->setPlainText(diff);
    text->setVisible(!diff.isEmpty());
    layout->addWidget(text, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(900, 640);
}

} // namespace khepri
