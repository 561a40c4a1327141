// Replays fuzz inputs through LLVMFuzzerTestOneInput without libFuzzer: every
// file in the directories (or the files) given on the command line, once
// each. A property that fails aborts, so the corpus is a regression test in
// every build, g++ included. Exit status 1 also when there is nothing to
// replay, so an empty or misplaced corpus does not pass silently.

#include <cstdint>
#include <cstdio>

#include <QDir>
#include <QFile>
#include <QFileInfo>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size);

namespace {

bool replay(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return false;
    }
    const QByteArray data = f.readAll();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(data.constData()),
                           size_t(data.size()));
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    int inputs = 0;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        const QFileInfo info(arg);
        if (info.isDir()) {
            for (const QFileInfo &file : QDir(arg).entryInfoList(QDir::Files, QDir::Name)) {
                if (!replay(file.filePath()))
                    return 1;
                ++inputs;
            }
        } else if (info.isFile()) {
            if (!replay(arg))
                return 1;
            ++inputs;
        } else {
            std::fprintf(stderr, "no such corpus file or directory: %s\n", argv[i]);
            return 1;
        }
    }
    std::printf("replayed %d inputs\n", inputs);
    return inputs > 0 ? 0 : 1;
}
