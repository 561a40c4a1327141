#include "terminalui.h"

#include <algorithm>

#include <QProcessEnvironment>
#include <QStringBuilder>

#include "addcomposition.h"
#include "composeimporter.h"
#include "consolesession.h"
#include "dockerclient.h"
#include "document.h"
#include "livefollower.h"
#include "liveid.h"
#include "rebuildcontroller.h"
#include "runtimestate.h"
#include "saver.h"
#include "terminalscreen.h"
#include "tuikeys.h"
#include "tuilogging.h"
#include "tuirenderer.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

constexpr int kMaxLogLines = 10000;
constexpr int kMaxRebuildLines = 10000;
constexpr auto kTargetHowToChange = "khepri rebuild --target-host local to change"_L1;

// One line: the screen has no room for the refusal's list of errors on lines
// of their own (e shows them).
QString rebuildErrorText(const Error &error)
{
    QStringList lines = error.message.split(u'\n');
    for (QString &line : lines)
        line = line.trimmed();
    QString text = lines.takeFirst();
    if (!lines.isEmpty())
        text += u' ' % lines.join(u"; "_s);
    return error.hint.isEmpty() ? text : QString(text % u' ' % error.hint);
}

QString actionVerb(SystemdClient::Action action, bool done)
{
    switch (action) {
    case SystemdClient::Action::Start:
        return done ? u"started"_s : u"starting"_s;
    case SystemdClient::Action::Stop:
        return done ? u"stopped"_s : u"stopping"_s;
    case SystemdClient::Action::Restart:
        return done ? u"restarted"_s : u"restarting"_s;
    }
    return QString();
}

} // namespace

