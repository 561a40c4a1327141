#pragma once

// The demo compositions (examples/demo/compositions.nix) as nix prints
// them, so GUI unit tests run without nix; tst_gui_demo checks with the real
// nix that this stays what the file says. Helpers to fill a Document.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "compositionjson.h"
#include "document.h"

namespace khepri::test {

inline QJsonObject demoJson()
{
    static const char text[] = R"({
  "caddy": {
    "networks": {"proxy_net": {"name": "proxy_net"}},
    "volumes": ["caddy_data"],
    "services": {"caddy": {"image": "caddy:alpine", "networks": ["proxy_net"],
      "volumes": ["caddy_data:/data:rw", "/etc/caddy/Caddyfile:/etc/caddy/Caddyfile:ro"],
      "ports": ["80:80/tcp", "443:443/tcp", "443:443/udp"]}}
  },
  "paperless": {
    "networks": {"paperless": {}, "proxy_net": {"external": true}},
    "volumes": ["data", "pgdata", "redisdata", "documents"],
    "services": {
      "broker": {"image": "docker.io/library/redis:7", "volumes": ["redisdata:/data:rw"],
                 "networks": ["paperless"]},
      "db": {"image": "docker.io/library/postgres:15",
             "environment": {"POSTGRES_DB": "paperless", "POSTGRES_PASSWORD": "paperless",
                             "POSTGRES_USER": "paperless"},
             "volumes": ["pgdata:/var/lib/postgresql/data:rw"], "networks": ["paperless"]},
      "tika": {"image": "ghcr.io/paperless-ngx/tika:latest", "networks": ["paperless"]},
      "gotenberg": {"image": "docker.io/gotenberg/gotenberg:7.8",
                    "cmd": ["gotenberg", "--chromium-disable-javascript=true",
                            "--chromium-allow-list=file:///tmp/.*"],
                    "networks": ["paperless"]},
      "webserver": {"image": "ghcr.io/paperless-ngx/paperless-ngx:latest",
                    "containerName": "paperless_web",
                    "environment": {"PAPERLESS_DBHOST": "db", "PAPERLESS_OCR_LANGUAGE": "deu",
                      "PAPERLESS_REDIS": "redis://broker:6379",
                      "PAPERLESS_SECRET_KEY": "super-secret-key",
                      "PAPERLESS_TASK_WORKERS": "2", "PAPERLESS_TIKA_ENABLED": "1",
                      "PAPERLESS_TIKA_ENDPOINT": "http://tika:9998",
                      "PAPERLESS_TIKA_GOTENBERG_ENDPOINT": "http://gotenberg:3000",
                      "PAPERLESS_TIME_ZONE": "Europe/Berlin"},
                    "volumes": ["documents:/usr/src/paperless/media:rw",
                                "data:/usr/src/paperless/data:rw"],
                    "ports": ["8000:8000/tcp"],
                    "dependsOn": ["db", "broker", "tika", "gotenberg"],
                    "networks": ["paperless", "proxy_net"]}
    }
  }
})";
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

inline QList<Composition> demoCompositions()
{
    return compositionsFromJson(demoJson()).value();
}

// Fills `document` with the demo; compositions in `readOnly` are not editable.
inline void loadDemo(Document &document, const QStringList &readOnly = {},
                     const QString &owned = QStringLiteral("/tmp/khepri-demo/compositions.nix"))
{
    QMap<QString, CompositionOrigin> origins;
    for (const Composition &c : demoCompositions()) {
        const bool ro = readOnly.contains(c.name);
        origins.insert(c.name,
                       CompositionOrigin{ro ? QStringLiteral("/etc/nixos/hand-written.nix") : owned,
                                         !ro, ro ? QStringLiteral("written by hand") : QString()});
    }
    document.reset(demoCompositions(), origins, owned);
}

} // namespace khepri::test
