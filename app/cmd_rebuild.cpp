// khepri rebuild [switch|test|boot|build|dry-activate] --flake REF#HOST
//                [--target-host HOST|local] [--remote-sudo] [--privilege P] [-v]
// khepri rebuild --forget-target --flake REF#HOST
// The target host is remembered per host (RebuildHostSettings) and said
// before every run, so a remembered one never deploys by surprise.
// Runs nixos-rebuild through RebuildController (plan, privilege, remembered
// target and the validation preflight every console shares) with a progress line (on a
// terminal) or plain phase lines (otherwise), the log with -v, and its
// outcome as the exit status: 0 done, 1 the rebuild failed or was cancelled,
// 2 usage or environment (no nixos-rebuild, a --file source, …).
// Ctrl-C cancels the rebuild: nixos-rebuild runs in its own session and would
// not see the terminal's SIGINT.

#include <algorithm>
#include <csignal>
#include <optional>

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QEventLoop>
#include <QStringBuilder>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "rebuildcontroller.h"
#include "rebuildlogmodel.h"
#include "rebuildrunner.h"
#include "rebuildsettings.h"
#include "unixsignalnotifier.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

int terminalWidth()
{
    winsize size{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 10)
        return size.ws_col;
    return 80;
}

QString progressText(RebuildPhase phase, const RebuildProgress &progress)
{
    QString text = rebuildPhaseName(phase);
    if ((phase == RebuildPhase::Building || phase == RebuildPhase::Downloading)
        && progress.expected > 0)
        text += u' '
                % QString::number(std::min(progress.done + progress.running, progress.expected))
                % u'/' % QString::number(progress.expected);
    return text;
}

// The terminal's progress line, or plain lines when stdout is not a terminal.
class ProgressPrinter {
public:
    ProgressPrinter(bool terminal, bool verbose)
        : m_terminal(terminal)
        , m_verbose(verbose)
    {}

    void phase(RebuildPhase phase, const RebuildProgress &progress)
    {
        m_phase = phase;
        m_progress = progress;
        if (m_terminal)
            redraw();
        else if (phase != RebuildPhase::Done && phase != RebuildPhase::Failed
                 && phase != RebuildPhase::Cancelled)
            printOut(u"khepri: "_s % rebuildPhaseName(phase) % u'\n');
    }

    void progress(const RebuildProgress &progress)
    {
        m_progress = progress;
        if (m_terminal)
            redraw();
    }

    void line(const RebuildLogEntry &entry)
    {
        if (!entry.text.trimmed().isEmpty() && entry.severity != RebuildLogEntry::Severity::Detail)
            m_last = entry.text.trimmed();
        if (m_verbose) {
            if (m_terminal)
                printOut(u"\r\x1b[K"_s);
            printOut(entry.text % u'\n');
        }
        if (m_terminal)
            redraw();
    }

    void end()
    {
        if (m_terminal)
            printOut(u"\r\x1b[K"_s);
    }

private:
    void redraw()
    {
        QString text = u"["_s % progressText(m_phase, m_progress) % u"] "_s % m_last;
        const int width = terminalWidth() - 1;
        if (text.size() > width)
            text = text.left(width - 1) % u"…"_s;
        printOut(u"\r\x1b[K"_s % text);
    }

    bool m_terminal;
    bool m_verbose;
    RebuildPhase m_phase = RebuildPhase::Idle;
    RebuildProgress m_progress;
    QString m_last;
};

bool environmentError(const Error &error)
{
    static constexpr ErrorCode codes[] = {ErrorCode::Usage, ErrorCode::NixosRebuildMissing,
                                          ErrorCode::PrivilegeMissing, ErrorCode::Askpass,
                                          ErrorCode::AskpassMissing};
    return std::find(std::begin(codes), std::end(codes), error.code) != std::end(codes);
}

QString unitSummary(const UnitChanges &units)
{
    QString text;
    const auto add = [&text](const QString &verb, const QStringList &list) {
        if (!list.isEmpty())
            text += u"  "_s % verb % u": "_s % list.join(u", "_s) % u'\n';
    };
    add(u"stopped"_s, units.stopped);
    add(u"started"_s, units.started);
    add(u"restarted"_s, units.restarted);
    add(u"reloaded"_s, units.reloaded);
    return text;
}

} // namespace

