#include "rebuildoutputparser.h"

#include <algorithm>
#include <utility>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringBuilder>

#include "nixerrorparser.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// nix's activity and result types (libutil/logging.hh).
constexpr int kActUnknown = 0;
constexpr int kActCopyPath = 100;
constexpr int kActCopyPaths = 103;
constexpr int kActBuilds = 104;
constexpr int kActBuild = 105;
constexpr int kActSubstitute = 108;
constexpr int kResBuildLogLine = 101;
constexpr int kResProgress = 105;
constexpr int kResSetExpected = 106;
constexpr int kResPostBuildLogLine = 107;
// nix's verbosity levels: 0 error, 1 warn, 2 notice, 3 info, 4 talkative …
constexpr int kLevelError = 0;
constexpr int kLevelWarn = 1;
constexpr int kLevelInfo = 3;

QString stripAnsi(const QString &text)
{
    static const QRegularExpression ansi(u"\x1b\\[[0-9;?]*[A-Za-z]"_s);
    QString clean = text;
    clean.remove(ansi);
    if (clean.endsWith(u'\r'))
        clean.chop(1);
    return clean;
}

bool continuesErrorBlock(const QString &line)
{
    return line.isEmpty() || line.at(0).isSpace() || line.startsWith(u"(use '--show-trace'"_s)
           || line.startsWith(u"(stack trace truncated"_s);
}

bool startsErrorBlock(const QString &line)
{
    return line.startsWith(u"error:"_s);
}

QStringList unitList(const QString &text)
{
    QStringList units;
    const QStringList parts = text.split(u',', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const QString unit = part.trimmed();
        if (!unit.isEmpty())
            units.append(unit);
    }
    return units;
}

void appendUnique(QStringList &list, const QStringList &units)
{
    for (const QString &unit : units)
        if (!list.contains(unit))
            list.append(unit);
}

// An error block as nix prints it, made into an Error. Newer nix prints the
// trace first ("error:", "… while evaluating …", "at …") and the error
// itself last ("error: undefined variable …" with its own "at"); the last
// "error:" line starts what parseNixError must see.
Error errorFromLines(QStringList lines)
{
    while (!lines.isEmpty() && lines.constLast().trimmed().isEmpty())
        lines.removeLast();
    qsizetype start = 0;
    for (qsizetype i = lines.size() - 1; i > 0; --i) {
        if (lines.at(i).trimmed().startsWith(u"error:"_s)) {
            start = i;
            break;
        }
    }
    QStringList relevant = lines.mid(start);
    if (start > 0)
        relevant.first() = relevant.first().trimmed();
    Error error = parseNixError(relevant.join(u'\n'));
    if (error.message.startsWith(u"builder for"_s)) {
        // The build log excerpt stays in the log; the message is the failure.
        const qsizetype cut = error.message.indexOf(u";"_s);
        if (cut > 0)
            error.message.truncate(cut);
        error.code = ErrorCode::Build;
    } else if (error.message.contains(u"failed to build"_s)) {
        error.code = ErrorCode::Build;
    }
    return error;
}

} // namespace

RebuildProgress RebuildOutputParser::progress() const
{
    return m_phase == RebuildPhase::Downloading ? m_downloads : m_builds;
}

RebuildOutputParser::Update RebuildOutputParser::feed(const QString &line, Stream stream)
{
    Update update;
    const QString text = stripAnsi(line);
    if (text.startsWith(u"@nix {"_s)) {
        QJsonParseError parseError;
        const QJsonDocument document =
            QJsonDocument::fromJson(QStringView(text).mid(5).toUtf8(), &parseError);
        if (parseError.error == QJsonParseError::NoError && document.isObject()) {
            closeErrorBlock(update);
            jsonLine(document.object(), update);
            return update;
        }
    }
    plainLine(text, stream, update);
    return update;
}

RebuildOutputParser::Update RebuildOutputParser::finish()
{
    Update update;
    closeErrorBlock(update);
    return update;
}

void RebuildOutputParser::plainLine(const QString &text, Stream stream, Update &update)
{
    if (!m_errorBlock.isEmpty()) {
        if (continuesErrorBlock(text)) {
            m_errorBlock.append(text);
            return;
        }
        closeErrorBlock(update);
    }
    if (startsErrorBlock(text)) {
        m_errorBlock.append(text);
        return;
    }
    recognise(text, update);
    RebuildLogEntry entry;
    entry.text = text;
    if (text.startsWith(u"warning:"_s))
        entry.severity = RebuildLogEntry::Severity::Warning;
    else if (stream == Stream::Stdout || text.startsWith(u"> "_s))
        entry.severity = RebuildLogEntry::Severity::Info;
    update.entries.append(entry);
}

