#include "documentloader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringBuilder>
#include <QUrl>

#include "compositionjson.h"
#include "nixevaluator.h"
#include "nixresources.h"
#include "nixwriter.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

const QString kDefaultOwnedName = u"khepri-compositions.nix"_s;

// /nix/store/<hash>-source/sub/file.nix -> <flakeDir>/sub/file.nix
QString localPath(const QString &file, const QString &flakeDir)
{
    static const QRegularExpression store(u"^/nix/store/[a-z0-9]{32}-[^/]*/(.*)$"_s);
    const auto m = store.match(file);
    if (m.hasMatch() && !flakeDir.isEmpty())
        return QDir(flakeDir).filePath(m.captured(1));
    return file;
}

std::optional<QByteArray> readFile(const QString &path)
{
    QFile f(path);
    if (!f.exists() || !f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return f.readAll();
}

} // namespace

void LoadedDocument::applyTo(Document &document) const
{
    document.reset(compositions, origins, ownedFile);
    document.setOwnedFileBaseline(baseline);
}

DocumentLoader::DocumentLoader(QObject *parent)
    : QObject(parent)
    , m_nix(new NixEvaluator(this))
{
    connect(m_nix, &NixEvaluator::finished, this, &DocumentLoader::onEvaluated);
}

QString DocumentLoader::localFlakeDirectory(const QString &flakeRef)
{
    QString ref = flakeRef;
    const qsizetype query = ref.indexOf(u'?');
    if (query >= 0)
        ref = ref.left(query);
    if (ref.startsWith(u"path:"))
        ref = ref.mid(5);
    else if (ref.startsWith(u"git+file://"))
        ref = QUrl(ref.mid(4)).toLocalFile();
    else if (ref.contains(u':'))
        return {}; // github:, git+https:, … — nothing local to write
    return QFileInfo(ref).absoluteFilePath();
}

bool DocumentLoader::isGeneratedByKhepri(const QByteArray &content)
{
    return content.startsWith(kGeneratedHeader.toUtf8());
}

void DocumentLoader::load(const Source &source, const QString &ownedFile)
{
    m_source = source;
    if (source.kind == Source::Kind::File) {
        m_ownedFile = QFileInfo(ownedFile.isEmpty() ? source.path : ownedFile).absoluteFilePath();
        m_nix->evaluateFile(source.path, source.allowedPaths);
        return;
    }
    const QString dir = localFlakeDirectory(source.flakeRef);
    m_ownedFile = !ownedFile.isEmpty() ? QFileInfo(ownedFile).absoluteFilePath()
                  : dir.isEmpty()      ? QString()
                                       : QDir(dir).filePath(kDefaultOwnedName);
    QString apply = nixResourceText(u"flake-load.nix"_s);
    apply.replace(u"SANITIZE"_s, u'(' % nixResourceText(u"sanitize.nix"_s) % u')');
    m_nix->evaluateFlake(source.flakeRef, {u"nixosConfigurations"_s, source.host}, apply);
}

void DocumentLoader::cancel()
{
    m_nix->cancel();
}

