#pragma once

// The compose corpus (tests/data/compose) as the tests use it: the cases,
// the import options each one needs, golden files (compared byte for byte,
// rewritten only with KHEPRI_UPDATE_GOLDEN=1) and the diagnostics as text.

#include <QList>
#include <QString>
#include <QStringList>

#include "composeimporter.h"

namespace khepri::test {

struct ComposeCase {
    QString name;
    QString dir;       // below tests/data/compose
    QStringList files; // relative to dir
    QStringList profiles;
    QMap<QString, QString> environment;
    QString secretsDir;
    bool everythingCarried = true;
    bool composeAccepts = true; // docker-compose 1.29 can read it (tst_composecompare)
};

QList<ComposeCase> composeCases();
ComposeCase composeCase(const QString &name);
compose::ImportOptions composeOptions(const ComposeCase &c);

// The source tree's test data directory written as @DATA@.
QString portable(const QString &text);
// One line per diagnostic: "severity code line:column message".
QString diagnosticsText(const compose::ImportResult &result);
// Compares `actual` with tests/data/compose/golden/<file>; true when equal
// (or rewritten with KHEPRI_UPDATE_GOLDEN=1). Prints a diff otherwise.
bool compareGolden(const QString &file, const QString &actual);

} // namespace khepri::test