void RebuildOutputParser::closeErrorBlock(Update &update)
{
    if (m_errorBlock.isEmpty())
        return;
    const QStringList lines = std::exchange(m_errorBlock, {});
    reportError(lines, errorFromLines(lines), update);
}

void RebuildOutputParser::reportError(const QStringList &lines, Error error, Update &update)
{
    QStringList shown = lines;
    while (!shown.isEmpty() && shown.constLast().trimmed().isEmpty())
        shown.removeLast();
    for (qsizetype i = 0; i < shown.size(); ++i) {
        RebuildLogEntry entry;
        entry.text = shown.at(i);
        entry.severity = RebuildLogEntry::Severity::Error;
        if (i == 0) {
            entry.file = error.file;
            entry.line = error.line;
            entry.column = error.column;
        }
        update.entries.append(entry);
    }
    m_diagnostics.append(error);
    update.diagnostics.append(error);
}

void RebuildOutputParser::jsonLine(const QJsonObject &object, Update &update)
{
    const QString action = object.value(u"action"_s).toString();
    const qint64 id = object.value(u"id"_s).toInteger();
    const int type = object.value(u"type"_s).toInt();
    const QJsonArray fields = object.value(u"fields"_s).toArray();

    if (action == u"msg") {
        const int level = object.value(u"level"_s).toInt(kLevelInfo);
        const QString text = stripAnsi(object.value(u"msg"_s).toString());
        if (level == kLevelError) {
            const QStringList lines = text.split(u'\n');
            Error error = errorFromLines(lines);
            const QString file = object.value(u"file"_s).toString();
            const int line = object.value(u"line"_s).toInt();
            if (!file.isEmpty() && !file.startsWith(u"«"_s) && line > 0) {
                error.file = file;
                error.line = line;
                error.column = object.value(u"column"_s).toInt();
            }
            reportError(lines, error, update);
        } else if (level <= kLevelInfo) {
            message(text, level, update);
        }
    } else if (action == u"start") {
        m_activityTypes.insert(id, type);
        const QString text = stripAnsi(object.value(u"text"_s).toString());
        const int level = object.value(u"level"_s).toInt(kLevelInfo);
        if (type == kActBuild) {
            setPhase(RebuildPhase::Building, update);
            ++m_buildsStarted;
            if (!m_structuredProgress) {
                RebuildProgress builds = m_builds;
                builds.done = m_buildsStarted - 1;
                builds.running = 1;
                builds.expected = std::max(builds.expected, m_buildsStarted);
                setBuilds(builds, update);
            }
            update.entries.append({text, RebuildLogEntry::Severity::Info, {}, 0, 0});
        } else if (type == kActCopyPath || type == kActSubstitute) {
            setPhase(RebuildPhase::Downloading, update);
            if (type == kActCopyPath && !text.isEmpty())
                update.entries.append({text, RebuildLogEntry::Severity::Info, {}, 0, 0});
        } else if (type == kActUnknown && level <= kLevelInfo && !text.isEmpty()) {
            update.entries.append({text, RebuildLogEntry::Severity::Info, {}, 0, 0});
        }
    } else if (action == u"stop") {
        m_activityTypes.remove(id);
    } else if (action == u"result") {
        if (type == kResProgress && fields.size() >= 4) {
            const RebuildProgress progress{fields.at(0).toInt(), fields.at(1).toInt(),
                                           fields.at(2).toInt(), fields.at(3).toInt()};
            const int activity = m_activityTypes.value(id, -1);
            if (activity == kActBuilds) {
                m_structuredProgress = true;
                setBuilds(progress, update);
            } else if (activity == kActCopyPaths) {
                setDownloads(progress, update);
            }
        } else if (type == kResSetExpected && fields.size() >= 2) {
            const int activity = fields.at(0).toInt();
            const int expected = fields.at(1).toInt();
            if (activity == kActBuild && expected > m_builds.expected) {
                RebuildProgress builds = m_builds;
                builds.expected = expected;
                setBuilds(builds, update);
            } else if (activity == kActCopyPath && expected > m_downloads.expected) {
                RebuildProgress downloads = m_downloads;
                downloads.expected = expected;
                setDownloads(downloads, update);
            }
        } else if ((type == kResBuildLogLine || type == kResPostBuildLogLine)
                   && !fields.isEmpty()) {
            update.entries.append(
                {stripAnsi(fields.at(0).toString()), RebuildLogEntry::Severity::Detail, {}, 0, 0});
        }
    }
}

