#include "commandsupport.h"

#include <cstdio>

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>

#include "commandline.h"
#include "commands.h"
#include "compositionloader.h"
#include "textescape.h"

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

int failUsage(const QString &what, const Error &error)
{
    // nix's messages quote values from the file: escaped for the terminal.
    printErr(escapeControls(u"khepri: "_s + what + u":\n"_s + error.toString(), Newlines::Keep)
             + u'\n');
    return kExitUsage;
}

} // namespace khepri