TerminalUi::TerminalUi(const TerminalUiOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_document(new Document(this))
    , m_systemd(new SystemdClient(
          options.userBus ? SystemdClient::Bus::Session : SystemdClient::Bus::System, this))
    , m_docker(new DockerClient(this))
    , m_runtime(new RuntimeState(*m_systemd, *m_docker, this))
    , m_session(new ConsoleSession(*m_document, this))
    , m_logFollower(new LiveFollower(*m_runtime, LiveFollower::Stream::Logs, this))
    , m_statsFollower(new LiveFollower(*m_runtime, LiveFollower::Stream::Stats, this))
    , m_rebuild(new RebuildController(this))
{
    m_state.source = options.source.describe();
    m_session->setRuntime(m_runtime);
    connect(m_session, &ConsoleSession::loadFinished, this, &TerminalUi::onLoaded);
    connect(m_session, &ConsoleSession::translated, this, &TerminalUi::onTranslated);
    connect(m_session, &ConsoleSession::diagnosticsChanged, this, &TerminalUi::refreshDiagnostics);
    connect(m_logFollower, &LiveFollower::logsStarted, this,
            [this](const QString &container, const QString &, bool continued) {
                TuiLogState &log = m_state.log;
                log.container = container;
                log.following = !container.isEmpty();
                log.ended.clear();
                if (!continued)
                    log.lines.clear();
                queueRedraw();
            });
    connect(m_logFollower, &LiveFollower::logLines, this, [this](const QList<LogLine> &lines) {
        TuiLogState &log = m_state.log;
        log.lines += lines;
        if (log.scroll > 0)
            log.scroll += int(lines.size()); // keep what the user is reading in place
        const int excess = int(log.lines.size()) - kMaxLogLines;
        if (excess > 0)
            log.lines.remove(0, excess);
        queueRedraw();
    });
    connect(m_logFollower, &LiveFollower::logsEnded, this, [this](const Result<void> &result) {
        m_state.log.following = false;
        m_state.log.ended =
            result ? u"ended (l follows again)"_s : u"ended: "_s % result.error().message;
        queueRedraw();
    });
    connect(m_statsFollower, &LiveFollower::statsChanged, this, [this] {
        m_state.stats = m_statsFollower->stats();
        m_state.statsContainer = m_statsFollower->statsContainer();
        queueRedraw();
    });
    connect(m_runtime, &RuntimeState::reset, this, &TerminalUi::syncLive);
    connect(m_runtime, &RuntimeState::itemChanged, this, &TerminalUi::syncLive);
    connect(m_runtime, &RuntimeState::problemsChanged, this, &TerminalUi::syncLive);
    connect(m_runtime, &RuntimeState::syncChanged, this, &TerminalUi::syncLive);
    // Whether each source is known can change without any item changing.
    connect(m_systemd, &SystemdClient::synced, this, &TerminalUi::syncLive);
    connect(m_systemd, &SystemdClient::availabilityChanged, this, &TerminalUi::syncLive);
    connect(m_docker, &DockerClient::synced, this, &TerminalUi::syncLive);
    connect(m_docker, &DockerClient::connectionChanged, this, &TerminalUi::syncLive);
    connect(m_systemd, &SystemdClient::actionFinished, this, &TerminalUi::onActionFinished);

    m_rebuild->setSource(options.source);
    m_rebuild->attachDocument(m_document, nullptr); // the Saver comes with the first import
    m_rebuild->setDiagnosticsLocation(u"e lists them"_s);
    const RebuildRunner *runner = m_rebuild->runner();
    connect(runner, &RebuildRunner::phaseChanged, this, [this](RebuildPhase phase) {
        m_state.rebuild.phase = phase;
        queueRedraw();
    });
    connect(runner, &RebuildRunner::progressChanged, this, [this](const RebuildProgress &progress) {
        m_state.rebuild.progress = progress;
        queueRedraw();
    });
    connect(runner, &RebuildRunner::logged, this, [this](const RebuildLogEntry &entry) {
        m_state.rebuild.log.append(entry);
        if (m_state.rebuild.log.size() > kMaxRebuildLines)
            m_state.rebuild.log.removeFirst();
        queueRedraw();
    });
    connect(m_rebuild, &RebuildController::finished, this, [this](const RebuildResult &result) {
        TuiRebuildState &r = m_state.rebuild;
        r.running = false;
        r.failed = !result.succeeded();
        const QString action = rebuildActionName(result.action);
        if (result.status == RebuildResult::Status::Succeeded)
            r.outcome = action % u" succeeded"_s;
        else if (result.status == RebuildResult::Status::Cancelled)
            r.outcome = action % u" was cancelled"_s;
        else
            r.outcome = action % u" failed: "_s % rebuildErrorText(result.error);
        setMessage(u"Rebuild: "_s % r.outcome, r.failed);
        queueRedraw();
    });
    // What the host runs changed: read the flake and the manifest again.
    connect(m_rebuild, &RebuildController::hostChanged, this, &TerminalUi::reload);
}

TerminalUi::~TerminalUi()
{
    // The terminal first: whatever happens next, the user gets it back.
    m_screen.reset();
}

Result<void> TerminalUi::start()
{
    const auto terminal = TerminalScreen::checkTerminal();
    if (!terminal)
        return terminal;
    m_screen = std::make_unique<TerminalScreen>();
    connect(m_screen.get(), &TerminalScreen::keyPressed, this, &TerminalUi::handleKey);
    connect(m_screen.get(), &TerminalScreen::resized, this, &TerminalUi::redraw);
    connect(m_screen.get(), &TerminalScreen::interrupted, this, &TerminalUi::quitRequested);
    m_started = true;
    m_runtime->watchDeployed(m_options.deployedPath);
    m_runtime->start();
    reload();
    redraw();
    return {};
}

void TerminalUi::reload()
{
    m_state.loading = true;
    m_session->load(m_options.source);
    queueRedraw();
}

void TerminalUi::onLoaded(const Result<void> &result)
{
    m_state.loading = false;
    if (!result) {
        m_state.loadError = result.error();
        setMessage(u"Cannot load "_s % m_state.source % u": "_s % result.error().message
                       % u"  (e shows diagnostics, R reloads)"_s,
                   true);
        queueRedraw();
        return;
    }
    m_state.loadError.reset();
    m_state.compositions = m_document->compositions();
    ensureSelectionVisible();
    queueRedraw();
}

void TerminalUi::onTranslated()
{
    m_state.manifest = m_session->manifest();
    syncLive();
}

void TerminalUi::refreshDiagnostics()
{
    m_state.diagnostics = m_session->diagnostics();
    queueRedraw();
}

void TerminalUi::syncLive()
{
    m_state.live = m_runtime->items();
    m_state.synced = m_runtime->isSynced();
    m_state.systemdKnown = m_runtime->systemdKnown();
    m_state.dockerKnown = m_runtime->dockerKnown();
    m_state.problems = m_runtime->problems();
    ensureSelectionVisible();
    updateStats();
    queueRedraw();
}

void TerminalUi::queueRedraw()
{
    if (m_redrawQueued || !m_screen)
        return;
    m_redrawQueued = true;
    QMetaObject::invokeMethod(this, &TerminalUi::redraw, Qt::QueuedConnection);
}

void TerminalUi::redraw()
{
    m_redrawQueued = false;
    if (!m_screen)
        return;
    m_state.now = QDateTime::currentDateTimeUtc();
    m_screen->paint(TuiRenderer::render(m_state, m_screen->width(), m_screen->height(),
                                        TuiRenderOptions{m_screen->unicode()}));
}

int TerminalUi::pageSize() const
{
    return std::max(1, (m_screen ? m_screen->height() : 24) - 5);
}

void TerminalUi::setMessage(const QString &text, bool error)
{
    m_state.message = text;
    m_state.messageIsError = error;
    if (error)
        qCInfo(lcUiTui).noquote() << text;
    queueRedraw();
}

void TerminalUi::confirm(const QString &question, std::function<void()> action)
{
    m_state.dialog = TuiDialog::Confirm;
    m_state.confirmText = question;
    m_pendingConfirm = std::move(action);
    queueRedraw();
}

void TerminalUi::ensureSelectionVisible()
{
    const QList<TuiRow> rows = visibleRows(m_state);
    if (rows.isEmpty())
        return;
    for (const TuiRow &r : rows)
        if (r.id == m_state.selectedId)
            return;
    // Prefer the first row the filter matches itself, not one shown for a member.
    for (const TuiRow &r : rows) {
        if (!m_state.filter.isEmpty() && rowMatches(r, m_state.filter)) {
            m_state.selectedId = r.id;
            return;
        }
    }
    m_state.selectedId = rows.first().id;
}

void TerminalUi::moveSelection(int delta)
{
    m_state.selectedId = movedSelection(m_state, delta);
    updateStats();
}

void TerminalUi::handleKey(int key)
{
    if (m_state.dialog != TuiDialog::None) {
        handleDialogKey(key);
        queueRedraw();
        return;
    }
    m_state.message.clear();
    switch (key) {
    case 'q':
        Q_EMIT quitRequested();
        return;
    case '?':
        if (m_state.screen != TuiScreen::Help)
            m_state.previousScreen = m_state.screen;
        m_state.screen = TuiScreen::Help;
        break;
    case 'e':
        m_state.screen = TuiScreen::Diagnostics;
        m_state.diagnosticsScroll = 0;
        break;
    case 'b':
        if (m_state.rebuild.running) {
            m_state.screen = TuiScreen::Rebuild;
            setMessage(u"A rebuild is running"_s);
        } else {
            m_state.dialog = TuiDialog::RebuildMode;
        }
        break;
    case 'R':
        setMessage(u"Reloading "_s % m_state.source);
        reload();
        break;
    case 'i':
        m_state.dialog = TuiDialog::ImportPath;
        m_state.input.clear();
        break;
    case tuikey::kEscape:
        if (m_state.screen == TuiScreen::Help && m_state.previousScreen != TuiScreen::Help)
            m_state.screen = m_state.previousScreen;
        else if (m_state.screen != TuiScreen::Main)
            m_state.screen = TuiScreen::Main;
        else
            m_state.filter.clear();
        m_state.previousScreen = TuiScreen::Main;
        ensureSelectionVisible();
        break;
    default:
        switch (m_state.screen) {
        case TuiScreen::Main:
        case TuiScreen::Detail:
            handleListKey(key);
            break;
        case TuiScreen::Logs:
            handleLogKey(key);
            break;
        case TuiScreen::Rebuild:
        case TuiScreen::Diagnostics: {
            int &scroll = m_state.screen == TuiScreen::Rebuild ? m_state.rebuild.scroll
                                                               : m_state.diagnosticsScroll;
            const int sign = m_state.screen == TuiScreen::Rebuild ? 1 : -1; // rebuild counts up
            if (key == tuikey::kUp || key == 'k')
                scroll += sign;
            else if (key == tuikey::kDown || key == 'j')
                scroll -= sign;
            else if (key == tuikey::kPageUp)
                scroll += sign * pageSize();
            else if (key == tuikey::kPageDown)
                scroll -= sign * pageSize();
            else if (key == tuikey::kEnd)
                scroll = m_state.screen == TuiScreen::Rebuild ? 0 : 1 << 20;
            else if (key == tuikey::kHome)
                scroll = m_state.screen == TuiScreen::Rebuild ? 1 << 20 : 0;
            const int size = m_state.screen == TuiScreen::Rebuild
                                 ? int(m_state.rebuild.log.size())
                                 : int(m_state.diagnostics.size() + m_state.problems.size()) + 1;
            scroll = std::clamp(scroll, 0, std::max(0, size - 1));
            break;
        }
        case TuiScreen::Help:
            break;
        case TuiScreen::Import:
            if (key == 'y' || key == 'Y')
                acceptImport();
            else if (key == tuikey::kUp || key == 'k')
                m_state.importPreview.scroll = std::max(0, m_state.importPreview.scroll - 1);
            else if (key == tuikey::kDown || key == 'j')
                m_state.importPreview.scroll = std::min(int(m_state.importPreview.lines.size()) - 1,
                                                        m_state.importPreview.scroll + 1);
            break;
        }
    }
    queueRedraw();
}

void TerminalUi::handleListKey(int key)
{
    switch (key) {
    case tuikey::kUp:
    case 'k':
        moveSelection(-1);
        break;
    case tuikey::kDown:
    case 'j':
        moveSelection(1);
        break;
    case tuikey::kPageUp:
        moveSelection(-pageSize());
        break;
    case tuikey::kPageDown:
        moveSelection(pageSize());
        break;
    case tuikey::kHome:
        moveSelection(-(1 << 20));
        break;
    case tuikey::kEnd:
        moveSelection(1 << 20);
        break;
    case tuikey::kEnter:
    case tuikey::kRight:
    case tuikey::kLeft: {
        const QList<TuiRow> rows = visibleRows(m_state);
        if (rows.isEmpty())
            break;
        const TuiRow &row = rows.at(rowIndex(rows, m_state.selectedId));
        if (row.kind == ItemKind::Composition) {
            if (key == tuikey::kLeft)
                m_state.collapsed.insert(row.composition);
            else if (key == tuikey::kRight)
                m_state.collapsed.remove(row.composition);
            else if (!m_state.collapsed.remove(row.composition))
                m_state.collapsed.insert(row.composition);
        } else if (key == tuikey::kEnter) {
            m_state.screen =
                m_state.screen == TuiScreen::Detail ? TuiScreen::Main : TuiScreen::Detail;
        }
        break;
    }
    case 's':
        act(SystemdClient::Action::Start);
        break;
    case 't':
        act(SystemdClient::Action::Stop);
        break;
    case 'r':
        act(SystemdClient::Action::Restart);
        break;
    case 'l':
        openLogs();
        break;
    case '/':
        m_state.dialog = TuiDialog::Filter;
        m_state.input = m_state.filter;
        break;
    default:
        break;
    }
}

void TerminalUi::handleLogKey(int key)
{
    TuiLogState &log = m_state.log;
    const int total = int(log.lines.size());
    switch (key) {
    case tuikey::kUp:
    case 'k':
        log.scroll += 1;
        break;
    case tuikey::kDown:
    case 'j':
        log.scroll -= 1;
        break;
    case tuikey::kPageUp:
        log.scroll += pageSize();
        break;
    case tuikey::kPageDown:
        log.scroll -= pageSize();
        break;
    case tuikey::kHome:
        log.scroll = total;
        break;
    case tuikey::kEnd:
        log.scroll = 0;
        break;
    case '/':
        m_state.dialog = TuiDialog::Search;
        m_state.input = log.search;
        break;
    case 'n':
        jumpToMatch(-1);
        break;
    case 'N':
        jumpToMatch(1);
        break;
    case 'l':
        openLogs();
        break;
    case 's':
        act(SystemdClient::Action::Start);
        break;
    case 't':
        act(SystemdClient::Action::Stop);
        break;
    case 'r':
        act(SystemdClient::Action::Restart);
        break;
    default:
        break;
    }
    log.scroll = std::clamp(log.scroll, 0, std::max(0, total - 1));
}

// direction -1: the previous (older) match above the view's bottom line.
void TerminalUi::jumpToMatch(int direction)
{
    TuiLogState &log = m_state.log;
    const QList<int> matches = logMatches(log);
    if (matches.isEmpty()) {
        setMessage(log.search.isEmpty() ? u"No search: press / first"_s
                                        : u"No line matches \""_s % log.search % u'"',
                   !log.search.isEmpty());
        return;
    }
    const int total = int(log.lines.size());
    const int bottom = total - 1 - log.scroll;
    int target = -1;
    if (direction < 0) {
        for (auto it = matches.crbegin(); it != matches.crend(); ++it)
            if (*it < bottom) {
                target = *it;
                break;
            }
        if (target < 0)
            target = matches.last(); // wrap around
    } else {
        for (int m : matches)
            if (m > bottom) {
                target = m;
                break;
            }
        if (target < 0)
            target = matches.first();
    }
    log.scroll = total - 1 - target;
}

void TerminalUi::handleDialogKey(int key)
{
    switch (m_state.dialog) {
    case TuiDialog::Confirm: {
        auto action = std::move(m_pendingConfirm);
        m_pendingConfirm = nullptr;
        m_state.dialog = TuiDialog::None;
        if ((key == 'y' || key == 'Y') && action)
            action();
        else
            setMessage(u"Cancelled"_s);
        break;
    }
    case TuiDialog::RebuildMode:
        m_state.dialog = TuiDialog::None;
        if (key == 's')
            chooseRebuild(RebuildAction::Switch);
        else if (key == 't')
            chooseRebuild(RebuildAction::Test);
        else if (key == 'b')
            chooseRebuild(RebuildAction::Boot);
        else if (key == 'u')
            chooseRebuild(RebuildAction::Build);
        else if (key == 'd')
            chooseRebuild(RebuildAction::DryActivate);
        else
            setMessage(u"Cancelled"_s);
        break;
    case TuiDialog::Filter:
    case TuiDialog::Search: {
        const bool filter = m_state.dialog == TuiDialog::Filter;
        if (key == tuikey::kEscape) {
            m_state.input.clear();
            m_state.dialog = TuiDialog::None;
        } else if (key == tuikey::kEnter) {
            m_state.dialog = TuiDialog::None;
        } else if (key == tuikey::kBackspace) {
            m_state.input.chop(1);
        } else if (key >= 32 && key < 0x110000) {
            const char32_t c = char32_t(key);
            m_state.input += QString::fromUcs4(&c, 1);
        }
        if (filter) {
            m_state.filter = m_state.input;
            ensureSelectionVisible();
            updateStats();
        } else {
            m_state.log.search = m_state.input;
            if (key == tuikey::kEnter && !m_state.log.search.isEmpty()) {
                m_state.log.scroll = 0;
                jumpToMatch(-1);
            }
        }
        break;
    }
    case TuiDialog::ImportPath:
        if (key == tuikey::kEscape) {
            m_state.input.clear();
            m_state.dialog = TuiDialog::None;
        } else if (key == tuikey::kEnter) {
            m_state.dialog = TuiDialog::None;
            previewImport(m_state.input.trimmed());
        } else if (key == tuikey::kBackspace) {
            m_state.input.chop(1);
        } else if (key >= 32 && key < 0x110000) {
            const char32_t c = char32_t(key);
            m_state.input += QString::fromUcs4(&c, 1);
        }
        break;
    case TuiDialog::None:
        break;
    }
}

void TerminalUi::previewImport(const QString &file)
{
    m_pendingImport.reset();
    m_state.importPreview = TuiImportState{};
    m_state.importPreview.file = file;
    compose::ImportOptions options;
    options.files = {file};
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &k : env.keys())
        options.environment.insert(k, env.value(k));
    const auto r = compose::importCompose(options);
    if (!r) {
        m_state.importPreview.lines = {u"This file cannot be imported:"_s, r.error().message,
                                       r.error().hint};
    } else {
        m_state.importPreview.lines = compose::previewLines(r.value());
        const QString name = r.value().composition.name;
        if (m_document->composition(name))
            m_state.importPreview.lines.prepend(
                u"A composition "_s % name % u" exists already: rename the project (name:)."_s);
        else if (m_document->ownedFile().isEmpty())
            m_state.importPreview.lines.prepend(
                u"No file is owned by khepri here: nothing can be added."_s);
        else if (!hasErrors(r.value().diagnostics))
            m_pendingImport = r.value().composition;
    }
    m_state.importPreview.canAccept = m_pendingImport.has_value();
    m_state.screen = TuiScreen::Import;
}

