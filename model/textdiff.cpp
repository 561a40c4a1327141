#include "textdiff.h"

#include <algorithm>
#include <vector>

#include <QStringBuilder>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// A file as lines without their '\n'. A last line without one carries
// diff's marker, so it differs from the same text with a newline and prints
// as the marker's own line.
QStringList splitLines(const QString &text)
{
    if (text.isEmpty())
        return {};
    QStringList lines = text.split(u'\n');
    if (text.endsWith(u'\n'))
        lines.removeLast();
    else
        lines.last() += u"\n\\ No newline at end of file"_s;
    return lines;
}

struct LineEdit {
    enum class Op { Keep, Remove, Add };
    Op op;
    QString text;
};

// Beyond this many cells the LCS table is not built: the differing middle
// (after the common head and tail) is shown as removed, then added. Still a
// correct diff, only not a minimal one.
constexpr qsizetype kMaxLcsCells = 4'000'000;

// The edit script from `a` to `b`: common head and tail, LCS in between.
std::vector<LineEdit> diffLines(const QStringList &a, const QStringList &b)
{
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a.at(head) == b.at(head))
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
           && a.at(a.size() - 1 - tail) == b.at(b.size() - 1 - tail))
        ++tail;
    const qsizetype n = a.size() - head - tail;
    const qsizetype m = b.size() - head - tail;

    std::vector<LineEdit> edits;
    edits.reserve(size_t(a.size() + b.size()));
    for (qsizetype i = 0; i < head; ++i)
        edits.push_back({LineEdit::Op::Keep, a.at(i)});

    if (n > 0 && m > 0 && (n + 1) * (m + 1) <= kMaxLcsCells) {
        // lcs[i][j]: longest common subsequence of a[head+i..] and b[head+j..].
        const qsizetype width = m + 1;
        std::vector<quint32> lcs(size_t((n + 1) * width), 0);
        for (qsizetype i = n - 1; i >= 0; --i)
            for (qsizetype j = m - 1; j >= 0; --j)
                lcs[size_t(i * width + j)] = a.at(head + i) == b.at(head + j)
                                                 ? lcs[size_t((i + 1) * width + j + 1)] + 1
                                                 : std::max(lcs[size_t((i + 1) * width + j)],
                                                            lcs[size_t(i * width + j + 1)]);
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < n && j < m) {
            if (a.at(head + i) == b.at(head + j)) {
                edits.push_back({LineEdit::Op::Keep, a.at(head + i)});
                ++i;
                ++j;
            } else if (lcs[size_t((i + 1) * width + j)] >= lcs[size_t(i * width + j + 1)]) {
                edits.push_back({LineEdit::Op::Remove, a.at(head + i++)});
            } else {
                edits.push_back({LineEdit::Op::Add, b.at(head + j++)});
            }
        }
        for (; i < n; ++i)
            edits.push_back({LineEdit::Op::Remove, a.at(head + i)});
        for (; j < m; ++j)
            edits.push_back({LineEdit::Op::Add, b.at(head + j)});
    } else {
        for (qsizetype i = 0; i < n; ++i)
            edits.push_back({LineEdit::Op::Remove, a.at(head + i)});
        for (qsizetype j = 0; j < m; ++j)
            edits.push_back({LineEdit::Op::Add, b.at(head + j)});
    }

    for (qsizetype i = a.size() - tail; i < a.size(); ++i)
        edits.push_back({LineEdit::Op::Keep, a.at(i)});
    return edits;
}

QString hunkRange(qsizetype start, qsizetype count)
{
    // Unified diff numbers lines from 1; an empty range names the line before it.
    return QString::number(count == 0 ? start : start + 1) % u',' % QString::number(count);
}

// Unified diff with three lines of context.
QString unifiedHunks(const std::vector<LineEdit> &edits, const QString &from, const QString &to)
{
    constexpr qsizetype kContext = 3;
    const auto size = qsizetype(edits.size());
    QString out;
    qsizetype at = 0;
    qsizetype oldLine = 0; // lines of the old file before edits[at]
    qsizetype newLine = 0;
    while (at < size) {
        // Next change.
        qsizetype change = at;
        qsizetype oldSkip = 0;
        qsizetype newSkip = 0;
        while (change < size && edits[size_t(change)].op == LineEdit::Op::Keep) {
            ++change;
            ++oldSkip;
            ++newSkip;
        }
        if (change == size)
            break;
        const qsizetype lead = std::min(kContext, change - at);
        qsizetype start = change - lead;
        qsizetype oldStart = oldLine + oldSkip - lead;
        qsizetype newStart = newLine + newSkip - lead;
        // Extend the hunk while the next change is within 2 * context lines.
        qsizetype end = change;
        qsizetype lastChange = change;
        while (end < size) {
            if (edits[size_t(end)].op != LineEdit::Op::Keep) {
                lastChange = end;
            } else if (end - lastChange > 2 * kContext) {
                break;
            }
            ++end;
        }
        end = std::min(size, lastChange + 1 + kContext);

        QString body;
        qsizetype oldCount = 0;
        qsizetype newCount = 0;
        for (qsizetype k = start; k < end; ++k) {
            const LineEdit &e = edits[size_t(k)];
            switch (e.op) {
            case LineEdit::Op::Keep:
                body += u' ' % e.text % u'\n';
                ++oldCount;
                ++newCount;
                break;
            case LineEdit::Op::Remove:
                body += u'-' % e.text % u'\n';
                ++oldCount;
                break;
            case LineEdit::Op::Add:
                body += u'+' % e.text % u'\n';
                ++newCount;
                break;
            }
        }
        if (out.isEmpty())
            out = u"--- "_s % from % u"\n+++ "_s % to % u'\n';
        out += u"@@ -"_s % hunkRange(oldStart, oldCount) % u" +"_s % hunkRange(newStart, newCount)
               % u" @@\n"_s % body;
        oldLine = oldStart + oldCount;
        newLine = newStart + newCount;
        at = end;
    }
    return out;
}

} // namespace

QString unifiedDiff(const QString &before, const QString &after, const QString &fromLabel,
                    const QString &toLabel)
{
    if (before == after)
        return {};
    return unifiedHunks(diffLines(splitLines(before), splitLines(after)), fromLabel, toLabel);
}

LineChanges countLineChanges(const QString &before, const QString &after)
{
    LineChanges changes;
    for (const LineEdit &e : diffLines(splitLines(before), splitLines(after))) {
        if (e.op == LineEdit::Op::Add)
            ++changes.added;
        else if (e.op == LineEdit::Op::Remove)
            ++changes.removed;
    }
    return changes;
}

QString describeLineChanges(const QString &before, const QString &after)
{
    const LineChanges changes = countLineChanges(before, after);
    return u'+' % QString::number(changes.added) % u" \u2212"_s % QString::number(changes.removed)
           % u" lines"_s;
}

} // namespace khepri
