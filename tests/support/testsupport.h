#pragma once

// Paths the tests share: the source tree, test data and the khepri binary.

#include <QString>

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

} // namespace khepri::test
