#pragma once

// Reading the recorded nixos-rebuild output of tests/rebuild/data/ (see its
// README: "O text" stdout, "E text" stderr, "S seconds" a pause).

#include <QFile>
#include <QList>
#include <QString>
#include <QStringList>

namespace khepri::test {

inline QString rebuildData(const QString &name)
{
    return QStringLiteral(KHEPRI_REBUILD_DATA "/") + name;
}

inline QString fakeRebuild()
{
    return QStringLiteral(KHEPRI_FAKE_REBUILD);
}

struct RecordedLine {
    QString text;
    bool stdoutLine = false;
};

inline QList<RecordedLine> recordedOutput(const QString &name)
{
    QFile file(rebuildData(name));
    QList<RecordedLine> lines;
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    const QStringList raw = QString::fromUtf8(file.readAll()).split(u'\n');
    for (const QString &line : raw) {
        if (line.startsWith(u'O'))
            lines.append({line.mid(2), true});
        else if (line.startsWith(u'E'))
            lines.append({line.mid(2), false});
    }
    return lines;
}

} // namespace khepri::test
