#include "rebuildrunner.h"

#include <cerrno>
#include <csignal>
#include <utility>

#include <signal.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStringBuilder>
#include <QTemporaryDir>
#include <QTimer>

#include "askpass.h"
#include "logging.h"
#include "nixosrebuildprobe.h"
#include "rebuildlogmodel.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

QString commandLineForLog(const RebuildCommand &command)
{
    // Only for people to read; the process gets the argument vector itself.
    QString text = u"$ "_s % command.program;
    for (const QString &argument : command.arguments)
        text += u' ' % argument;
    return text;
}

} // namespace

RebuildRunner::RebuildRunner(QObject *parent)
    : QObject(parent)
    , m_log(new RebuildLogModel(this))
    , m_probe(new NixosRebuildProbe(this))
    , m_graceTimer(new QTimer(this))
{
    m_graceTimer->setSingleShot(true);
    m_graceTimer->setInterval(5000);
    connect(m_graceTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcRebuild) << "nixos-rebuild ignored SIGTERM; sending SIGKILL to its group";
        signalGroup(SIGKILL);
    });
    connect(m_probe, &NixosRebuildProbe::finished, this,
            [this](const Result<NixosRebuildFeatures> &features) {
                if (m_stage != Stage::Probing)
                    return;
                if (features) {
                    m_features.insert(m_plan.nixosRebuild, features.value());
                    launch(features.value());
                } else {
                    log(u"cannot tell which options nixos-rebuild has ("_s
                            % features.error().message % u"); using its plain output"_s,
                        RebuildLogEntry::Severity::Warning);
                    launch(NixosRebuildFeatures{});
                }
            });
}

RebuildRunner::~RebuildRunner()
{
    if (m_process) {
        m_process->disconnect(this);
        signalGroup(SIGKILL);
    }
}

void RebuildRunner::setCancelGracePeriod(int milliseconds)
{
    m_graceTimer->setInterval(milliseconds);
}

bool RebuildRunner::start(const RebuildPlan &plan)
{
    if (m_stage != Stage::Idle) {
        qCWarning(lcRebuild) << "a rebuild is already running";
        return false;
    }
    ++m_generation;
    m_plan = plan;
    m_parser = RebuildOutputParser();
    m_result = RebuildResult();
    m_result.action = plan.action;
    m_cancelling = false;
    m_output.clear();
    m_log->clear();
    m_stage = Stage::Preflight;
    setPhase(RebuildPhase::Preparing);

    if (m_plan.nixosRebuild.isEmpty()) {
        const auto found = findNixosRebuild(QProcessEnvironment::systemEnvironment());
        if (!found) {
            failLater(found.error());
            return true;
        }
        m_plan.nixosRebuild = found.value();
    }
    if (m_plan.khepriProgram.isEmpty())
        m_plan.khepriProgram = QCoreApplication::applicationFilePath();
    // Check the plan before the preflight saves anything.
    RebuildPlan check = m_plan;
    check.askpassHelper = u"askpass"_s;
    if (const auto command = buildRebuildCommand(check, {}); !command) {
        failLater(command.error());
        return true;
    }

    const quint64 generation = m_generation;
    if (!m_preflight) {
        QTimer::singleShot(0, this, [this, generation] {
            if (m_generation == generation && m_stage == Stage::Preflight)
                preflightDone(true);
        });
        return true;
    }
    // The preflight may answer after this runner is gone: `alive` says so.
    m_preflight(
        [this, alive = std::weak_ptr<bool>(m_alive), generation](const Result<bool> &result) {
            if (alive.expired() || m_generation != generation || m_stage != Stage::Preflight)
                return;
            preflightDone(result);
        });
    return true;
}

void RebuildRunner::preflightDone(const Result<bool> &result)
{
    if (!result) {
        log(result.error().toString(), RebuildLogEntry::Severity::Error);
        finish(RebuildResult::Status::Failed, result.error());
        return;
    }
    if (!result.value()) {
        finish(RebuildResult::Status::Cancelled,
               Error::make(ErrorCode::Cancelled, u"the rebuild was cancelled before it started"_s));
        return;
    }
    probe();
}

void RebuildRunner::probe()
{
    const bool needed =
        !m_plan.structuredLog.has_value() || (m_plan.remoteSudo && !m_plan.targetHost.isEmpty());
    if (!needed || m_features.contains(m_plan.nixosRebuild)) {
        launch(m_features.value(m_plan.nixosRebuild));
        return;
    }
    m_stage = Stage::Probing;
    m_probe->probe(m_plan.nixosRebuild);
}

