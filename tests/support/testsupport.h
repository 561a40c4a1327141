#pragma once

// What the tests share: paths of the source tree, test data and the khepri
// binary; running the binary; copying a directory tree; loading a Source with
// the real nix and waiting for the answer.

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include "composition.h"
#include "result.h"

namespace khepri {
struct Source;
}

namespace khepri::test {

inline QString sourcePath(const QString &relative)
{
    return QStringLiteral(KHEPRI_SOURCE_DIR "/") + relative;
}

inline QString dataPath(const QString &relative)
{
    return QStringLiteral(KHEPRI_TEST_DATA_DIR "/") + relative;
}

inline QString khepriBinary()
{
    return QStringLiteral(KHEPRI_BINARY);
}

// One run of the khepri binary. exitCode is -1 when it did not finish in
// time, -2 when it crashed.
struct KhepriRun {
    int exitCode = -1;
    QString out;
    QString err;
};
KhepriRun runKhepri(const QStringList &args,
                    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                    int timeoutMs = 180000);

// Copies `from` into `to` recursively (test flakes into temp dirs).
bool copyTree(const QString &from, const QString &to);

// Evaluates a compositions file with CompositionLoader (real nix) and waits.
Result<QList<Composition>> loadCompositionsFile(const QString &path);

} // namespace khepri::test
