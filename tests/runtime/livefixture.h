#pragma once

// What the live-state integration tests share: writing units the way the
// NixOS module names them into the harness's systemd user manager, running
// docker, and finding timers in an object tree (the live state must have
// none while connected: it is event-driven).

#include <QAbstractEventDispatcher>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QFile>
#include <QProcess>
#include <QTest>

namespace khepri::test {

inline QString dockerBinary()
{
    return QStringLiteral("docker");
}

// Runs docker synchronously (test code only); returns its exit code.
inline int docker(const QStringList &args, QByteArray *output = nullptr)
{
    QProcess p;
    p.start(dockerBinary(), args);
    if (!p.waitForFinished(60000))
        return -1;
    if (output)
        *output = p.readAllStandardOutput() + p.readAllStandardError();
    return p.exitCode();
}

inline bool writeUnit(const QString &name, const QByteArray &text)
{
    QFile f(qEnvironmentVariable("KHEPRI_UNIT_DIR") + u'/' + name);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(text) == text.size();
}

inline void removeUnit(const QString &name)
{
    QFile::remove(qEnvironmentVariable("KHEPRI_UNIT_DIR") + u'/' + name);
}

// daemon-reload of the harness's user manager (test code: synchronous).
inline bool reloadManager()
{
    QDBusMessage m = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.systemd1"), QStringLiteral("/org/freedesktop/systemd1"),
        QStringLiteral("org.freedesktop.systemd1.Manager"), QStringLiteral("Reload"));
    const QDBusMessage reply = QDBusConnection::sessionBus().call(m, QDBus::Block, 60000);
    return reply.type() == QDBusMessage::ReplyMessage;
}

// Timers registered by `root` or any of its descendants, except the Docker
// client's keep-alive (a /_ping every 15 s while connected, the one periodic
// wakeup: a hung engine cannot be noticed otherwise). Tests wait for this to
// reach 0 (QTRY): a request still in flight holds its own timeouts for a
// moment, while a polling timer would never let it reach 0.
inline int activeTimers(const QObject *root)
{
    auto *dispatcher = QAbstractEventDispatcher::instance();
    const auto count = [dispatcher](const QObject *o) {
        return o->objectName() == QStringLiteral("docker-keepalive")
                   ? 0
                   : int(dispatcher->registeredTimers(const_cast<QObject *>(o)).size());
    };
    int n = count(root);
    for (QObject *child : root->findChildren<QObject *>())
        n += count(child);
    return n;
}

// A container unit as oci-containers writes it (docker-<container>.service).
inline QByteArray containerUnit(const QString &container, const QString &target,
                                const QString &runArgs, const QString &extraService = {})
{
    const QString docker = QStringLiteral("/usr/bin/env docker");
    return QStringLiteral("[Unit]\nDescription=khepri test %1\nPartOf=%2\n"
                          "[Service]\nEnvironment=DOCKER_HOST=%3\n"
                          "ExecStartPre=-%4 rm -f %1\n"
                          "ExecStart=%4 run --rm --name %1 --label io.khepri.test=1 %5\n"
                          "ExecStop=%4 stop %1\n%6\n")
        .arg(container, target, qEnvironmentVariable("DOCKER_HOST"), docker, runArgs, extraService)
        .toUtf8();
}

} // namespace khepri::test