Result<void> RebuildRunner::writeAskpassHelper()
{
    auto dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/khepri-askpass-XXXXXX"_s);
    if (!dir->isValid())
        return Error::make(ErrorCode::Askpass,
                           u"cannot create a directory for the askpass helper: "_s
                               % dir->errorString());
    QFile helper(dir->filePath(u"askpass"_s));
    if (!helper.open(QIODevice::WriteOnly)
        || helper.write(askpassHelperScript(m_plan.khepriProgram).toUtf8()) < 0
        || !helper.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                  | QFileDevice::ExeOwner))
        return Error::make(ErrorCode::Askpass,
                           u"cannot write the askpass helper: "_s % helper.errorString());
    helper.close();
    const QString state = dir->filePath(u"state"_s);
    if (!QDir().mkpath(state))
        return Error::make(ErrorCode::Askpass, u"cannot create "_s % state);
    QFile::setPermissions(state,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    m_plan.askpassHelper = helper.fileName();
    m_plan.askpassStateDir = state;
    m_askpassDir = std::move(dir);
    return {};
}

void RebuildRunner::launch(const NixosRebuildFeatures &features)
{
    m_stage = Stage::Running;
    const bool needsAskpass = m_plan.privilege == Privilege::Sudo || !m_plan.targetHost.isEmpty();
    if (needsAskpass) {
        if (const auto written = writeAskpassHelper(); !written) {
            finish(RebuildResult::Status::Failed, written.error());
            return;
        }
    }
    const auto command = buildRebuildCommand(m_plan, features);
    if (!command) {
        finish(RebuildResult::Status::Failed, command.error());
        return;
    }

    m_process = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto &[name, value] : command.value().environment)
        environment.insert(name, value);
    m_process->setProcessEnvironment(environment);
    m_process->setStandardInputFile(QProcess::nullDevice());
    // One pipe for both: the log keeps the order nixos-rebuild wrote in (nix
    // and switch-to-configuration write to stderr, the activation script to
    // stdout).
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    // Its own session: its own process group (cancel signals all of it), and
    // no controlling terminal, so sudo and ssh ask through askpass.
    m_process->setChildProcessModifier([] { ::setsid(); });

    connect(m_process, &QProcess::started, this, [this] {
        m_processGroup = m_process->processId();
        qCDebug(lcRebuild) << "nixos-rebuild runs as process group" << m_processGroup;
        if (m_cancelling)
            signalGroup(SIGTERM);
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this,
            [this] { readOutput(RebuildOutputParser::Stream::Stdout); });
    connect(m_process, &QProcess::finished, this,
            [this](int exitCode, QProcess::ExitStatus status) {
                processFinished(exitCode, status == QProcess::CrashExit);
            });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        const QString program = m_process->program();
        const bool isRebuild = program == m_plan.nixosRebuild;
        finish(RebuildResult::Status::Failed,
               Error::make(
                   isRebuild ? ErrorCode::NixosRebuildMissing : ErrorCode::PrivilegeMissing,
                   u"cannot start "_s % program % u": "_s % m_process->errorString(),
                   isRebuild ? u"Set KHEPRI_NIXOS_REBUILD to nixos-rebuild's path."_s
                             : u"Install it, or choose another way to get root for this host."_s));
    });

    m_parser.setPhase(RebuildPhase::Evaluating);
    setPhase(RebuildPhase::Evaluating);
    log(commandLineForLog(command.value()), RebuildLogEntry::Severity::Info);
    qCDebug(lcRebuild).noquote() << "starting" << command.value().program
                                 << command.value().arguments.join(u' ');
    m_process->start(command.value().program, command.value().arguments);
}

void RebuildRunner::readOutput(RebuildOutputParser::Stream stream)
{
    if (!m_process)
        return;
    m_output += m_process->readAllStandardOutput();
    feedLines(m_output, stream, false);
}

void RebuildRunner::feedLines(QByteArray &buffer, RebuildOutputParser::Stream stream, bool flush)
{
    qsizetype start = 0;
    for (qsizetype end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n', start)) {
        apply(m_parser.feed(QString::fromUtf8(buffer.constData() + start, end - start), stream));
        start = end + 1;
    }
    buffer.remove(0, start);
    if (flush && !buffer.isEmpty()) {
        apply(m_parser.feed(QString::fromUtf8(buffer), stream));
        buffer.clear();
    }
}

void RebuildRunner::apply(const RebuildOutputParser::Update &update)
{
    m_log->append(update.entries);
    for (const RebuildLogEntry &entry : update.entries)
        Q_EMIT logged(entry);
    for (const Error &error : update.diagnostics)
        Q_EMIT diagnostic(error);
    if (update.phaseChanged)
        setPhase(m_parser.phase());
    if (update.progressChanged)
        Q_EMIT progressChanged(m_parser.progress());
}

