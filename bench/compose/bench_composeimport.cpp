// Figures for `khepri import` at 10, 100, 200 and 1,000 services: a compose
// file as people write them (anchors and merge keys shared by all services,
// interpolated image tags, ports, environment, a volume, a network with an
// alias, a healthcheck, a depends_on chain with conditions), then
//   import    importComposeText(): parse, merge keys, interpolation, mapping,
//             canonical form and the console's validation
//   nix       writeCompositionsFile() of the result
//   export    exportCompose() of the result, then importing that again
// Median of several runs. Prints figures; asserts nothing about time.
//
//   bench_composeimport [RUNS]     (default 7)

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include <QElapsedTimer>
#include <QString>

#include "benchtiming.h"
#include "composeexporter.h"
#include "composeimporter.h"
#include "nixwriter.h"

using namespace khepri;
using khepri::bench::medianMs;
using namespace Qt::StringLiterals;

namespace {

QByteArray composeFile(int services)
{
    QByteArray y = "name: bench\n"
                   "x-common: &common\n"
                   "  restart: unless-stopped\n"
                   "  logging:\n    driver: journald\n"
                   "  environment: &env\n    TZ: Europe/Paris\n    LOG_LEVEL: info\n"
                   "  networks:\n    backend:\n      aliases: [svc]\n"
                   "services:\n";
    for (int i = 0; i < services; ++i) {
        const QByteArray n = QByteArray::number(i);
        y += "  svc" + n + ":\n    <<: *common\n";
        y += "    image: registry.example.org/app/svc" + n + ":${TAG:-1.0}\n";
        y += "    ports:\n      - \"" + QByteArray::number(10000 + i) + ":8080\"\n";
        y += "    environment:\n      <<: *env\n      SERVICE_ID: \"" + n + "\"\n";
        y += "    volumes:\n      - data:/data/svc" + n + "\n";
        y += "    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 10s\n";
        if (i > 0)
            y += "    depends_on:\n      svc" + QByteArray::number(i - 1)
                 + ":\n        condition: service_healthy\n";
    }
    y += "volumes:\n  data:\nnetworks:\n  backend:\n";
    return y;
}

} // namespace

int main(int argc, char **argv)
{
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    std::printf("khepri import: median of %d runs (ms)\n", runs);
    std::printf("%9s %10s %10s %10s %10s\n", "services", "YAML kB", "import", "nix",
                "export+import");
    for (int size : {10, 100, 200, 1000}) {
        const QByteArray yaml = composeFile(size);
        compose::ImportOptions options;
        const QString file = u"/nonexistent/bench/docker-compose.yml"_s;
        Composition c;
        const double import = medianMs(runs, [&] {
            const auto r = compose::importComposeText(yaml, file, options);
            if (!r || r.value().composition.services.size() != size) {
                std::fprintf(stderr, "import failed: %s\n",
                             r ? "wrong size" : qPrintable(r.error().toString()));
                std::exit(1);
            }
            c = r.value().composition;
        });
        const double nix = medianMs(runs, [&] { (void)writeCompositionsFile({c}); });
        const double roundTrip = medianMs(runs, [&] {
            const auto again = compose::importComposeText(compose::exportCompose(c), file, options);
            if (!again || again.value().composition != c) {
                std::fprintf(stderr, "export then import differs\n");
                std::exit(1);
            }
        });
        std::printf("%9d %10.1f %10.2f %10.2f %10.2f\n", size, double(yaml.size()) / 1024.0, import,
                    nix, roundTrip);
    }
    return 0;
}