void TerminalUi::acceptImport()
{
    if (!m_pendingImport)
        return;
    const Composition c = *m_pendingImport;
    m_pendingImport.reset();
    m_state.importPreview.canAccept = false;
    const auto added = addWholeComposition(*m_document, c);
    if (!added) {
        setMessage(added.error().message, true);
        return;
    }
    m_state.compositions = m_document->compositions();
    m_state.screen = TuiScreen::Main;
    m_state.selectedId = LiveId::composition(c.name).toString();
    if (!m_saver) {
        m_saver = new Saver(*m_document, this);
        m_rebuild->attachDocument(m_document, m_saver); // a rebuild saves unsaved edits first
        connect(m_saver, &Saver::finished, this, [this](const Result<SaveOutcome> &r) {
            if (r)
                setMessage(u"Saved "_s % r.value().file);
            else
                setMessage(u"Not saved: "_s % r.error().message, true);
            queueRedraw();
        });
    }
    setMessage(u"Imported "_s % c.name % u"; saving "_s % m_document->ownedFile() % u"…"_s);
    m_saver->save();
}

void TerminalUi::act(SystemdClient::Action action)
{
    QString id = m_state.selectedId;
    if (m_state.screen == TuiScreen::Logs && !m_state.log.serviceId.isEmpty())
        id = m_state.log.serviceId;
    if (id.isEmpty()) {
        setMessage(u"Nothing selected"_s, true);
        return;
    }
    const Result<QString> unit = m_runtime->unitFor(id);
    if (!unit) {
        setMessage(unit.error().message, true);
        return;
    }
    const QString name = unit.value();
    auto run = [this, action, name] {
        setMessage(actionVerb(action, false) % u' ' % name % u"…"_s);
        m_systemd->runAction(action, name);
    };
    if (action == SystemdClient::Action::Stop)
        confirm(u"Stop "_s % name % u'?', run);
    else
        run();
}

