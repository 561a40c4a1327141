// Helper of tst_savecrash: saves the owned file over and over, the way the
// Saver does (backup, then the file, each through writeFileAtomically),
// until it is killed. Alternates between the compositions of two JSON files.
//
//   savewriter OLD.json NEW.json TARGET
//
// Prints "ready" once both texts are rendered and the loop starts.

#include <cstdio>

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include "atomicfile.h"
#include "compositionjson.h"
#include "document.h"
#include "saver.h"

using namespace khepri;

namespace {

// The owned file's text for the compositions in `jsonFile`, as the Saver
// renders it for a Document that owns `target`.
QByteArray renderedText(const QString &jsonFile, const QString &target)
{
    QFile f(jsonFile);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const auto compositions = compositionsFromJson(QJsonDocument::fromJson(f.readAll()).object());
    if (!compositions)
        return {};
    QMap<QString, CompositionOrigin> origins;
    for (const Composition &c : compositions.value())
        origins.insert(c.name, CompositionOrigin{target, true, {}});
    Document document;
    document.reset(compositions.value(), origins, target);
    return Saver(document).pendingText().toUtf8();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: savewriter OLD.json NEW.json TARGET\n");
        return 2;
    }
    const QString target = args.at(3);
    const QByteArray texts[2] = {renderedText(args.at(2), target),
                                 renderedText(args.at(1), target)};
    if (texts[0].isEmpty() || texts[1].isEmpty()) {
        std::fprintf(stderr, "savewriter: cannot read the compositions\n");
        return 2;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    for (quint64 i = 0;; ++i) {
        const QByteArray &next = texts[i % 2];
        const QByteArray &previous = texts[(i + 1) % 2];
        if (!writeFileAtomically(Saver::backupPath(target), previous)
            || !writeFileAtomically(target, next)) {
            std::fprintf(stderr, "savewriter: write failed\n");
            return 1;
        }
    }
}
