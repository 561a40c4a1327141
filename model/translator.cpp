#include "translator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringBuilder>
#include <QTimer>

#include "childprocesses.h"
#include "compositionjson.h"
#include "nixevaluator.h"

using namespace Qt::StringLiterals;

namespace khepri {

Translator::Translator(QObject *parent)
    : QObject(parent)
    , m_nix(new NixEvaluator(this))
{
    connect(m_nix, &NixEvaluator::finished, this, [this](const NixResult &r) {
        m_input.reset();
        if (!r) {
            Q_EMIT finished(r.error());
            return;
        }
        const QJsonObject o = r.value().toObject();
        auto manifest = Manifest::fromJson(o.value(u"manifest").toObject());
        if (!manifest) {
            Q_EMIT finished(manifest.error());
            return;
        }
        Translation t;
        t.manifest = manifest.value();
        for (const QJsonValue &a : o.value(u"assertions").toArray())
            t.assertions.append(a.toString());
        for (const QJsonValue &w : o.value(u"warnings").toArray())
            t.warnings.append(w.toString());
        Q_EMIT finished(t);
    });
}

Translator::~Translator() = default;

void Translator::run(const QList<Composition> &compositions, const QString &backend)
{
    // Compositions can be large: a file, not an argument (ARG_MAX).
    // In the private directory (0700, $XDG_RUNTIME_DIR), mode 0600: they
    // are nobody else's to read, and a signal ending khepri removes them.
    const auto dir = childprocesses::privateTempDirectory();
    if (!dir) {
        const Error e = dir.error();
        QTimer::singleShot(0, this, [this, e] { Q_EMIT finished(e); });
        return;
    }
    m_input = std::make_unique<QTemporaryFile>(dir.value() + u"/compositions-XXXXXX.json"_s);
    if (!m_input->open()
        || m_input->write(
               QJsonDocument(compositionsToJson(compositions)).toJson(QJsonDocument::Compact))
               < 0
        || !m_input->flush()) {
        const Error e = Error::make(
            ErrorCode::Io, u"cannot write a temporary file for nix: " % m_input->errorString(),
            u"Check that the temporary directory is writable."_s);
        QTimer::singleShot(0, this, [this, e] { Q_EMIT finished(e); });
        return;
    }
    m_nix->evaluateResource(u"translate-json.nix"_s,
                            {{u"file"_s, m_input->fileName()}, {u"backend"_s, backend}});
}

void Translator::cancel()
{
    m_nix->cancel();
}

} // namespace khepri
