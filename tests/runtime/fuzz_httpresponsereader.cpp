// libFuzzer target for the Docker wire formats: HttpResponseReader (fed in
// pieces whose size the first input byte chooses, and compared with a
// one-piece parse), then the decoded body through DockerLogDecoder (both
// modes) and JsonLineSplitter. Built with clang (-fsanitize=fuzzer); the
// same entry point is replayed over the corpus by fuzz_replay_main.cpp in
// every build.

#include <cstddef>
#include <cstdint>

#include <QByteArray>

#include "dockerlogdecoder.h"
#include "httpresponsereader.h"
#include "jsonlinesplitter.h"

namespace {

struct Outcome {
    bool complete;
    bool failed;
    int status;
    QByteArray body;
};

Outcome run(QByteArrayView data, qsizetype step)
{
    khepri::HttpResponseReader reader;
    QByteArray body;
    for (qsizetype at = 0; at < data.size(); at += step) {
        reader.feed(data.sliced(at, std::min(step, data.size() - at)));
        body += reader.takeBody();
    }
    reader.finishInput();
    body += reader.takeBody();
    return {reader.complete(), reader.failed(), reader.statusCode(), body};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype step = qsizetype(bytes[0] % 17) + 1;
    const QByteArrayView data(reinterpret_cast<const char *>(bytes) + 1, qsizetype(size - 1));

    const Outcome whole = run(data, data.size() + 1);
    const Outcome pieces = run(data, step);
    // Framing must not depend on read boundaries.
    if (whole.complete != pieces.complete || whole.failed != pieces.failed
        || whole.status != pieces.status || whole.body != pieces.body)
        __builtin_trap();

    for (bool tty : {false, true}) {
        khepri::DockerLogDecoder decoder(tty);
        QList<khepri::LogLine> lines;
        decoder.feed(data, &lines);
        decoder.flush();
    }
    khepri::JsonLineSplitter splitter;
    splitter.feed(whole.body);
    return 0;
}