void DocumentLoader::onEvaluated(const Result<QJsonValue> &result)
{
    const bool flake = m_source.kind == Source::Kind::Flake;
    if (!result) {
        Error e = result.error();
        if (flake && e.message.contains(u"nixosConfigurations")
            && e.message.contains(u"does not provide attribute")) {
            e.code = ErrorCode::NoHost;
            e.hint = u"The flake " % m_source.flakeRef % u" has no nixosConfigurations."
                     % m_source.host % u"; pass --flake REF#HOST with one of its hosts.";
        } else if (flake && e.message.contains(u"attribute '" % m_source.host % u"' missing")) {
            e.code = ErrorCode::NoHost;
            e.hint = u"The flake " % m_source.flakeRef % u" has no nixosConfigurations."
                     % m_source.host % u"; pass --flake REF#HOST with one of its hosts.";
        } else if (flake && e.message.contains(u"does not import the khepri NixOS module")) {
            e.code = ErrorCode::NoModule;
        }
        Q_EMIT finished(e);
        return;
    }

    QJsonObject compositionsJson;
    QMap<QString, QStringList> definedIn; // composition -> files
    const QString flakeDir = flake ? localFlakeDirectory(m_source.flakeRef) : QString();
    if (flake) {
        const QJsonObject o = result.value().toObject();
        compositionsJson = o.value(u"compositions").toObject();
        for (const QJsonValue &d : o.value(u"definitions").toArray()) {
            const QString file = localPath(d.toObject().value(u"file").toString(), flakeDir);
            for (const QJsonValue &n : d.toObject().value(u"names").toArray())
                if (!definedIn[n.toString()].contains(file))
                    definedIn[n.toString()].append(file);
        }
    } else {
        if (!result.value().isObject()) {
            Q_EMIT finished(Error::make(
                ErrorCode::Shape,
                m_source.describe() % u" does not evaluate to an attribute set of compositions"));
            return;
        }
        compositionsJson = result.value().toObject();
        const QString file = QFileInfo(m_source.path).absoluteFilePath();
        for (auto it = compositionsJson.begin(); it != compositionsJson.end(); ++it)
            definedIn[it.key()].append(file);
    }

    auto compositions = compositionsFromJson(compositionsJson);
    if (!compositions) {
        Q_EMIT finished(compositions.error());
        return;
    }

    LoadedDocument doc;
    doc.compositions = compositions.value();
    doc.ownedFile = m_ownedFile;
    doc.baseline = m_ownedFile.isEmpty() ? std::nullopt : readFile(m_ownedFile);
    const bool ownedIsOurs =
        !m_ownedFile.isEmpty() && (!doc.baseline || isGeneratedByKhepri(*doc.baseline));
    if (!m_ownedFile.isEmpty() && !ownedIsOurs)
        doc.notes.append(
            Diagnostic{Diagnostic::Severity::Info,
                       u"not-owned"_s,
                       m_ownedFile
                           % u" was not generated by khepri, so khepri will not overwrite it; run "
                             u"`khepri generate` to write the compositions to a file khepri owns",
                       {},
                       {},
                       {},
                       m_ownedFile,
                       0,
                       0});
    if (flake && ownedIsOurs && doc.baseline) {
        bool imported = false;
        for (const QStringList &files : std::as_const(definedIn))
            imported = imported || files.contains(m_ownedFile);
        if (!imported && !doc.compositions.isEmpty())
            doc.notes.append(
                Diagnostic{Diagnostic::Severity::Warning,
                           u"owned-not-imported"_s,
                           m_ownedFile
                               % u" defines no composition of this host: is it in the host's "
                                 u"modules? Add ./"
                               % QFileInfo(m_ownedFile).fileName() % u" to nixosConfigurations."
                               % m_source.host % u".modules",
                           {},
                           {},
                           {},
                           m_ownedFile,
                           0,
                           0});
    }

    for (const Composition &c : std::as_const(doc.compositions)) {
        CompositionOrigin o;
        const QStringList files = definedIn.value(c.name);
        o.file = files.join(u", "_s);
        if (m_ownedFile.isEmpty()) {
            o.readOnlyReason = u"the flake " % m_source.flakeRef
                               % u" is not a local directory khepri can write to";
        } else if (files != QStringList{m_ownedFile}) {
            o.readOnlyReason = files.isEmpty() ? u"khepri cannot tell which file defines it"_s
                                               : QString(u"defined in " % files.join(u" and "_s)
                                                         % u", not in the file khepri owns ("
                                                         % m_ownedFile % u')');
        } else if (!ownedIsOurs) {
            o.readOnlyReason =
                m_ownedFile
                % u" was not generated by khepri; khepri never overwrites hand-written files";
        } else if (!c.unrepresentable.isEmpty()) {
            const Unrepresentable &u = c.unrepresentable.first();
            o.readOnlyReason = u.field % u" is a " % u.kind % u" (" % u.detail
                               % u"), which khepri cannot write back";
        } else {
            o.editable = true;
        }
        doc.origins.insert(c.name, o);
    }
    Q_EMIT finished(doc);
}

} // namespace khepri
