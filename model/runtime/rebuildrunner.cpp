#include "rebuildrunner.h"

#include <utility>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QStringBuilder>
#include <QTemporaryDir>
#include <QTimer>

#include "askpass.h"
#include "nixosrebuildprobe.h"
#include "processjob.h"
#include "rebuildlogmodel.h"
#include "runtimelogging.h"

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
{
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

// A running nixos-rebuild ends with its owner: the job's destructor kills its
// process group.
RebuildRunner::~RebuildRunner() = default;

void RebuildRunner::setCancelGracePeriod(int milliseconds)
{
    m_cancelGraceMs = milliseconds;
}

qint64 RebuildRunner::processId() const
{
    return m_job ? m_job->processId() : 0;
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
        // One entry per line: a refusal lists each validation error on its own.
        const QStringList lines = result.error().toString().split(u'\n');
        for (const QString &line : lines)
            log(line, RebuildLogEntry::Severity::Error);
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

    m_job = new ProcessJob(this);
    if (m_askpassDir) // removed when nixos-rebuild ends
        m_job->ownTemporaryDirectory(std::move(m_askpassDir));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto &[name, value] : command.value().environment)
        environment.insert(name, value);
    m_job->setProcessEnvironment(environment);
    // One pipe for both: the log keeps the order nixos-rebuild wrote in (nix
    // and switch-to-configuration write to stderr, the activation script to
    // stdout).
    m_job->setMergedChannels(true);
    // Its own session: its own process group (cancel signals all of it), and
    // no controlling terminal, so sudo and ssh ask through askpass.
    m_job->setIsolation(ProcessJob::Isolation::Session);
    m_job->setCancelGracePeriod(m_cancelGraceMs);
    m_job->setProgram(command.value().program, command.value().arguments);

    connect(m_job, &ProcessJob::started, this, [this] {
        qCDebug(lcRebuild) << "nixos-rebuild runs as process group" << m_job->processId();
    });
    connect(m_job, &ProcessJob::readyReadStandardOutput, this,
            [this] { readOutput(RebuildOutputParser::Stream::Stdout); });
    connect(m_job, &ProcessJob::finished, this, &RebuildRunner::processFinished);

    m_parser.setPhase(RebuildPhase::Evaluating);
    setPhase(RebuildPhase::Evaluating);
    log(commandLineForLog(command.value()), RebuildLogEntry::Severity::Info);
    qCDebug(lcRebuild).noquote() << "starting" << command.value().program
                                 << command.value().arguments.join(u' ');
    m_job->start();
}

void RebuildRunner::readOutput(RebuildOutputParser::Stream stream)
{
    if (!m_job)
        return;
    m_output += m_job->readAllStandardOutput();
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

void RebuildRunner::processFinished(const ProcessExit &exit)
{
    if (!m_job)
        return;
    if (exit.status == ProcessExit::Status::FailedToStart) {
        const QString program = m_job->program();
        const bool isRebuild = program == m_plan.nixosRebuild;
        finish(RebuildResult::Status::Failed,
               Error::make(
                   isRebuild ? ErrorCode::NixosRebuildMissing : ErrorCode::PrivilegeMissing,
                   u"cannot start "_s % program % u": "_s % exit.errorString,
                   isRebuild ? u"Set KHEPRI_NIXOS_REBUILD to nixos-rebuild's path."_s
                             : u"Install it, or choose another way to get root for this host."_s));
        return;
    }
    const bool crashed = exit.status == ProcessExit::Status::Crashed;
    const int exitCode = exit.exitCode; // -1 when a signal ended it
    readOutput(RebuildOutputParser::Stream::Stdout);
    feedLines(m_output, RebuildOutputParser::Stream::Stdout, true);
    apply(m_parser.finish());

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
    if (m_job) // ended, or never started: deleted (with the askpass directory)
        std::exchange(m_job, nullptr)->abandon();
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
        if (m_job)
            m_job->cancel(); // SIGTERM to the group, SIGKILL after the grace period
        return;
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