void RebuildRunner::processFinished(int exitCode, bool crashed)
{
    if (!m_process)
        return;
    readOutput(RebuildOutputParser::Stream::Stdout);
    feedLines(m_output, RebuildOutputParser::Stream::Stdout, true);
    apply(m_parser.finish());

    m_graceTimer->stop();
    if (m_cancelling && m_processGroup > 0 && ::kill(pid_t(-m_processGroup), 0) == 0) {
        // The leader is gone; whatever of its group ignored SIGTERM goes now.
        ::kill(pid_t(-m_processGroup), SIGKILL);
    }

    m_result.exitCode = crashed ? -1 : exitCode;
    m_result.units = m_parser.units();
    m_result.diagnostics = m_parser.diagnostics();

    if (m_cancelling) {
        finish(RebuildResult::Status::Cancelled,
               Error::make(ErrorCode::Cancelled, u"the rebuild was cancelled"_s));
        return;
    }
    if (!crashed && exitCode == 0) {
        finish(RebuildResult::Status::Succeeded, {});
        return;
    }

    Error error;
    const QList<Error> &diagnostics = m_parser.diagnostics();
    for (const Error &d : diagnostics) {
        if (!d.file.isEmpty()) {
            error = d;
            break;
        }
    }
    if (error.message.isEmpty() && !diagnostics.isEmpty())
        error = diagnostics.constFirst();
    const QString status = crashed
                               ? u"nixos-rebuild was killed by a signal"_s
                               : u"nixos-rebuild exited with code "_s % QString::number(exitCode);
    if (m_plan.privilege == Privilege::Pkexec && !crashed && (exitCode == 126 || exitCode == 127)) {
        error =
            Error::make(ErrorCode::NotAuthorized,
                        u"polkit did not authorize the rebuild (the dialog was dismissed or the "
                        u"password was wrong)"_s);
    }
    if (error.message.isEmpty()) {
        error.code = ErrorCode::RebuildFailed;
        error.message = status;
        error.hint = u"The log shows what nixos-rebuild printed."_s;
    } else if (error.hint.isEmpty()) {
        error.hint = status % u'.';
    }
    finish(RebuildResult::Status::Failed, error);
}

void RebuildRunner::failLater(const Error &error)
{
    const quint64 generation = m_generation;
    QTimer::singleShot(0, this, [this, generation, error] {
        if (generation == m_generation && m_stage != Stage::Idle) {
            log(error.toString(), RebuildLogEntry::Severity::Error);
            finish(RebuildResult::Status::Failed, error);
        }
    });
}

void RebuildRunner::finish(RebuildResult::Status status, const Error &error)
{
    if (m_stage == Stage::Idle)
        return;
    ++m_generation;
    if (m_stage == Stage::Probing)
        m_probe->abort();
    m_stage = Stage::Idle;
    m_graceTimer->stop();
    if (m_process) {
        QProcess *process = std::exchange(m_process, nullptr);
        process->disconnect(this);
        if (process->state() == QProcess::NotRunning)
            process->deleteLater();
        else // only when it failed to start half-way: reap it, then delete
            connect(process, &QProcess::finished, process, &QObject::deleteLater);
    }
    m_processGroup = 0;
    m_askpassDir.reset();

    m_result.status = status;
    m_result.error = status == RebuildResult::Status::Succeeded ? Error{} : error;
    if (m_result.units.isEmpty())
        m_result.units = m_parser.units();
    if (m_result.diagnostics.isEmpty())
        m_result.diagnostics = m_parser.diagnostics();
    setPhase(status == RebuildResult::Status::Succeeded   ? RebuildPhase::Done
             : status == RebuildResult::Status::Cancelled ? RebuildPhase::Cancelled
                                                          : RebuildPhase::Failed);
    qCDebug(lcRebuild) << "rebuild ended:" << rebuildPhaseName(m_phase) << m_result.exitCode;
    Q_EMIT finished(m_result);
}

void RebuildRunner::cancel()
{
    switch (m_stage) {
    case Stage::Idle:
        return;
    case Stage::Preflight:
    case Stage::Probing:
        finish(RebuildResult::Status::Cancelled,
               Error::make(ErrorCode::Cancelled, u"the rebuild was cancelled before it started"_s));
        return;
    case Stage::Running:
        if (m_cancelling)
            return;
        m_cancelling = true;
        log(u"cancelling: stopping nixos-rebuild and everything it started"_s,
            RebuildLogEntry::Severity::Warning);
        signalGroup(SIGTERM);
        m_graceTimer->start();
        return;
    }
}

void RebuildRunner::signalGroup(int signal)
{
    if (m_processGroup <= 0)
        return;
    const auto group = pid_t(m_processGroup);
    if (::kill(-group, signal) != 0 && errno == ESRCH) {
        // setsid() may not have run yet in a child that has just forked.
        ::kill(group, signal);
    }
}

void RebuildRunner::setPhase(RebuildPhase phase)
{
    if (m_phase == phase)
        return;
    m_phase = phase;
    Q_EMIT phaseChanged(phase);
}

void RebuildRunner::log(const QString &text, RebuildLogEntry::Severity severity)
{
    const RebuildLogEntry entry{text, severity, {}, 0, 0};
    m_log->append({entry});
    Q_EMIT logged(entry);
}

} // namespace khepri
