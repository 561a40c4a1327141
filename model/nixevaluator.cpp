#include "nixevaluator.h"

#include <utility>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QStringBuilder>
#include <QTimer>

#include "modellogging.h"
#include "nixerrorparser.h"
#include "nixresources.h"
#include "nixstring.h"
#include "processjob.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

const QStringList kFlakeFeatures = {QStringLiteral("--extra-experimental-features"),
                                    QStringLiteral("nix-command flakes")};

Error nixMissing(const QString &program)
{
    return Error::make(
        ErrorCode::NixMissing, u"nix is not installed: " % program % u" was not found on PATH",
        QStringLiteral("Install Nix (Debian: apt install nix-bin) or run khepri on the "
                       "NixOS host, then try again."));
}

} // namespace

NixEvaluator::NixEvaluator(QObject *parent)
    : QObject(parent)
{}

// A running job ends with its owner: its destructor kills nix's process group.
NixEvaluator::~NixEvaluator() = default;

void NixEvaluator::evaluateFile(const QString &path, const QStringList &allowedPaths)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        failLater(Error::make(ErrorCode::FileMissing, u"file not found: " % path,
                              QStringLiteral("Check the path given to --file.")));
        return;
    }
    if (!info.isFile() || !info.isReadable()) {
        failLater(Error::make(ErrorCode::FileUnreadable,
                              u"cannot read " % path % u": not a readable file",
                              QStringLiteral("Check the path and its permissions.")));
        return;
    }
    // Restricted mode allows what the search path names (and NIX_PATH, as
    // nix does); named entries so that <nixpkgs> lookups stay as they were.
    // A symlinked file may read beside its target too.
    QStringList allowed{info.absolutePath()};
    if (const QString real = info.canonicalPath(); !real.isEmpty() && !allowed.contains(real))
        allowed.append(real);
    for (const QString &p : allowedPaths) {
        const QFileInfo a(p);
        if (!a.exists()) {
            failLater(Error::make(ErrorCode::Usage,
                                  u"--allow-path " % p % u": no such file or directory",
                                  QStringLiteral("Give an existing directory to --allow-path.")));
            return;
        }
        if (!allowed.contains(a.absoluteFilePath()))
            allowed.append(a.absoluteFilePath());
    }
    QStringList restricted{
        QStringLiteral("--option"),     QStringLiteral("restrict-eval"),
        QStringLiteral("true"),         QStringLiteral("--option"),
        QStringLiteral("allowed-uris"), QString(),
        QStringLiteral("--option"),     QStringLiteral("allow-import-from-derivation"),
        QStringLiteral("false")};
    for (qsizetype i = 0; i < allowed.size(); ++i)
        restricted << QStringLiteral("-I")
                   << u"khepri-allowed-" % QString::number(i) % u'=' % allowed.at(i);
    m_scope = EvaluationScope{EvaluationScope::Kind::File, path, allowed};
    runResource(QStringLiteral("load-file.nix"),
                {{QStringLiteral("file"), info.absoluteFilePath()}}, restricted);
}

void NixEvaluator::evaluateResource(const QString &resource,
                                    const QList<QPair<QString, QString>> &argstrs)
{
    m_scope = EvaluationScope{EvaluationScope::Kind::File, resource, {}};
    runResource(resource, argstrs, {});
}

void NixEvaluator::runResource(const QString &resource,
                               const QList<QPair<QString, QString>> &argstrs,
                               const QStringList &extraArguments)
{
    const auto dir = nixResourceDirectory();
    if (!dir) {
        failLater(dir.error());
        return;
    }
    QStringList args{QStringLiteral("--eval"), QStringLiteral("--strict"), QStringLiteral("--json"),
                     dir.value() % u'/' % resource};
    for (const auto &[name, value] : argstrs)
        args << QStringLiteral("--argstr") << name << value;
    if (!extraArguments.isEmpty()) // our own expressions stay readable
        args << extraArguments << QStringLiteral("-I") << u"khepri-resources=" % dir.value();
    start(QStringLiteral("nix-instantiate"), args);
}

