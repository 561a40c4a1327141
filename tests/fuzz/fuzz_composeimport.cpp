// libFuzzer target for the compose importer. The input is a compose file:
// importing it must never crash, hang or trip a sanitizer, and it ends in
// either an Error (unusable input, with a message) or a composition. A
// composition must survive the round trip the CLI offers: exported as compose
// YAML and imported again it is the same composition, and its Nix is
// written the same twice. Built with clang (-fsanitize=fuzzer) when
// KHEPRI_FUZZERS is on; replayed over corpus/composeimport in every build.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <QByteArray>
#include <QDir>

#include "composeexporter.h"
#include "composeimporter.h"
#include "nixwriter.h"

using namespace Qt::StringLiterals;

namespace {
void fail(const char *what, const QByteArray &detail)
{
    std::fprintf(stderr, "fuzz_composeimport: %s\n%s\n", what, detail.constData());
    std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    // A directory without .env or included files: nothing outside the input counts.
    const QString file = u"/nonexistent-khepri-fuzz/docker-compose.yml"_s;
    khepri::compose::ImportOptions options;
    options.projectName = u"fuzz"_s;
    options.environment = {{u"SET"_s, u"value"_s}, {u"EMPTY"_s, QString()}};
    const auto r = khepri::compose::importComposeText(input, file, options);
    if (!r) {
        if (r.error().message.isEmpty())
            fail("an error without a message", input);
        return 0;
    }
    const khepri::Composition &c = r.value().composition;
    const QString nix = khepri::writeCompositionsFile({c});
    if (nix != khepri::writeCompositionsFile({c}))
        fail("the Nix differs between two writes", input);
    const QByteArray yaml = khepri::compose::exportCompose(c);
    khepri::compose::ImportOptions plain;
    const auto again = khepri::compose::importComposeText(yaml, file, plain);
    if (!again)
        fail("the exported YAML does not import", yaml + "\n" + again.error().message.toUtf8());
    if (again.value().composition != c)
        fail("export then import changed the composition",
             yaml + "\n--- before\n" + nix.toUtf8() + "\n--- after\n"
                 + khepri::writeCompositionsFile({again.value().composition}).toUtf8());
    return 0;
}
