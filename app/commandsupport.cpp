#include "commandsupport.h"

#include <cstdio>

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>

#include "commandline.h"
#include "commands.h"
#include "compositionloader.h"
#include "saver.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {
void write(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}
} // namespace

void printOut(const QString &text)
{
    write(stdout, text);
}

void printErr(const QString &text)
{
    write(stderr, text);
}

Result<Source> resolveSource(const Command &cmd)
{
    if (cmd.source)
        return *cmd.source;
    if (QFileInfo::exists(u"/etc/nixos/flake.nix"_s))
        return Source::flake(QString());
    return Error{u"usage"_s,
                 u"no source given and /etc/nixos/flake.nix does not exist"_s,
                 u"Pass --flake REF#HOST or --file PATH."_s,
                 {},
                 0,
                 0};
}

Result<QList<Composition>> loadCompositions(const Source &source)
{
    CompositionLoader loader;
    QEventLoop loop;
    std::optional<LoadResult> result;
    QObject::connect(&loader, &CompositionLoader::finished, &loop, [&](const LoadResult &r) {
        result = r;
        loop.quit();
    });
    loader.load(source);
    if (!result)
        loop.exec();
    return *result;
}

std::optional<int> loadCommandSource(const Command &cmd, Source *source,
                                     QList<Composition> *compositions)
{
    const auto resolved = resolveSource(cmd);
    if (!resolved)
        return failUsage(u"no source"_s, resolved.error());
    *source = resolved.value();
    const auto loaded = loadCompositions(*source);
    if (!loaded)
        return failUsage(u"cannot load "_s + source->describe(), loaded.error());
    *compositions = loaded.value();
    return std::nullopt;
}

Result<SaveOutcome> saveDocument(Document &document)
{
    Saver saver(document);
    QEventLoop loop;
    std::optional<Result<SaveOutcome>> outcome;
    QObject::connect(&saver, &Saver::finished, &loop, [&](const Result<SaveOutcome> &r) {
        outcome = r;
        loop.quit();
    });
    saver.save();
    if (!outcome)
        loop.exec();
    return *outcome;
}

int failUsage(const QString &what, const Error &error)
{
    printErr(u"khepri: "_s + what + u":\n"_s + error.toString() + u'\n');
    return kExitUsage;
}

} // namespace khepri
