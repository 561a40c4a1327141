// The item models of the main window under QAbstractItemModelTester: the
// compositions tree and the diagnostics table follow every kind of Document
// change incrementally (row inserts and removes, not resets), show read-only
// origins and diagnostic badges.

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include "compositiontreemodel.h"
#include "demofixture.h"
#include "diagnosticsmodel.h"

using namespace khepri;
using namespace Qt::StringLiterals;

class TestGuiModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tree()
    {
        Document doc;
        CompositionTreeModel model(doc);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        test::loadDemo(doc, {u"caddy"_s});
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex caddy = model.index(0, 0);
        QCOMPARE(model.data(caddy).toString(), u"caddy"_s);
        QCOMPARE(model.rowCount(caddy), 3); // caddy, proxy_net, caddy_data
        QVERIFY(model.data(model.index(0, 1)).toString().contains(u"read-only"_s));
        QVERIFY(model.data(caddy, Qt::ToolTipRole).toString().contains(u"hand-written.nix"_s));
        const QModelIndex paperless = model.index(1, 0);
        QCOMPARE(model.rowCount(paperless), 5 + 2 + 4);
        // Services first, then networks, then volumes, each sorted.
        QCOMPARE(model.data(model.index(0, 0, paperless)).toString(), u"broker"_s);
        QCOMPARE(model.data(model.index(5, 0, paperless)).toString(), u"paperless"_s);
        QCOMPARE(model.data(model.index(7, 0, paperless)).toString(), u"data"_s);
        QCOMPARE(model.refAt(model.index(1, 0, paperless)),
                 EntityRef::service(u"paperless"_s, u"db"_s));
        QCOMPARE(model.indexOf(EntityRef::volume(u"paperless"_s, u"pgdata"_s)),
                 model.index(9, 0, paperless));
        QCOMPARE(model.data(model.index(1, 1, paperless)).toString(),
                 u"docker.io/library/postgres:15"_s);

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QVERIFY(doc.addEntity(EntityRef::service(u"paperless"_s, u"cache"_s), {}));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 1); // after broker
        QCOMPARE(model.data(model.index(1, 0, paperless)).toString(), u"cache"_s);
        // A diagnostic (no image) badges the new row.
        QVERIFY(!model.data(model.index(1, 0, paperless), Qt::DecorationRole).isNull());
        QVERIFY(model.data(model.index(1, 0, paperless), Qt::ToolTipRole)
                    .toString()
                    .contains(u"1 error"_s));
        QVERIFY(doc.editField(EntityRef::service(u"paperless"_s, u"cache"_s), {u"image"_s},
                              u"redis"_s));
        QCOMPARE(model.data(model.index(1, 1, paperless)).toString(), u"redis"_s);
        QVERIFY(!changed.isEmpty());
        QVERIFY(doc.addEntity(EntityRef::network(u"paperless"_s, u"back"_s), {}));
        QCOMPARE(model.data(model.index(6, 0, paperless)).toString(), u"back"_s);
        QVERIFY(doc.addEntity(EntityRef::volume(u"paperless"_s, u"zz"_s), {}));
        QCOMPARE(model.data(model.index(model.rowCount(paperless) - 1, 0, paperless)).toString(),
                 u"zz"_s);
        QVERIFY(doc.addComposition(u"alpha"_s));
        QCOMPARE(model.data(model.index(0, 0)).toString(), u"alpha"_s);
        QVERIFY(doc.removeEntity(EntityRef::compositionRef(u"paperless"_s)));
        QCOMPARE(model.rowCount(), 2);
        while (doc.undoStack()->canUndo())
            doc.undoStack()->undo();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowCount(model.index(1, 0)), 11);
        while (doc.undoStack()->canRedo())
            doc.undoStack()->redo();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, 0)).toString(), u"alpha"_s);
        QCOMPARE(reset.size(), 0); // everything was incremental
        QVERIFY(removed.size() > 0);
    }

    void diagnostics()
    {
        Document doc;
        DiagnosticsModel model(doc);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        test::loadDemo(doc);
        QCOMPARE(model.rowCount(), 2); // two secret-looking environment variables
        QCOMPARE(model.warningCount(), 2);
        QCOMPARE(model.targetAt(0), EntityRef::service(u"paperless"_s, u"db"_s));
        QVERIFY(model.data(model.index(0, DiagnosticsModel::MessageColumn))
                    .toString()
                    .contains(u"POSTGRES_PASSWORD"_s));

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QVERIFY(doc.editField(EntityRef::service(u"paperless"_s, u"tika"_s), {u"dependsOn"_s},
                              QJsonObject{{u"ghost"_s, QJsonObject()}}));
        QCOMPARE(model.errorCount(), 1);
        QCOMPARE(inserted.size(), 1);
        const int row = [&] {
            for (int r = 0; r < model.rowCount(); ++r)
                if (model.diagnosticAt(r).code == u"unknown-service")
                    return r;
            return -1;
        }();
        QVERIFY(row >= 0);
        QCOMPARE(model.targetAt(row), EntityRef::service(u"paperless"_s, u"tika"_s));
        QVERIFY(model.data(model.index(row, DiagnosticsModel::ItemColumn))
                    .toString()
                    .contains(u"dependsOn.ghost"_s));
        doc.undoStack()->undo();
        QCOMPARE(model.errorCount(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.rowCount(), 2);
        doc.reset({}, {}, {});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestGuiModels)
#include "tst_gui_models.moc"