void RebuildOutputParser::message(const QString &text, int level, Update &update)
{
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines) {
        recognise(line, update);
        RebuildLogEntry entry;
        entry.text = line;
        entry.severity = level == kLevelWarn ? RebuildLogEntry::Severity::Warning
                                             : RebuildLogEntry::Severity::Info;
        update.entries.append(entry);
    }
}

void RebuildOutputParser::recognise(const QString &text, Update &update)
{
    static const QRegularExpression derivations(
        u"^(?:these (\\d+) derivations|this derivation) will be built:"_s);
    static const QRegularExpression paths(u"^(?:these (\\d+) paths|this path) will be fetched"_s);
    static const QRegularExpression building(u"^building '/nix/store/[^']+'"_s);
    static const QRegularExpression copying(u"^copying path '[^']+' (?:from|to) '[^']+'"_s);
    static const QRegularExpression units(
        u"^(?:would )?(stop|start|restart|reload)(?:ping|ing)? the following units: (.*)$"_s);
    static const QRegularExpression newUnits(u"^the following new units were started: (.*)$"_s);

    if (text == u"building the system configuration..." || text.startsWith(u"evaluating "_s)) {
        setPhase(RebuildPhase::Evaluating, update);
        return;
    }
    if (const auto m = derivations.match(text); m.hasMatch()) {
        const int count = m.captured(1).isEmpty() ? 1 : m.captured(1).toInt();
        RebuildProgress builds = m_builds;
        builds.expected = std::max(builds.expected, count);
        setBuilds(builds, update);
        setPhase(RebuildPhase::Building, update);
        return;
    }
    if (const auto m = paths.match(text); m.hasMatch()) {
        const int count = m.captured(1).isEmpty() ? 1 : m.captured(1).toInt();
        RebuildProgress downloads = m_downloads;
        downloads.expected = std::max(downloads.expected, count);
        setDownloads(downloads, update);
        setPhase(RebuildPhase::Downloading, update);
        return;
    }
    if (building.match(text).hasMatch()) {
        setPhase(RebuildPhase::Building, update);
        ++m_buildsStarted;
        if (!m_structuredProgress) {
            RebuildProgress builds = m_builds;
            builds.done = m_buildsStarted - 1;
            builds.running = 1;
            builds.expected = std::max(builds.expected, m_buildsStarted);
            setBuilds(builds, update);
        }
        return;
    }
    if (copying.match(text).hasMatch()) {
        setPhase(RebuildPhase::Downloading, update);
        ++m_downloadsStarted;
        RebuildProgress downloads = m_downloads;
        downloads.done = m_downloadsStarted - 1;
        downloads.running = 1;
        downloads.expected = std::max(downloads.expected, m_downloadsStarted);
        setDownloads(downloads, update);
        return;
    }
    if (const auto m = units.match(text); m.hasMatch()) {
        activate(update);
        const QString verb = m.captured(1);
        const QStringList list = unitList(m.captured(2));
        if (verb == u"stop")
            appendUnique(m_units.stopped, list);
        else if (verb == u"start")
            appendUnique(m_units.started, list);
        else if (verb == u"restart")
            appendUnique(m_units.restarted, list);
        else
            appendUnique(m_units.reloaded, list);
        return;
    }
    if (const auto m = newUnits.match(text); m.hasMatch()) {
        appendUnique(m_units.started, unitList(m.captured(1)));
        return;
    }
    if (text == u"activating the configuration..." || text == u"setting up /etc..."
        || text.startsWith(u"updating GRUB 2 menu"_s)
        || text.startsWith(u"installing the boot loader"_s)
        || text == u"would activate the configuration...") {
        activate(update);
    }
}

void RebuildOutputParser::activate(Update &update)
{
    // Activation starts once everything is built: what was counted is done.
    RebuildProgress builds = m_builds;
    builds.done = builds.expected;
    builds.running = 0;
    setBuilds(builds, update);
    RebuildProgress downloads = m_downloads;
    downloads.done = downloads.expected;
    downloads.running = 0;
    setDownloads(downloads, update);
    setPhase(RebuildPhase::Activating, update);
}

void RebuildOutputParser::setPhase(RebuildPhase phase, Update &update)
{
    if (m_phase == phase)
        return;
    m_phase = phase;
    update.phaseChanged = true;
    update.progressChanged = true;
}

void RebuildOutputParser::setBuilds(const RebuildProgress &builds, Update &update)
{
    if (m_builds == builds)
        return;
    m_builds = builds;
    if (m_phase != RebuildPhase::Downloading)
        update.progressChanged = true;
}

void RebuildOutputParser::setDownloads(const RebuildProgress &downloads, Update &update)
{
    if (m_downloads == downloads)
        return;
    m_downloads = downloads;
    if (m_phase == RebuildPhase::Downloading)
        update.progressChanged = true;
}

} // namespace khepri