void TerminalUi::onActionFinished(const QString &unit, SystemdClient::Action action,
                                  const Result<void> &result)
{
    if (result)
        setMessage(actionVerb(action, true) % u' ' % unit);
    else
        setMessage(u"Cannot "_s
                       % (action == SystemdClient::Action::Start  ? u"start"_s
                          : action == SystemdClient::Action::Stop ? u"stop"_s
                                                                  : u"restart"_s)
                       % u' ' % unit % u": "_s % result.error().message,
                   true);
}

void TerminalUi::openLogs()
{
    QString id = m_state.selectedId;
    if (m_state.screen == TuiScreen::Logs && !m_state.log.serviceId.isEmpty())
        id = m_state.log.serviceId;
    const LiveItem *item = m_state.liveItem(id);
    if (!item || item->kind != ItemKind::Service || item->dockerName.isEmpty()) {
        setMessage(u"Logs are for services: select one"_s, true);
        return;
    }
    const QString search = m_state.log.serviceId == id ? m_state.log.search : QString();
    m_state.log = TuiLogState{};
    m_state.log.serviceId = id;
    m_state.log.search = search;
    m_state.screen = TuiScreen::Logs;
    if (m_logFollower->liveId() == id)
        m_logFollower->restart(); // l again: from the start
    else
        m_logFollower->follow(id);
}

