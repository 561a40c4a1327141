// Replays fuzzing inputs through LLVMFuzzerTestOneInput without libFuzzer:
// every file in the directories given on the command line, whole and with
// each possible first (split-choosing) byte. Runs in every build, so the
// corpus stays a regression test where no clang is used.

#include <cstdint>
#include <cstdio>

#include <QDir>
#include <QFile>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size);

int main(int argc, char **argv)
{
    int files = 0;
    for (int i = 1; i < argc; ++i) {
        const QDir dir(QString::fromLocal8Bit(argv[i]));
        if (!dir.exists()) {
            std::fprintf(stderr, "no such corpus directory: %s\n", argv[i]);
            return 1;
        }
        for (const QFileInfo &info : dir.entryInfoList(QDir::Files, QDir::Name)) {
            QFile f(info.filePath());
            if (!f.open(QIODevice::ReadOnly))
                return 1;
            const QByteArray data = f.readAll();
            for (int first = 0; first < 17; ++first) {
                const QByteArray input = char(first) + data;
                LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()),
                                       size_t(input.size()));
            }
            ++files;
        }
    }
    std::printf("replayed %d inputs\n", files);
    return files > 0 ? 0 : 1;
}
