#include "tuirenderer.h"

#include <algorithm>

#include <QStringBuilder>

#include "textescape.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

int charWidth(char32_t c)
{
    if (c == 0)
        return 0;
    if (QChar::category(c) == QChar::Mark_NonSpacing || QChar::category(c) == QChar::Mark_Enclosing)
        return 0;
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F)
        || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60)
        || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F)
        || (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

QString printable(const QString &text, bool unicode)
{
    QString out = text;
    out.replace(u'\t', u"    "_s);
    out = escapeControls(out); // "\x1b", as the CLI shows it
    if (unicode)
        return out;
    QString ascii;
    ascii.reserve(out.size());
    for (const char32_t c : out.toUcs4())
        ascii += c > 0x7E ? QChar(u'?') : QChar(char16_t(c));
    return ascii;
}

QString spaces(int n)
{
    return QString(std::max(0, n), u' ');
}

// Builds one line of spans within a width.
class LineBuilder {
public:
    LineBuilder(int width, bool unicode)
        : m_width(width)
        , m_unicode(unicode)
    {}

    int used() const { return m_used; }
    int left() const { return m_width - m_used; }

    void add(const QString &text, ScreenStyle style = ScreenStyle::Normal)
    {
        if (left() <= 0)
            return;
        const QString fitted = TuiRenderer::fit(text, left(), m_unicode);
        m_line.append(fitted, style);
        m_used += TuiRenderer::displayWidth(fitted);
    }
    // `text` padded (or cut) to exactly `cells`.
    void addField(const QString &text, int cells, ScreenStyle style = ScreenStyle::Normal)
    {
        const int n = std::min(cells, left());
        if (n <= 0)
            return;
        const QString fitted = TuiRenderer::fit(text, n, m_unicode);
        m_line.append(fitted % spaces(n - TuiRenderer::displayWidth(fitted)), style);
        m_used += n;
    }
    void padTo(int column, ScreenStyle style = ScreenStyle::Normal)
    {
        if (column > m_used)
            addField(QString(), column - m_used, style);
    }
    ScreenLine take(bool fill = false, ScreenStyle fillStyle = ScreenStyle::Normal)
    {
        m_line.fill = fill;
        m_line.fillStyle = fillStyle;
        return m_line;
    }

private:
    int m_width;
    bool m_unicode;
    int m_used = 0;
    ScreenLine m_line;
};

ScreenLine textLine(const QString &text, int width, bool unicode,
                    ScreenStyle style = ScreenStyle::Normal, bool fill = false)
{
    LineBuilder b(width, unicode);
    b.add(text, style);
    return b.take(fill, style);
}

// Two columns side by side, separated by one cell.
ScreenLine joinColumns(const ScreenLine &left, int leftWidth, const ScreenLine &right, bool unicode)
{
    ScreenLine out = left;
    int used = TuiRenderer::displayWidth(left.text());
    if (used < leftWidth)
        out.append(spaces(leftWidth - used), left.fill ? left.fillStyle : ScreenStyle::Normal);
    out.fill = false;
    out.append(unicode ? u"│"_s : u"|"_s, ScreenStyle::Dim);
    for (const ScreenSpan &s : right.spans)
        out.append(s.text, s.style);
    return out;
}

QString statusGlyph(LiveStatus status, bool unicode)
{
    if (!unicode)
        return status == LiveStatus::Unknown ? u"?"_s : u"*"_s;
    switch (status) {
    case LiveStatus::Running:
    case LiveStatus::Healthy:
        return u"●"_s;
    case LiveStatus::Starting:
    case LiveStatus::Restarting:
        return u"◐"_s;
    case LiveStatus::Unhealthy:
    case LiveStatus::Failed:
        return u"✖"_s;
    case LiveStatus::Stopped:
        return u"○"_s;
    case LiveStatus::Missing:
        return u"◌"_s;
    case LiveStatus::Unknown:
        return u"?"_s;
    }
    return u"?"_s;
}

QString humanBytes(quint64 bytes)
{
    const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    return QString::number(v, 'f', u == 0 ? 0 : 1) % u' ' % QLatin1StringView(units[u]);
}

QString humanDuration(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    const qint64 d = seconds / 86400, h = (seconds % 86400) / 3600, m = (seconds % 3600) / 60,
                 s = seconds % 60;
    if (d > 0)
        return QString::number(d) % u"d "_s % QString::number(h) % u'h';
    if (h > 0)
        return QString::number(h) % u"h "_s % QString::number(m) % u'm';
    if (m > 0)
        return QString::number(m) % u"m "_s % QString::number(s) % u's';
    return QString::number(s) % u's';
}

QString orDash(const QString &text)
{
    return text.isEmpty() ? u"-"_s : text;
}

QString kindLabel(ItemKind kind)
{
    return itemKindName(kind);
}

struct Field {
    QString label;
    QString value;
    ScreenStyle style = ScreenStyle::Normal;
};

const Service *serviceOf(const TuiViewState &state, const TuiRow &row)
{
    const Composition *c = state.composition(row.composition);
    return c ? c->service(row.name) : nullptr;
}

const ManifestService *manifestServiceOf(const TuiViewState &state, const TuiRow &row)
{
    if (!state.manifest)
        return nullptr;
    auto c = state.manifest->compositions.constFind(row.composition);
    if (c == state.manifest->compositions.cend())
        return nullptr;
    auto s = c->services.constFind(row.name);
    return s == c->services.cend() ? nullptr : &*s;
}

QList<Field> detailFields(const TuiViewState &state, const TuiRow &row)
{
    QList<Field> f;
    const LiveItem *item = state.liveItem(row.id);
    QString status = liveStatusName(row.status);
    if (item && !item->detail.isEmpty())
        status += u" — "_s % item->detail;
    f.append({u"Status"_s, status, TuiRenderer::statusStyle(row.status)});

    if (row.kind == ItemKind::Service) {
        const Service *svc = serviceOf(state, row);
        const ManifestService *ms = manifestServiceOf(state, row);
        QString image = svc ? svc->image() : QString();
        if (image.isEmpty() && ms)
            image = ms->image;
        if (item && item->container && !item->container->image.isEmpty()
            && item->container->image != image)
            image += u" (running "_s % item->container->image % u')';
        f.append({u"Image"_s, orDash(image)});
        f.append({u"Ports"_s, orDash((svc ? svc->ports() : QStringList()).join(u", "_s))});
        f.append({u"Networks"_s, orDash((svc ? svc->networks() : QStringList()).join(u", "_s))});
        QStringList mounts;
        if (svc)
            for (const Mount &m : svc->mounts())
                mounts.append(m.source.isEmpty() ? m.target : m.source % u':' % m.target);
        f.append({u"Volumes"_s, orDash(mounts.join(u", "_s))});
        QStringList deps;
        if (svc)
            for (const Dependency &d : svc->dependsOn())
                deps.append(d.service % u" ("_s % conditionName(d.condition) % u')');
        f.append({u"Depends on"_s, orDash(deps.join(u", "_s))});
        QString unit = item ? item->unit : (ms ? ms->unit : QString());
        if (item && item->unitState)
            unit += u" ("_s % activeStateName(item->unitState->active) % u'/'
                    % item->unitState->subState % u')';
        f.append({u"Unit"_s, orDash(unit)});
        QString container = item ? item->dockerName : (ms ? ms->container : QString());
        if (item && item->container)
            container += u" ("_s % containerStatusName(item->container->status) % u')';
        else if (item)
            container += u" (absent)"_s;
        f.append({u"Container"_s, orDash(container)});
        const bool running =
            item && item->container && item->container->status == ContainerStatus::Running;
        f.append({u"Health"_s,
                  item && item->container ? healthStatusName(item->container->health) : u"-"_s});
        QString uptime = u"-"_s;
        if (running && item->container->startedAt.isValid() && state.now.isValid())
            uptime = humanDuration(item->container->startedAt.secsTo(state.now));
        f.append({u"Uptime"_s, uptime});
        QStringList restarts;
        if (item && item->unitState)
            restarts.append(QString::number(item->unitState->nRestarts) % u" (unit)"_s);
        if (item && item->container && item->container->restartCount > 0)
            restarts.append(QString::number(item->container->restartCount) % u" (container)"_s);
        f.append({u"Restarts"_s, restarts.isEmpty() ? u"-"_s : restarts.join(u", "_s)});
        const bool haveStats = running && state.stats && state.statsContainer == item->dockerName;
        f.append({u"CPU"_s,
                  haveStats ? QString::number(state.stats->cpuPercent, 'f', 1) % u'%' : u"-"_s});
        f.append({u"Memory"_s, haveStats ? humanBytes(state.stats->memoryUsage) % u" / "_s
                                               % humanBytes(state.stats->memoryLimit)
                                         : u"-"_s});
    } else if (row.kind == ItemKind::Composition) {
        const Composition *c = state.composition(row.composition);
        f.append({u"Target"_s, orDash(item ? item->unit : QString())});
        if (c) {
            f.append({u"Services"_s, QString::number(c->services.size())});
            f.append({u"Networks"_s, QString::number(c->networks.size())});
            f.append({u"Volumes"_s, QString::number(c->volumes.size())});
        }
        if (item && item->unitState)
            f.append({u"Unit state"_s,
                      activeStateName(item->unitState->active) % u'/' % item->unitState->subState});
    } else {
        f.append({u"Docker name"_s, orDash(item ? item->dockerName : QString())});
        f.append(
            {u"Unit"_s, item ? (item->unit.isEmpty() ? u"- (external)"_s : item->unit) : u"-"_s});
        f.append({u"Exists"_s, item ? (item->exists ? u"yes"_s : u"no"_s) : u"-"_s});
    }
    const QStringList drift = driftNames(row.drift);
    f.append({u"Drift"_s, drift.isEmpty() ? u"none"_s : drift.join(u", "_s),
              drift.isEmpty() ? ScreenStyle::Normal : ScreenStyle::Warn});
    return f;
}

QList<ScreenLine> detailLines(const TuiViewState &state, const TuiRow *row, int width, int height,
                              bool unicode)
{
    QList<ScreenLine> lines;
    if (!row) {
        lines.append(textLine(u" Nothing selected"_s, width, unicode, ScreenStyle::Dim));
        return lines;
    }
    const QString heading =
        u' ' % kindLabel(row->kind) % u' '
        % (row->kind == ItemKind::Composition ? row->name : row->composition % u'/' % row->name);
    lines.append(textLine(heading, width, unicode, ScreenStyle::Header, true));
    for (const Field &f : detailFields(state, *row)) {
        LineBuilder b(width, unicode);
        b.addField(u' ' % f.label, 12, ScreenStyle::Dim);
        b.add(f.value, f.style);
        lines.append(b.take());
    }
    for (const Diagnostic &d : state.diagnostics) {
        if (d.composition != row->composition)
            continue;
        if (row->kind == ItemKind::Service && !d.service.isEmpty() && d.service != row->name)
            continue;
        const ScreenStyle style =
            d.severity == Diagnostic::Severity::Error ? ScreenStyle::Bad : ScreenStyle::Warn;
        lines.append(
            textLine(u' ' % severityName(d.severity) % u": "_s % d.message, width, unicode, style));
    }
    while (lines.size() > height)
        lines.removeLast();
    return lines;
}

QList<ScreenLine> listLines(const TuiViewState &state, int width, int height, bool unicode)
{
    QList<ScreenLine> lines;
    const QList<TuiRow> rows = visibleRows(state);
    {
        LineBuilder b(width, unicode);
        b.addField(u" NAME"_s, width - 14, ScreenStyle::Header);
        b.addField(u"STATUS"_s, 14, ScreenStyle::Header);
        lines.append(b.take(true, ScreenStyle::Header));
    }
    const int room = height - 1;
    if (rows.isEmpty()) {
        QString why = u" No compositions"_s;
        if (state.loading)
            why = u" Loading "_s % state.source % (unicode ? u"…"_s : u"..."_s);
        else if (state.loadError)
            why = u" Cannot load: "_s % state.loadError->message;
        else if (!state.filter.isEmpty())
            why = u" Nothing matches \""_s % state.filter % u'"';
        lines.append(
            textLine(why, width, unicode, state.loadError ? ScreenStyle::Bad : ScreenStyle::Dim));
        return lines;
    }
    const int selected = rowIndex(rows, state.selectedId);
    int first = 0;
    if (int(rows.size()) > room)
        first = std::clamp(selected - room / 2, 0, int(rows.size()) - room);
    for (int i = first; i < rows.size() && i - first < room; ++i) {
        const TuiRow &r = rows.at(i);
        const bool isSelected = i == selected;
        LineBuilder b(width, unicode);
        const ScreenStyle base = isSelected ? ScreenStyle::Selected : ScreenStyle::Normal;
        QString name;
        if (r.kind == ItemKind::Composition) {
            const bool collapsed = state.collapsed.contains(r.composition);
            name = (unicode ? (collapsed ? u" ▸ "_s : u" ▾ "_s) : (collapsed ? u" + "_s : u" - "_s))
                   % r.name;
        } else if (r.kind == ItemKind::Service) {
            name = u"    "_s % r.name;
        } else {
            name = u"    "_s % (r.kind == ItemKind::Network ? u"net "_s : u"vol "_s) % r.name;
        }
        b.addField(name, width - 14, base);
        const ScreenStyle st = isSelected ? base : TuiRenderer::statusStyle(r.status);
        b.addField(r.drift ? (unicode ? u"≠"_s : u"~"_s) : u" "_s, 1,
                   isSelected ? base : ScreenStyle::Warn);
        b.addField(statusGlyph(r.status, unicode) % u' ' % liveStatusName(r.status), 13, st);
        lines.append(b.take(isSelected, base));
    }
    return lines;
}

QList<ScreenLine> logLines(const TuiViewState &state, int width, int height, bool unicode)
{
    QList<ScreenLine> lines;
    const TuiLogState &log = state.log;
    const LiveItem *item = state.liveItem(log.serviceId);
    {
        QString head =
            u" Logs "_s % (item ? item->composition % u'/' % item->name : log.serviceId)
            % u"  container "_s % orDash(log.container) % u"  "_s
            % (log.ended.isEmpty() ? (log.scroll > 0 ? u"scrolled"_s : u"following"_s) : log.ended);
        if (!log.search.isEmpty())
            head += u"  search \""_s % log.search % u"\" "_s
                    % QString::number(logMatches(log).size()) % u" matches"_s;
        lines.append(textLine(head, width, unicode, ScreenStyle::Header, true));
    }
    const int room = height - 1;
    if (log.lines.isEmpty()) {
        lines.append(textLine(log.ended.isEmpty() ? u" (no output yet)"_s : u" (no output)"_s,
                              width, unicode, ScreenStyle::Dim));
        return lines;
    }
    const int total = int(log.lines.size());
    const int last = std::clamp(total - 1 - log.scroll, 0, total - 1);
    const int first = std::max(0, last - room + 1);
    for (int i = first; i <= last; ++i) {
        const LogLine &l = log.lines.at(i);
        const ScreenStyle base =
            l.stream == LogStream::Stderr ? ScreenStyle::Warn : ScreenStyle::Normal;
        LineBuilder b(width, unicode);
        const QString text = printable(l.text, unicode);
        if (log.search.isEmpty()) {
            b.add(text, base);
        } else {
            qsizetype from = 0;
            while (b.left() > 0) {
                const qsizetype at = text.indexOf(log.search, from, Qt::CaseInsensitive);
                if (at < 0) {
                    b.add(text.mid(from), base);
                    break;
                }
                b.add(text.mid(from, at - from), base);
                b.add(text.mid(at, log.search.size()), ScreenStyle::Match);
                from = at + log.search.size();
            }
        }
        lines.append(b.take());
    }
    return lines;
}

QString progressBar(const RebuildProgress &p, int cells, bool unicode)
{
    const double f = p.fraction();
    if (f < 0 || cells <= 2)
        return QString();
    const int full = int(f * cells + 0.5);
    return u'[' % QString(full, unicode ? u'█' : u'#')
           % QString(cells - full, unicode ? u'░' : u'.') % u"] "_s % QString::number(p.done) % u'/'
           % QString::number(p.expected);
}

QList<ScreenLine> rebuildLines(const TuiViewState &state, int width, int height, bool unicode)
{
    QList<ScreenLine> lines;
    const TuiRebuildState &r = state.rebuild;
    QString head = u" Rebuild"_s;
    if (r.action)
        head += u"  nixos-rebuild "_s % rebuildActionName(*r.action);
    head += u"  "_s % rebuildPhaseName(r.phase);
    lines.append(textLine(head, width, unicode, ScreenStyle::Header, true));
    LineBuilder pb(width, unicode);
    const QString bar = progressBar(r.progress, std::min(30, width / 3), unicode);
    if (!r.outcome.isEmpty())
        pb.add(u' ' % r.outcome, r.failed ? ScreenStyle::Bad : ScreenStyle::Good);
    else if (r.running)
        pb.add(u' ' % (bar.isEmpty() ? rebuildPhaseName(r.phase) : bar), ScreenStyle::Warn);
    else
        pb.add(u" No rebuild yet: press b to choose switch, test, boot, build or dry-activate"_s,
               ScreenStyle::Dim);
    lines.append(pb.take());
    int room = height - 2;
    if (!r.target.isEmpty()) {
        lines.append(textLine(u' ' % r.target, width, unicode, ScreenStyle::Dim));
        --room;
    }
    const int total = int(r.log.size());
    if (total == 0)
        return lines;
    const int last = std::clamp(total - 1 - r.scroll, 0, total - 1);
    const int first = std::max(0, last - room + 1);
    for (int i = first; i <= last; ++i) {
        const RebuildLogEntry &e = r.log.at(i);
        ScreenStyle st = ScreenStyle::Normal;
        if (e.severity == RebuildLogEntry::Severity::Error)
            st = ScreenStyle::Bad;
        else if (e.severity == RebuildLogEntry::Severity::Warning)
            st = ScreenStyle::Warn;
        else if (e.severity == RebuildLogEntry::Severity::Detail)
            st = ScreenStyle::Dim;
        lines.append(textLine(u' ' % printable(e.text, unicode), width, unicode, st));
    }
    return lines;
}

QList<ScreenLine> diagnosticsLines(const TuiViewState &state, int width, int height, bool unicode)
{
    QList<ScreenLine> lines;
    QList<ScreenLine> body;
    // The diagnostics are ConsoleSession's merged list: a load error is one of them.
    for (const Diagnostic &d : state.diagnostics)
        body.append(textLine(u' ' % d.toString(), width, unicode,
                             d.severity == Diagnostic::Severity::Error     ? ScreenStyle::Bad
                             : d.severity == Diagnostic::Severity::Warning ? ScreenStyle::Warn
                                                                           : ScreenStyle::Normal));
    for (const Error &e : state.problems)
        body.append(textLine(u" runtime: "_s % e.message
                                 % (e.hint.isEmpty() ? QString() : u" — "_s % e.hint),
                             width, unicode, ScreenStyle::Warn));
    lines.append(textLine(u" Diagnostics  "_s % QString::number(body.size()) % u" findings"_s,
                          width, unicode, ScreenStyle::Header, true));
    if (body.isEmpty())
        lines.append(textLine(u" No errors or warnings"_s, width, unicode, ScreenStyle::Good));
    const int first = std::clamp(state.diagnosticsScroll, 0, std::max(0, int(body.size()) - 1));
    for (int i = first; i < body.size() && int(lines.size()) < height; ++i)
        lines.append(body.at(i));
    return lines;
}

QList<ScreenLine> importLines(const TuiViewState &state, int width, int height, bool unicode)
{
    QList<ScreenLine> lines;
    lines.append(textLine(u" Import  "_s % state.importPreview.file, width, unicode,
                          ScreenStyle::Header, true));
    const QStringList &body = state.importPreview.lines;
    const int first = std::clamp(state.importPreview.scroll, 0, std::max(0, int(body.size()) - 1));
    for (int i = first; i < body.size() && int(lines.size()) < height; ++i) {
        const QString &l = body.at(i);
        const ScreenStyle style = l.startsWith(u"  error"_s)     ? ScreenStyle::Bad
                                  : l.startsWith(u"  warning"_s) ? ScreenStyle::Warn
                                                                 : ScreenStyle::Normal;
        lines.append(textLine(u' ' % l, width, unicode, style));
    }
    return lines;
}

QList<ScreenLine> helpLines(int width, bool unicode)
{
    const QList<std::pair<QString, QString>> keys{
        {unicode ? u"↑ ↓  j k"_s : u"Up Down  j k"_s, u"move the selection / scroll"_s},
        {u"PgUp PgDn Home End"_s, u"move by a page / to the ends"_s},
        {u"Enter"_s, u"open: fold a composition, show a service's detail"_s},
        {u"s"_s, u"start the selected service or composition (its unit or target)"_s},
        {u"t"_s, u"stop it (asks first)"_s},
        {u"r"_s, u"restart it"_s},
        {u"l"_s, u"follow the selected service's log; / searches it, n N next/previous"_s},
        {u"/"_s, u"filter the list (names, status); Esc clears"_s},
        {u"b"_s, u"rebuild: choose switch, test, boot, build, dry-activate (asks first)"_s},
        {u"R"_s, u"reload the flake or file and its manifest"_s},
        {u"e"_s, u"diagnostics from validation and evaluation"_s},
        {u"i"_s, u"import a docker compose file: preview, then y adds it"_s},
        {u"?"_s, u"this help"_s},
        {u"Esc"_s, u"back to the list"_s},
        {u"q"_s, u"quit (back from a pane first)"_s},
    };
    QList<ScreenLine> lines;
    lines.append(textLine(u" Keys"_s, width, unicode, ScreenStyle::Header, true));
    for (const auto &[key, what] : keys) {
        LineBuilder b(width, unicode);
        b.addField(u"  "_s % key, 22, ScreenStyle::Good);
        b.add(what);
        lines.append(b.take());
    }
    return lines;
}

ScreenLine titleLine(const TuiViewState &state, int width, bool unicode)
{
    const QString ok = unicode ? u"✓"_s : u"ok"_s;
    const QString no = unicode ? u"✗"_s : u"--"_s;
    QString right = u"systemd "_s % (state.systemdKnown ? ok : no) % u"  docker "_s
                    % (state.dockerKnown ? ok : no);
    int errors = 0, warnings = 0;
    for (const Diagnostic &d : state.diagnostics)
        (d.severity == Diagnostic::Severity::Error ? errors : warnings) += 1;
    if (state.loadError)
        ++errors;
    if (errors)
        right = QString::number(errors) % u" errors  "_s % right;
    else if (warnings)
        right = QString::number(warnings) % u" warnings  "_s % right;
    if (state.rebuild.running)
        right = u"rebuilding  "_s % right;
    right += u' ';
    LineBuilder b(width, unicode);
    const int rightWidth = std::min(TuiRenderer::displayWidth(right), width / 2);
    b.addField(u" khepri  "_s % state.source, width - rightWidth, ScreenStyle::Title);
    b.addField(right, rightWidth, ScreenStyle::Title);
    return b.take(true, ScreenStyle::Title);
}

ScreenLine messageLine(const TuiViewState &state, int width, bool unicode)
{
    switch (state.dialog) {
    case TuiDialog::Confirm:
        return textLine(u' ' % state.confirmText % u"  [y/N]"_s, width, unicode,
                        ScreenStyle::Dialog, true);
    case TuiDialog::RebuildMode:
        return textLine(
            u" Rebuild: [s]witch  [t]est  [b]oot  b[u]ild  [d]ry-activate   Esc cancel"_s, width,
            unicode, ScreenStyle::Dialog, true);
    case TuiDialog::Filter:
        return textLine(u" Filter: "_s % state.input % u'_', width, unicode, ScreenStyle::Dialog,
                        true);
    case TuiDialog::Search:
        return textLine(u" Search log: "_s % state.input % u'_', width, unicode,
                        ScreenStyle::Dialog, true);
    case TuiDialog::ImportPath:
        return textLine(u" Import compose file: "_s % state.input % u'_', width, unicode,
                        ScreenStyle::Dialog, true);
    case TuiDialog::None:
        break;
    }
    if (!state.message.isEmpty())
        return textLine(u' ' % state.message, width, unicode,
                        state.messageIsError ? ScreenStyle::Bad : ScreenStyle::Normal);
    if (!state.filter.isEmpty() && state.screen == TuiScreen::Main)
        return textLine(u" Filter: "_s % state.filter % u"  (/ to change, Esc to clear)"_s, width,
                        unicode, ScreenStyle::Dim);
    return {};
}

} // namespace

