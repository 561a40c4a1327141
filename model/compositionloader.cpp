#include "compositionloader.h"

#include <QJsonObject>
#include <QStringBuilder>

#include "compositionjson.h"
#include "nixevaluator.h"
#include "nixresources.h"

namespace khepri {

CompositionLoader::CompositionLoader(QObject *parent)
    : QObject(parent)
    , m_nix(new NixEvaluator(this))
{
    connect(m_nix, &NixEvaluator::finished, this, [this](const NixResult &result) {
        if (!result) {
            Error e = result.error();
            const bool flake = m_source.kind == Source::Kind::Flake;
            if (flake
                && ((e.message.contains(u"nixosConfigurations")
                     && e.message.contains(u"does not provide attribute"))
                    || e.message.contains(u"attribute '" % m_source.host % u"' missing"))) {
                e.code = ErrorCode::NoHost;
                e.hint = u"The flake " % m_source.flakeRef % u" has no nixosConfigurations."
                         % m_source.host % u"; pass --flake REF#HOST with one of its hosts.";
            } else if (flake && e.message.contains(u"khepri") && e.message.contains(u"missing")) {
                e.code = ErrorCode::NoModule;
                e.hint = QStringLiteral("The host does not import the khepri NixOS module; add "
                                        "khepri.nixosModules.default to its modules.");
            }
            Q_EMIT finished(e);
            return;
        }
        if (!result.value().isObject()) {
            Q_EMIT finished(Error::make(
                ErrorCode::Shape,
                m_source.describe() % u" does not evaluate to an attribute set of compositions"));
            return;
        }
        Q_EMIT finished(compositionsFromJson(result.value().toObject()));
    });
}

void CompositionLoader::load(const Source &source)
{
    m_source = source;
    if (source.kind == Source::Kind::File) {
        m_nix->evaluateFile(source.path, source.allowedPaths);
    } else {
        m_nix->evaluateFlake(source.flakeRef,
                             {QStringLiteral("nixosConfigurations"), source.host,
                              QStringLiteral("config"), QStringLiteral("khepri"),
                              QStringLiteral("compositions")},
                             nixResourceText(QStringLiteral("sanitize.nix")));
    }
}

void CompositionLoader::cancel()
{
    m_nix->cancel();
}

} // namespace khepri
