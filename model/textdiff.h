#pragma once

// Line diffs of two texts: a unified diff (three lines of context, diff -u's
// hunk headers and "\ No newline at end of file" marker) for the console to
// show before a save, and the count of added and removed lines for messages.
// The edit script is a longest common subsequence between the common head and
// tail; past a size limit the differing middle is shown removed, then added
// (still a correct diff, only not a minimal one). Pure functions.

#include <QString>

namespace khepri {

struct LineChanges {
    qsizetype added = 0;
    qsizetype removed = 0;
};

// A unified diff from `before` to `after`, headed "--- fromLabel" and
// "+++ toLabel"; empty when the texts are equal.
QString unifiedDiff(const QString &before, const QString &after, const QString &fromLabel,
                    const QString &toLabel);

// How many lines the change from `before` to `after` adds and removes.
LineChanges countLineChanges(const QString &before, const QString &after);

// "+3 −1 lines" for the change from `before` to `after`.
QString describeLineChanges(const QString &before, const QString &after);

} // namespace khepri