int TuiRenderer::displayWidth(const QString &text)
{
    int w = 0;
    for (const char32_t c : text.toUcs4())
        w += charWidth(c);
    return w;
}

QString TuiRenderer::fit(const QString &text, int width, bool unicode)
{
    if (width <= 0)
        return QString();
    const QString clean = printable(text, unicode);
    if (displayWidth(clean) <= width)
        return clean;
    const QString ellipsis = unicode ? u"…"_s : u"~"_s;
    QString out;
    int used = 0;
    for (const char32_t c : clean.toUcs4()) {
        const int cw = charWidth(c);
        if (used + cw > width - 1)
            break;
        out += QString::fromUcs4(&c, 1);
        used += cw;
    }
    return out % ellipsis;
}

ScreenStyle TuiRenderer::statusStyle(LiveStatus status)
{
    switch (status) {
    case LiveStatus::Running:
    case LiveStatus::Healthy:
        return ScreenStyle::Good;
    case LiveStatus::Starting:
    case LiveStatus::Restarting:
        return ScreenStyle::Warn;
    case LiveStatus::Unhealthy:
    case LiveStatus::Failed:
        return ScreenStyle::Bad;
    case LiveStatus::Stopped:
    case LiveStatus::Missing:
        return ScreenStyle::Stopped;
    case LiveStatus::Unknown:
        return ScreenStyle::Dim;
    }
    return ScreenStyle::Normal;
}

