#pragma once

// The Status dock's contents: the live state table (LiveStateModel through a
// sorting, filtering proxy) under a filter line. It reports which item the
// user picked by its stable id; what to do with it is the window's business.
// Owned by the main window; the model must outlive it.

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace khepri {

class LiveStateModel;

class StatusPanel : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusPanel)
public:
    explicit StatusPanel(LiveStateModel &model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

    QString currentId() const;
    // Makes `id` the current row (without emitting currentIdChanged); false
    // when no row shows it.
    bool selectId(const QString &id);

Q_SIGNALS:
    void currentIdChanged(const QString &id);
    void activated(const QString &id); // double-click or Enter

private:
    LiveStateModel &m_model;
    QLineEdit *m_filter;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    bool m_selecting = false;
};

} // namespace khepri
