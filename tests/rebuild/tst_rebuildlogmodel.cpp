// RebuildLogModel under QAbstractItemModelTester: rows appended at the end,
// the roles the GUI and TUI read (text, severity, file/line/column), trimming
// of the oldest rows, clearing.

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "rebuildlogmodel.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestRebuildLogModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rolesAndRows()
    {
        RebuildLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.append({{u"building the system configuration..."_s,
                       RebuildLogEntry::Severity::Info,
                       {},
                       0,
                       0}});
        model.append({{u"error: undefined variable 'pkgs'"_s, RebuildLogEntry::Severity::Error,
                       u"/srv/cfg/khepri-compositions.nix"_s, 14, 19},
                      {u"   14|   command = [ pkgs.hello ];"_s,
                       RebuildLogEntry::Severity::Error,
                       {},
                       0,
                       0}});
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(inserted.at(1).at(1).toInt(), 1);
        QCOMPARE(inserted.at(1).at(2).toInt(), 2);
        QCOMPARE(model.rowCount(), 3);

        const QModelIndex error = model.index(1);
        QCOMPARE(error.data().toString(), u"error: undefined variable 'pkgs'"_s);
        QCOMPARE(error.data(RebuildLogModel::TextRole).toString(), error.data().toString());
        QCOMPARE(error.data(RebuildLogModel::SeverityRole).toInt(),
                 int(RebuildLogEntry::Severity::Error));
        QCOMPARE(error.data(RebuildLogModel::FileRole).toString(),
                 u"/srv/cfg/khepri-compositions.nix"_s);
        QCOMPARE(error.data(RebuildLogModel::LineRole).toInt(), 14);
        QCOMPARE(error.data(RebuildLogModel::ColumnRole).toInt(), 19);
        QCOMPARE(error.data(Qt::ToolTipRole).toString(),
                 u"/srv/cfg/khepri-compositions.nix:14:19"_s);
        QVERIFY(!model.index(0).data(Qt::ToolTipRole).isValid());
        QCOMPARE(model.roleNames().value(RebuildLogModel::FileRole), QByteArray("file"));
        QCOMPARE(model.text(), u"building the system configuration...\n"
                               u"error: undefined variable 'pkgs'\n"
                               u"   14|   command = [ pkgs.hello ];\n"_s);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void oldestRowsAreDropped()
    {
        RebuildLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaximumRows(100);
        for (int i = 0; i < 250; ++i)
            model.append({{QString::number(i), RebuildLogEntry::Severity::Detail, {}, 0, 0}});
        QVERIFY(model.rowCount() <= 100);
        QVERIFY(model.rowCount() >= 90);
        QCOMPARE(model.index(model.rowCount() - 1).data().toString(), u"249"_s);
    }
};

QTEST_GUILESS_MAIN(TestRebuildLogModel)
#include "tst_rebuildlogmodel.moc"