void NixEvaluator::evaluateFlake(const QString &flakeRef, const QStringList &attrPath,
                                 const QString &apply)
{
    // An installable's fragment ("ref#a.b") knows no escapes: only the first
    // name, a plain identifier of ours, goes there; the rest of the path is
    // selected in a Nix expression, where nixString quotes every name.
    if (attrPath.isEmpty() || nixAttributeName(attrPath.first()) != attrPath.first()) {
        failLater(Error::make(ErrorCode::Usage,
                              u"cannot evaluate the flake attribute path " % attrPath.join(u'.'),
                              QStringLiteral("The path must start with a plain name such as "
                                             "nixosConfigurations.")));
        return;
    }
    QStringList args = kFlakeFeatures;
    args << QStringLiteral("eval") << QStringLiteral("--json")
         << flakeRef % u'#' % attrPath.first();
    const QStringList rest = attrPath.mid(1);
    const QString selected = rest.isEmpty() ? u"v"_s : u"v." % nixAttributePath(rest);
    if (!apply.isEmpty())
        args << QStringLiteral("--apply") << u"v: (" % apply % u") (" % selected % u')';
    else if (!rest.isEmpty())
        args << QStringLiteral("--apply") << u"v: " % selected;
    m_scope = EvaluationScope{EvaluationScope::Kind::Flake, flakeRef, {}};
    start(QStringLiteral("nix"), args);
}

void NixEvaluator::start(const QString &program, const QStringList &arguments)
{
    if (m_job) // superseded: the old request ends without a report
        std::exchange(m_job, nullptr)->abandon();
    const QString executable = QStandardPaths::findExecutable(program);
    if (executable.isEmpty()) {
        failLater(nixMissing(program));
        return;
    }
    // Its own process group: ending it (cancel, or a signal ending khepri)
    // ends whatever nix started too.
    m_job = new ProcessJob(this);
    m_job->setCancelGracePeriod(0); // nix keeps no state worth a SIGTERM
    m_job->setProgram(executable, arguments);
    qCDebug(lcNix) << "running" << executable << arguments;

    ProcessJob *job = m_job;
    connect(job, &ProcessJob::finished, this, [this, job, executable](const ProcessExit &exit) {
        if (job != m_job)
            return;
        const QByteArray out = job->readAllStandardOutput();
        const QString err = QString::fromUtf8(job->readAllStandardError());
        switch (exit.status) {
        case ProcessExit::Status::Cancelled:
            finish(Error::make(ErrorCode::Cancelled, QStringLiteral("evaluation cancelled")));
            return;
        case ProcessExit::Status::FailedToStart:
            finish(Error::make(ErrorCode::NixMissing,
                               u"cannot run " % executable % u": " % exit.errorString,
                               QStringLiteral("Check the Nix installation.")));
            return;
        case ProcessExit::Status::Crashed:
            finish(Error::make(ErrorCode::NixCrashed, QStringLiteral("nix stopped unexpectedly"),
                               err.trimmed()));
            return;
        case ProcessExit::Status::Exited:
            break;
        }
        if (exit.exitCode != 0) {
            finish(explainRestriction(parseNixError(err), m_scope));
            return;
        }
        // nix prints one JSON value of any type; wrap it so QJsonDocument,
        // which wants an array or object at the top, can read it.
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson("[" + out + "]", &parseError);
        if (parseError.error != QJsonParseError::NoError || doc.array().size() != 1) {
            // Offsets are into the wrapped text: one more than in `out`.
            finish(explainUnreadableOutput(out, parseError.offset - 1, parseError.error,
                                           parseError.errorString(), m_scope));
            return;
        }
        finish(doc.array().first());
    });
    m_job->start();
}

void NixEvaluator::finish(const NixResult &result)
{
    if (m_job) {
        m_job->deleteLater();
        m_job = nullptr;
    }
    Q_EMIT finished(result);
}

void NixEvaluator::failLater(const Error &error)
{
    QTimer::singleShot(0, this, [this, error] { Q_EMIT finished(error); });
}

void NixEvaluator::cancel()
{
    if (m_job)
        m_job->cancel(); // finished() follows and reports the cancellation
}

bool NixEvaluator::isRunning() const
{
    return m_job != nullptr;
}

} // namespace khepri
