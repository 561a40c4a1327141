#pragma once

// TuiViewState: everything the terminal console shows, as plain values — the
// compositions, their live state (copied from RuntimeState), diagnostics, the
// selection, filter, open screen and dialog, the followed log and the
// rebuild. The controller (TerminalUi) keeps it up to date from the model and
// runtime; the renderer turns it into lines. It holds no state the model does
// not, except what is the view's own: selection, filter, collapsed
// compositions, scroll positions, input being typed.
//
// Rows are derived (allRows/visibleRows), never stored: the selection is an
// item id, stable across resets of the live state.

#include <optional>

#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

#include "composition.h"
#include "diagnostic.h"
#include "dockerlogdecoder.h"
#include "dockertypes.h"
#include "liveitem.h"
#include "manifest.h"
#include "rebuildtypes.h"
#include "result.h"

namespace khepri {

enum class TuiScreen { Main, Detail, Logs, Rebuild, Diagnostics, Help, Import };
enum class TuiDialog { None, Confirm, RebuildMode, Filter, Search, ImportPath };

// One row of the list: a composition or one of its services, networks or
// volumes.
struct TuiRow {
    QString id; // LiveItem ids: "composition/<c>", "service/<c>/<s>", …
    ItemKind kind = ItemKind::Service;
    QString composition;
    QString name;
    LiveStatus status = LiveStatus::Unknown;
    Drift drift;
};

struct TuiLogState {
    QString serviceId;
    QString container;
    QList<LogLine> lines;
    QString search;
    int scroll = 0; // lines above the tail; 0 follows the tail
    bool following = false;
    QString ended; // why the stream ended; empty while it runs
};

struct TuiRebuildState {
    bool running = false;
    std::optional<RebuildAction> action;
    RebuildPhase phase = RebuildPhase::Idle;
    RebuildProgress progress;
    QList<RebuildLogEntry> log;
    QString outcome; // after the end: "switch succeeded", "failed: …"
    QString target;  // where it deploys: "deploying to root@a (remembered; …)"
    bool failed = false;
    int scroll = 0;
};

// The preview of `khepri import` (i): what the compose file becomes, as text
// (compose::previewLines), before anything changes; y adds it.
struct TuiImportState {
    QString file;
    QStringList lines;
    bool canAccept = false; // a composition that may be added
    int scroll = 0;
};

struct TuiViewState {
    QString source; // Source::describe()
    bool loading = false;
    std::optional<Error> loadError;
    QList<Composition> compositions;
    QList<LiveItem> live;
    std::optional<Manifest> manifest;
    bool synced = false;
    bool systemdKnown = false;
    bool dockerKnown = false;
    QList<Error> problems;
    QList<Diagnostic> diagnostics; // ConsoleSession::diagnostics(): merged, load error included

    QString selectedId;
    QSet<QString> collapsed; // composition names
    QString filter;
    TuiScreen screen = TuiScreen::Main;
    TuiScreen previousScreen = TuiScreen::Main; // where Esc from help returns
    TuiDialog dialog = TuiDialog::None;
    QString input;       // what is being typed in Filter/Search
    QString confirmText; // the question of a Confirm dialog
    QString message;     // the last outcome, shown above the footer
    bool messageIsError = false;
    int diagnosticsScroll = 0;

    TuiLogState log;
    QString statsContainer;
    std::optional<ContainerStats> stats;
    TuiRebuildState rebuild;
    TuiImportState importPreview;
    QDateTime now; // for uptimes; set when the state is rendered

    const LiveItem *liveItem(const QString &id) const;
    const Composition *composition(const QString &name) const;
};

// Every row, in list order: from the live state when it has items, else from
// the compositions (status unknown).
QList<TuiRow> allRows(const TuiViewState &state);
// What the list shows: collapsed compositions hide their members; the filter
// (case-insensitive, on names and status) keeps matching rows and the
// compositions they belong to.
QList<TuiRow> visibleRows(const TuiViewState &state);
bool rowMatches(const TuiRow &row, const QString &filter);
// The index of `id` in `rows`, or 0 (the first row) when absent.
int rowIndex(const QList<TuiRow> &rows, const QString &id);
// The id `delta` rows from the selection (clamped), among visible rows.
QString movedSelection(const TuiViewState &state, int delta);
// Log lines that contain `search` (case-insensitive), as indexes.
QList<int> logMatches(const TuiLogState &log);

} // namespace khepri
