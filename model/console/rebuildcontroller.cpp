#include "rebuildcontroller.h"

#include <unistd.h>

#include <QSettings>
#include <QStandardPaths>
#include <QStringBuilder>

#include "display.h"
#include "document.h"
#include "documentloader.h"
#include "saver.h"

using namespace Qt::StringLiterals;

namespace khepri {

RebuildEnvironment RebuildEnvironment::current()
{
    RebuildEnvironment environment;
    environment.variables = QProcessEnvironment::systemEnvironment();
    environment.isRoot = ::geteuid() == 0;
    environment.hasDisplay = detectDisplay(environment.variables) == Display::Graphical;
    environment.pkexecInstalled = !QStandardPaths::findExecutable(u"pkexec"_s).isEmpty();
    environment.sudoInstalled = !QStandardPaths::findExecutable(u"sudo"_s).isEmpty();
    return environment;
}

RebuildController::RebuildController(QObject *parent)
    : QObject(parent)
    , m_runner(new RebuildRunner(this))
    , m_environment(RebuildEnvironment::current())
{
    m_runner->setPreflight([this](const RebuildPreflightDone &done) { preflight(done); });
    connect(m_runner, &RebuildRunner::finished, this, &RebuildController::onFinished);
}

RebuildController::~RebuildController() = default;

void RebuildController::setEnvironment(const RebuildEnvironment &environment)
{
    m_environment = environment;
}

void RebuildController::setSource(const Source &source)
{
    if (!m_source || m_source->host != source.host)
        m_targetHost.reset();
    m_source = source;
}

void RebuildController::attachDocument(Document *document, Saver *saver)
{
    m_document = document;
    m_saver = saver;
}

std::optional<Error> RebuildController::blocker() const
{
    if (!m_source)
        return Error::make(ErrorCode::Usage, u"there is no NixOS configuration to rebuild"_s,
                           u"Open a flake (REF#HOST) to rebuild its NixOS configuration."_s);
    if (m_source->kind != Source::Kind::Flake)
        return Error::make(ErrorCode::Usage,
                           u"cannot rebuild "_s % m_source->describe()
                               % u": it is a compositions file, not a NixOS configuration"_s,
                           u"Open a flake (--flake REF#HOST) to rebuild."_s);
    if (m_runner->isRunning())
        return Error::make(ErrorCode::Busy, u"a rebuild is already running"_s,
                           u"Wait for it to end, or cancel it."_s);
    return std::nullopt;
}

QString RebuildController::targetHost()
{
    if (!m_targetHost) {
        if (!m_source)
            return {};
        QSettings settings;
        m_targetHost = loadRebuildHostSettings(settings, m_source->host).targetHost;
    }
    return *m_targetHost;
}

void RebuildController::rememberTargetHost(const QString &argument)
{
    m_targetHost = targetHostFromArgument(argument);
    if (!m_source || m_source->kind != Source::Kind::Flake)
        return;
    QSettings settings;
    RebuildHostSettings choice = loadRebuildHostSettings(settings, m_source->host);
    choice.targetHost = *m_targetHost;
    saveRebuildHostSettings(settings, m_source->host, choice);
}

QString RebuildController::forgetTargetHost()
{
    if (!m_source)
        return {};
    QSettings settings;
    m_targetHost = QString();
    return forgetRebuildTarget(settings, m_source->host);
}

QString RebuildController::targetNote(const RebuildRequest &request, const QString &howToChange)
{
    const QString remembered = targetHost();
    if (!request.targetHost)
        return rebuildTargetNote(remembered, true, howToChange);
    const QString target = targetHostFromArgument(*request.targetHost);
    QString note = rebuildTargetNote(target, false, howToChange);
    if (!remembered.isEmpty() && remembered != target)
        note += u" instead of the remembered "_s % remembered;
    return note;
}

Result<RebuildPlan> RebuildController::plan(const RebuildRequest &request)
{
    if (const auto blocked = blocker())
        return *blocked;
    const auto nixosRebuild = findNixosRebuild(m_environment.variables);
    if (!nixosRebuild)
        return nixosRebuild.error();
    QSettings settings;
    const RebuildHostSettings choice = loadRebuildHostSettings(settings, m_source->host);
    RebuildPlan plan;
    plan.action = request.action;
    plan.source = *m_source;
    plan.nixosRebuild = nixosRebuild.value();
    plan.targetHost =
        request.targetHost ? targetHostFromArgument(*request.targetHost) : targetHost();
    plan.remoteSudo = request.remoteSudo || (!request.targetHost && choice.remoteSudo);
    plan.privilege = request.privilege.value_or(choice.privilege.value_or(defaultPrivilege(
        request.action, !plan.targetHost.isEmpty(), m_environment.isRoot, m_environment.hasDisplay,
        m_environment.pkexecInstalled, m_environment.sudoInstalled)));
    return plan;
}

Result<void> RebuildController::start(const RebuildRequest &request)
{
    const auto planned = plan(request);
    if (!planned)
        return planned.error();
    m_pendingChoice.reset();
    if (request.privilege || request.targetHost) {
        QSettings settings;
        RebuildHostSettings choice = loadRebuildHostSettings(settings, m_source->host);
        if (request.privilege)
            choice.privilege = request.privilege;
        if (request.targetHost) {
            choice.targetHost = planned.value().targetHost;
            choice.remoteSudo = request.remoteSudo;
        }
        m_pendingChoice = choice;
    }
    if (!m_runner->start(planned.value()))
        return *blocker();
    return {};
}

void RebuildController::cancel()
{
    m_runner->cancel();
}

Error RebuildController::validationError(const QStringList &errors,
                                         const QString &diagnosticsLocation)
{
    return Error::make(
        ErrorCode::Validation,
        u"the compositions have errors, so the rebuild would fail:\n  "_s % errors.join(u"\n  "_s),
        diagnosticsLocation.isEmpty()
            ? u"Fix them, then rebuild."_s
            : QString(u"Fix them ("_s % diagnosticsLocation % u"), then rebuild."_s));
}

void RebuildController::validateDocument(const Document &document,
                                         const RebuildPreflightDone &done) const
{
    // Validation errors refuse the rebuild: nixos-rebuild would only fail on
    // the module's assertions later, after a long evaluation.
    QStringList errors;
    for (const Diagnostic &d : document.diagnostics())
        if (d.severity == Diagnostic::Severity::Error)
            errors.append(d.message);
    if (errors.isEmpty())
        done(true);
    else
        done(validationError(errors, m_diagnosticsLocation));
}

void RebuildController::preflight(const RebuildPreflightDone &done)
{
    if (!m_document) {
        // No console Document: validate what is on disk. When it cannot even
        // be loaded, nixos-rebuild reports that itself.
        if (!m_loader)
            m_loader = new DocumentLoader(this);
        connect(
            m_loader, &DocumentLoader::finished, this,
            [this, done](const Result<LoadedDocument> &loaded) {
                if (!loaded) {
                    done(true);
                    return;
                }
                Document document;
                loaded.value().applyTo(document);
                validateDocument(document, done);
            },
            Qt::SingleShotConnection);
        m_loader->load(*m_source);
        return;
    }
    if (!m_document->isModified() || m_document->ownedFile().isEmpty() || !m_saver) {
        validateDocument(*m_document, done);
        return;
    }
    // What is rebuilt is what is on disk: save the edits first.
    Q_EMIT saving();
    connect(
        m_saver, &Saver::finished, this,
        [this, done](const Result<SaveOutcome> &saved) {
            if (!saved) {
                done(Error::make(ErrorCode::SaveFailed,
                                 u"the unsaved changes could not be saved: "_s
                                     % saved.error().message,
                                 saved.error().hint));
                return;
            }
            if (!m_document) {
                done(true);
                return;
            }
            validateDocument(*m_document, done);
        },
        Qt::SingleShotConnection);
    m_saver->save();
}

void RebuildController::onFinished(const RebuildResult &result)
{
    if (m_pendingChoice && m_source && result.status != RebuildResult::Status::Failed) {
        QSettings settings;
        saveRebuildHostSettings(settings, m_source->host, *m_pendingChoice);
        m_targetHost = m_pendingChoice->targetHost;
    }
    m_pendingChoice.reset();
    Q_EMIT finished(result);
    if (result.succeeded()
        && (result.action == RebuildAction::Switch || result.action == RebuildAction::Test))
        Q_EMIT hostChanged();
}

} // namespace khepri
