#include "rebuildpanel.h"

#include <QBrush>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QListView>
#include <QProgressBar>
#include <QPushButton>
#include <QStringBuilder>
#include <QVBoxLayout>

#include "rebuildlogmodel.h"
#include "rebuildrunner.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// Colours the log's rows by severity; the log model itself stays free of
// presentation.
class SeverityColours : public QIdentityProxyModel {
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != Qt::ForegroundRole && role != Qt::BackgroundRole)
            return QIdentityProxyModel::data(index, role);
        const auto severity = RebuildLogEntry::Severity(
            QIdentityProxyModel::data(index, RebuildLogModel::SeverityRole).toInt());
        switch (severity) {
        case RebuildLogEntry::Severity::Error:
            return role == Qt::ForegroundRole ? QBrush(QColor(0xb7, 0x1c, 0x1c))
                                              : QBrush(QColor(0xff, 0xeb, 0xee));
        case RebuildLogEntry::Severity::Warning:
            return role == Qt::ForegroundRole ? QVariant(QBrush(QColor(0x8d, 0x5a, 0x00)))
                                              : QVariant();
        case RebuildLogEntry::Severity::Detail:
            return role == Qt::ForegroundRole ? QVariant(QBrush(QColor(Qt::gray))) : QVariant();
        case RebuildLogEntry::Severity::Info:
            break;
        }
        return {};
    }
};

} // namespace

RebuildPanel::RebuildPanel(RebuildRunner &runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(&runner)
    , m_status(new QLabel(tr("No rebuild has run yet."), this))
    , m_target(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_log(new QListView(this))
{
    setObjectName(u"rebuildPanel"_s);
    m_status->setObjectName(u"rebuildStatus"_s);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_target->setObjectName(u"rebuildTarget"_s);
    m_target->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_target->hide();
    m_progress->setObjectName(u"rebuildProgress"_s);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setMaximumWidth(320);
    m_cancel->setEnabled(false);
    connect(m_cancel, &QPushButton::clicked, m_runner, &RebuildRunner::cancel);

    auto *colours = new SeverityColours(this);
    colours->setSourceModel(m_runner->logModel());
    m_log->setObjectName(u"rebuildLog"_s);
    m_log->setModel(colours);
    m_log->setUniformItemSizes(true);
    m_log->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_log, &QListView::doubleClicked, this, [this](const QModelIndex &index) {
        const QString file = index.data(RebuildLogModel::FileRole).toString();
        if (!file.isEmpty())
            Q_EMIT locationActivated(file, index.data(RebuildLogModel::LineRole).toInt(),
                                     index.data(RebuildLogModel::ColumnRole).toInt());
    });
    // Follow the tail unless the user scrolled up to read.
    connect(m_runner->logModel(), &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_log->currentIndex().isValid() && m_log->selectionModel()->hasSelection())
            return;
        m_log->scrollToBottom();
    });

    connect(m_runner, &RebuildRunner::phaseChanged, this, &RebuildPanel::showPhase);
    connect(m_runner, &RebuildRunner::progressChanged, this, &RebuildPanel::showProgress);
    connect(m_runner, &RebuildRunner::finished, this, &RebuildPanel::showResult);

    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_progress);
    top->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_target);
    layout->addWidget(m_log, 1);
}

void RebuildPanel::setTargetNote(const QString &note)
{
    m_target->setText(note);
    m_target->setVisible(!note.isEmpty());
}

void RebuildPanel::showPhase(RebuildPhase phase)
{
    const bool running = phase != RebuildPhase::Idle && phase != RebuildPhase::Done
                         && phase != RebuildPhase::Failed && phase != RebuildPhase::Cancelled;
    m_cancel->setEnabled(running);
    if (running) {
        m_status->setText(tr("Rebuild: %1 …").arg(rebuildPhaseName(phase)));
        showProgress(m_runner->progress());
    }
}

void RebuildPanel::showProgress(const RebuildProgress &progress)
{
    if (!m_runner->isRunning())
        return;
    if (progress.expected > 0) {
        m_progress->setRange(0, progress.expected);
        m_progress->setValue(std::min(progress.done, progress.expected));
    } else {
        m_progress->setRange(0, 0); // busy
    }
}

void RebuildPanel::showResult(const RebuildResult &result)
{
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(result.succeeded() ? 1 : 0);
    const QString action = rebuildActionName(result.action);
    switch (result.status) {
    case RebuildResult::Status::Succeeded:
        m_status->setText(tr("nixos-rebuild %1 finished.").arg(action));
        break;
    case RebuildResult::Status::Cancelled:
        m_status->setText(tr("nixos-rebuild %1 was cancelled.").arg(action));
        break;
    case RebuildResult::Status::Failed:
        m_status->setText(tr("nixos-rebuild %1 failed: %2").arg(action, result.error.message));
        break;
    }
}

} // namespace khepri