QString TuiRenderer::footerText(const TuiViewState &state, bool unicode)
{
    const QString move = unicode ? u"↑↓/jk"_s : u"j/k"_s;
    switch (state.screen) {
    case TuiScreen::Main:
    case TuiScreen::Detail:
        return u' ' % move
               % u" move  Enter open  s start  t stop  r restart  l logs  / filter  b rebuild"
                 u"  R reload  e diag  ? help  q quit"_s;
    case TuiScreen::Logs:
        return u' ' % move
               % u" scroll  End follow  / search  n/N next/prev  s t r service  Esc back  q quit"_s;
    case TuiScreen::Rebuild:
        return u' ' % move % u" scroll  b rebuild  Esc back  q quit"_s;
    case TuiScreen::Diagnostics:
        return u' ' % move % u" scroll  R reload  Esc back  q quit"_s;
    case TuiScreen::Help:
        return u" Esc back  q quit"_s;
    case TuiScreen::Import:
        return u' ' % move
               % (state.importPreview.canAccept
                      ? u" scroll  y add to the compositions  Esc cancel"_s
                      : u" scroll  Esc back (nothing can be added)"_s);
    }
    return QString();
}

QList<ScreenLine> TuiRenderer::render(const TuiViewState &state, int width, int height,
                                      const TuiRenderOptions &options)
{
    const bool u = options.unicode;
    QList<ScreenLine> out;
    if (width <= 0 || height <= 0)
        return out;
    if (width < 20 || height < 5) {
        out.append(textLine(u"khepri needs at least 80x24"_s, width, u, ScreenStyle::Bad));
        while (out.size() < height)
            out.append(ScreenLine{});
        return out;
    }
    out.append(titleLine(state, width, u));
    const int bodyHeight = height - 3;
    QList<ScreenLine> body;
    switch (state.screen) {
    case TuiScreen::Main: {
        // Narrower than the minimum: the list alone (Enter shows the detail).
        const bool split = width >= 60;
        const int listWidth = split ? std::max(30, width * 45 / 100) : width;
        const int detailWidth = width - listWidth - 1;
        const QList<ScreenLine> list = listLines(state, listWidth, bodyHeight, u);
        if (!split) {
            body = list;
            break;
        }
        const QList<TuiRow> rows = visibleRows(state);
        const TuiRow *selected =
            rows.isEmpty() ? nullptr : &rows.at(rowIndex(rows, state.selectedId));
        const QList<ScreenLine> detail = detailLines(state, selected, detailWidth, bodyHeight, u);
        for (int i = 0; i < bodyHeight; ++i)
            body.append(joinColumns(list.value(i), listWidth, detail.value(i), u));
        break;
    }
    case TuiScreen::Detail: {
        const QList<TuiRow> rows = visibleRows(state);
        const TuiRow *selected =
            rows.isEmpty() ? nullptr : &rows.at(rowIndex(rows, state.selectedId));
        body = detailLines(state, selected, width, bodyHeight, u);
        break;
    }
    case TuiScreen::Logs:
        body = logLines(state, width, bodyHeight, u);
        break;
    case TuiScreen::Rebuild:
        body = rebuildLines(state, width, bodyHeight, u);
        break;
    case TuiScreen::Diagnostics:
        body = diagnosticsLines(state, width, bodyHeight, u);
        break;
    case TuiScreen::Help:
        body = helpLines(width, u);
        break;
    case TuiScreen::Import:
        body = importLines(state, width, bodyHeight, u);
        break;
    }
    while (body.size() > bodyHeight)
        body.removeLast();
    while (body.size() < bodyHeight)
        body.append(ScreenLine{});
    out.append(body);
    out.append(messageLine(state, width, u));
    out.append(textLine(footerText(state, u), width, u, ScreenStyle::Footer, true));
    return out;
}

} // namespace khepri
