// Figures for the document layer at 10, 100, 1,000 and 5,000 services:
//   load      nix's JSON text -> Document (QJsonDocument::fromJson,
//             compositionsFromJson, Document::reset — which validates too)
//   validate  validate() alone
//   write     writeCompositionsFile() of the owned compositions
// Median of several runs each (at most 3 at 5,000 services); each size runs in a child process of
// its own, so "peak RSS" (VmHWM) is that size's high-water mark. Two shapes: one composition
// holding all services (plainComposition: ports, environment, a network, a volume, a dependsOn
// chain), and random hostile compositions of up to 10 services each adding up to about the same
// number.
//
//   bench_document [RUNS]     (default 7)

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include "benchtiming.h"
#include "compositiongenerator.h"
#include "compositionjson.h"
#include "document.h"
#include "nixwriter.h"
#include "validator.h"

using namespace khepri;
using khepri::bench::medianMs;
using khepri::bench::peakMiB;
using namespace Qt::StringLiterals;

namespace {

QJsonObject corpus(bool plain, int services)
{
    test::CompositionGenerator generator(20261128, !plain);
    if (plain)
        return QJsonObject{{u"bench"_s, generator.plainComposition(services)}};
    // compositions() draws 1..maxServices per composition: about 5.5 on average.
    return generator.compositions(std::max(1, services * 2 / 11), 10);
}

void measure(bool plain, int services, int runs)
{
    const QByteArray json = QJsonDocument(corpus(plain, services)).toJson(QJsonDocument::Compact);
    Document document;
    int actual = 0;
    const double load = medianMs(runs, [&] {
        const auto compositions = compositionsFromJson(QJsonDocument::fromJson(json).object());
        if (!compositions) {
            std::fprintf(stderr, "cannot load: %s\n", qPrintable(compositions.error().message));
            std::exit(1);
        }
        QMap<QString, CompositionOrigin> origins;
        actual = 0;
        for (const Composition &c : compositions.value()) {
            origins.insert(c.name, CompositionOrigin{u"bench.nix"_s, true, {}});
            actual += int(c.services.size());
        }
        document.reset(compositions.value(), origins, u"bench.nix"_s);
    });
    qsizetype diagnostics = 0;
    const double validation =
        medianMs(runs, [&] { diagnostics = validate(document.compositions()).size(); });
    qsizetype bytes = 0;
    const QList<Composition> owned = document.ownedCompositions();
    const double write =
        medianMs(runs, [&] { bytes = writeCompositionsFile(owned).toUtf8().size(); });
    std::printf("%-7s %8d %6lld %10.2f %11.2f %9.2f %9.1f %7lld %10.1f\n",
                plain ? "plain" : "random", actual, qlonglong(document.compositions().size()), load,
                validation, write, double(bytes) / 1024.0, qlonglong(diagnostics), peakMiB());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    std::printf("bench_document: median of %d runs (5,000 services: %d); peak RSS per child "
                "process\n",
                runs, std::min(runs, 3));
    std::printf("%-7s %8s %6s %10s %11s %9s %9s %7s %10s\n", "shape", "services", "comps",
                "load ms", "validate ms", "write ms", "file KiB", "diags", "peak MiB");
    std::fflush(stdout);
    for (bool plain : {true, false}) {
        for (int services : {10, 100, 1000, 5000}) {
            const pid_t child = fork();
            if (child < 0)
                return 1;
            if (child == 0) {
                measure(plain, services, services >= 5000 ? std::min(runs, 3) : runs);
                std::_Exit(0);
            }
            int status = 0;
            if (waitpid(child, &status, 0) != child || !WIFEXITED(status)
                || WEXITSTATUS(status) != 0)
                return 1;
        }
    }
    return 0;
}