void TerminalUi::updateStats()
{
    m_statsFollower->follow(m_state.selectedId);
}

void TerminalUi::chooseRebuild(RebuildAction action)
{
    if (const auto blocker = m_rebuild->blocker()) {
        m_state.screen = TuiScreen::Rebuild;
        m_state.rebuild.failed = true;
        m_state.rebuild.outcome = rebuildErrorText(*blocker);
        queueRedraw();
        return;
    }
    // The target is remembered per host: say where this deploys.
    confirm(u"Run nixos-rebuild "_s % rebuildActionName(action) % u" for "_s % m_state.source
                % u", "_s % m_rebuild->targetNote({}, QString(kTargetHowToChange)) % u'?',
            [this, action] { startRebuild(action); });
}

void TerminalUi::startRebuild(RebuildAction action)
{
    RebuildRequest request;
    request.action = action;
    m_state.rebuild = TuiRebuildState{};
    m_state.rebuild.action = action;
    m_state.rebuild.target = m_rebuild->targetNote(request, QString(kTargetHowToChange));
    m_state.rebuild.running = true; // before start(): a refusal can end it at once
    m_state.screen = TuiScreen::Rebuild;
    if (const auto started = m_rebuild->start(request); !started) {
        m_state.rebuild.running = false;
        m_state.rebuild.failed = true;
        m_state.rebuild.outcome = rebuildErrorText(started.error());
        setMessage(u"Rebuild: "_s % m_state.rebuild.outcome, true);
    }
    queueRedraw();
}

} // namespace khepri