int runRebuild(const Command &cmd)
{
    const QString actionName = cmd.positional.value(0, u"switch"_s);
    const auto action = parseRebuildAction(actionName);
    if (!action)
        return failUsage(
            u"unknown rebuild action \""_s % actionName % u'"',
            Error::make(ErrorCode::Usage, u"choose switch, test, boot, build or dry-activate"_s));
    if (cmd.source && cmd.source->kind == Source::Kind::File)
        return failUsage(
            u"cannot rebuild from --file"_s,
            Error::make(ErrorCode::Usage,
                        u"--file names a compositions file, not a NixOS configuration"_s,
                        u"Pass --flake REF#HOST."_s));
    const auto source = resolveSource(cmd);
    if (!source)
        return failUsage(u"no source"_s, source.error());
    if (cmd.flag(u"forget-target"_s)) {
        if (!cmd.positional.isEmpty() || cmd.values.contains(u"target-host"_s))
            return failUsage(
                u"--forget-target only forgets"_s,
                Error::make(ErrorCode::Usage, u"it takes no action and no --target-host"_s,
                            u"Run khepri rebuild --forget-target --flake REF#HOST, then "
                            u"the rebuild you want."_s));
        RebuildController controller;
        controller.setSource(source.value());
        const QString forgotten = controller.forgetTargetHost();
        if (forgotten.isEmpty())
            printOut(u"khepri: no target host was remembered for "_s % source.value().host
                     % u"; its rebuilds deploy to this machine.\n"_s);
        else
            printOut(u"khepri: forgot the target host "_s % forgotten % u" of "_s
                     % source.value().host
                     % u"; its rebuilds deploy to this machine unless --target-host is given.\n"_s);
        return kExitOk;
    }
    RebuildController controller;
    controller.setSource(source.value());
    controller.setDiagnosticsLocation(u"khepri validate --flake "_s % source.value().flakeRef % u'#'
                                      % source.value().host % u" lists them with their lines"_s);
    RebuildRequest request;
    request.action = *action;
    request.remoteSudo = cmd.flag(u"remote-sudo"_s);
    if (cmd.values.contains(u"privilege"_s)) {
        const auto privilege = parsePrivilege(cmd.value(u"privilege"_s));
        if (!privilege)
            return failUsage(u"unknown privilege \""_s % cmd.value(u"privilege"_s) % u'"',
                             Error::make(ErrorCode::Usage, u"choose root, pkexec, sudo or none"_s));
        request.privilege = privilege;
    }
    if (cmd.values.contains(u"target-host"_s))
        request.targetHost = cmd.value(u"target-host"_s);
    if (const auto planned = controller.plan(request); !planned)
        return failUsage(u"cannot rebuild"_s, planned.error());

    // Said before the run: where it deploys, and whether that was remembered.
    if (!controller.targetHost().isEmpty()
        || (request.targetHost && !targetHostFromArgument(*request.targetHost).isEmpty()))
        printOut(u"khepri: "_s % controller.targetNote(request, u"--target-host local to change"_s)
                 % u'\n');

    RebuildRunner &runner = *controller.runner();
    const bool verbose = cmd.flag(u"verbose"_s);
    ProgressPrinter printer(::isatty(STDOUT_FILENO) == 1, verbose);
    QObject::connect(&runner, &RebuildRunner::phaseChanged, &runner,
                     [&](RebuildPhase phase) { printer.phase(phase, runner.progress()); });
    QObject::connect(&runner, &RebuildRunner::progressChanged, &runner,
                     [&](const RebuildProgress &progress) { printer.progress(progress); });
    QObject::connect(&runner, &RebuildRunner::logged, &runner,
                     [&](const RebuildLogEntry &entry) { printer.line(entry); });

    // Ctrl-C, SIGTERM and SIGHUP cancel the rebuild rather than orphan it.
    std::optional<UnixSignalNotifier> signalNotifier;
    signalNotifier.emplace(UnixSignalNotifier::quitSignals());
    QObject::connect(&*signalNotifier, &UnixSignalNotifier::received, &controller,
                     [&] { controller.cancel(); });

    QEventLoop loop;
    std::optional<RebuildResult> result;
    QObject::connect(&controller, &RebuildController::finished, &loop, [&](const RebuildResult &r) {
        result = r;
        loop.quit();
    });
    // The preflight validates the flake's compositions before nixos-rebuild.
    if (const auto started = controller.start(request); !started)
        return failUsage(u"cannot rebuild"_s, started.error());
    if (!result)
        loop.exec();
    printer.end();
    signalNotifier.reset();

    switch (result->status) {
    case RebuildResult::Status::Succeeded:
        printOut(rebuildActionName(*action) % u" of "_s % source.value().describe()
                 % u" succeeded.\n"_s % unitSummary(result->units));
        return kExitOk;
    case RebuildResult::Status::Cancelled:
        printErr(u"khepri: the rebuild was cancelled.\n"_s);
        return kExitFailed;
    case RebuildResult::Status::Failed:
        break;
    }
    printErr(u"khepri: "_s % rebuildActionName(*action) % u" of "_s % source.value().describe()
             % u" failed:\n"_s % result->error.toString() % u'\n');
    if (!verbose) {
        // The log's error lines say more than one message; show them.
        const RebuildLogModel *log = runner.logModel();
        for (int row = 0; row < log->rowCount(); ++row)
            if (log->entry(row).severity == RebuildLogEntry::Severity::Error)
                printErr(log->entry(row).text % u'\n');
    }
    return environmentError(result->error) ? kExitUsage : kExitFailed;
}

} // namespace khepri
