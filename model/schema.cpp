#include "schema.h"

#include <deque>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

using Coerce = SchemaNode::Coerce;

// Owns every node; nodes point at each other, so they never move (deque).
class Builder {
public:
    SchemaNode *add(SchemaNode node)
    {
        m_nodes.push_back(std::move(node));
        return &m_nodes.back();
    }

    // A scalar option; `value` when unset (none when null).
    static SchemaNode scalar(const QString &description, const QJsonValue &value = {})
    {
        SchemaNode n;
        n.scalar = true;
        n.defaultValue = value;
        n.description = description;
        return n;
    }
    const SchemaNode *str(const QString &description, Coerce coerce = Coerce::None)
    {
        SchemaNode n = scalar(description);
        n.coerce = coerce;
        return add(n);
    }
    const SchemaNode *boolean(bool value, const QString &description)
    {
        return add(scalar(description, value));
    }
    // One of `choices` (a Nix enum).
    const SchemaNode *choice(const QJsonValue &value, const QStringList &choices,
                             const QString &description)
    {
        SchemaNode n = scalar(description, value);
        n.choices = choices;
        n.choices.sort();
        return add(n);
    }
    // An option without a default: the module refuses a value that leaves it out.
    const SchemaNode *required(const QString &description)
    {
        SchemaNode n = scalar(description);
        n.required = true;
        return add(n);
    }
    const SchemaNode *stringList(const QString &description, Coerce coerce = Coerce::None)
    {
        SchemaNode n;
        n.list = true;
        n.item = str({});
        n.coerce = coerce;
        n.description = description;
        if (coerce == Coerce::StringToList || coerce == Coerce::AttrsToHostList)
            n.scalar = coerce == Coerce::StringToList; // "x" is accepted too
        if (coerce == Coerce::AttrsToHostList)
            n.map = true;
        return add(n);
    }
    // A string or a list of strings, kept in the form written (cmd, entrypoint,
    // healthcheck.test): the module splits a string itself.
    const SchemaNode *stringOrList(const QString &description)
    {
        SchemaNode n;
        n.scalar = true;
        n.list = true;
        n.item = str({});
        n.description = description;
        return add(n);
    }
    const SchemaNode *stringMap(const QString &description, Coerce coerce = Coerce::ScalarToString)
    {
        SchemaNode n;
        n.map = true;
        n.item = str({}, Coerce::ScalarToString);
        n.coerce = coerce;
        if (coerce == Coerce::KeyValueToMap || coerce == Coerce::EnvironmentToMap)
            n.list = true;
        n.description = description;
        return add(n);
    }
    SchemaNode *record(const QMap<QString, const SchemaNode *> &fields, const QString &description)
    {
        SchemaNode n;
        n.record = true;
        n.fields = fields;
        n.description = description;
        return add(n);
    }
    // Entries keyed by name; `namesForm`: a list of names is accepted too.
    const SchemaNode *mapOf(const SchemaNode *item, bool namesForm, const QString &description)
    {
        SchemaNode n;
        n.map = true;
        n.item = item;
        n.list = namesForm;
        n.coerce = namesForm ? Coerce::NamesToMap : Coerce::None;
        n.description = description;
        return add(n);
    }
    const SchemaNode *listOf(const SchemaNode *item, const QString &description)
    {
        SchemaNode n;
        n.list = true;
        n.item = item;
        n.description = description;
        return add(n);
    }
    // A string (or number) or a record: ports, service volumes, secrets, ulimits.
    const SchemaNode *scalarOrRecord(const QMap<QString, const SchemaNode *> &fields)
    {
        SchemaNode n;
        n.scalar = true;
        n.record = true;
        n.fields = fields;
        return add(n);
    }

private:
    std::deque<SchemaNode> m_nodes;
};

struct Schemas {
    Builder b;
    const SchemaNode *compositions = nullptr;
    const SchemaNode *composition = nullptr;
    const SchemaNode *service = nullptr;
    const SchemaNode *network = nullptr;
    const SchemaNode *volume = nullptr;
    const SchemaNode *secret = nullptr;

    Schemas()
    {
        auto s = [&](const QString &d) { return b.str(d); };
        auto f = [&](const QString &d) { return b.boolean(false, d); };

        auto *healthcheck = b.record(
            {
                {u"test"_s,
                 b.stringOrList(
                     u"The check: [ \"CMD\" … ], [ \"CMD-SHELL\" \"…\" ] or a shell command"_s)},
                {u"interval"_s, s(u"Time between checks"_s)},
                {u"timeout"_s, s(u"Time a check may take"_s)},
                {u"retries"_s, s(u"Consecutive failures before unhealthy"_s)},
                {u"startPeriod"_s, s(u"Start period in which failures do not count"_s)},
                {u"startInterval"_s, s(u"Time between checks during the start period"_s)},
                {u"disable"_s, f(u"Disable the image's healthcheck"_s)},
            },
            u"Healthcheck"_s);
        healthcheck->keepEmptyRecord = true;

        auto *restartPolicy = b.record(
            {
                {u"condition"_s, b.choice(u"any"_s, {u"none"_s, u"on-failure"_s, u"any"_s},
                                          u"none, on-failure or any"_s)},
                {u"delay"_s, s(u"Time between restarts"_s)},
                {u"maxAttempts"_s, s(u"Restarts allowed within the window"_s)},
                {u"window"_s, s(u"Window for maxAttempts"_s)},
            },
            u"How systemd restarts the container"_s);
        restartPolicy->keepEmptyRecord = true;

        auto *gpu = b.record(
            {
                {u"driver"_s, s(u"Device driver"_s)},
                {u"count"_s, s(u"How many devices, or all"_s)},
                {u"deviceIds"_s, b.stringList(u"Devices by id"_s)},
                {u"capabilities"_s, b.stringList(u"Capabilities"_s)},
                {u"options"_s, b.stringMap(u"Driver options"_s, Coerce::None)},
            },
            u"A device reservation"_s);
        auto *cpuMemPids = b.record({{u"cpus"_s, s(u"CPUs"_s)},
                                     {u"memory"_s, s(u"Memory"_s)},
                                     {u"pids"_s, s(u"Process limit"_s)}},
                                    u"Limits"_s);
        auto *reservations = b.record({{u"cpus"_s, s(u"CPUs"_s)},
                                       {u"memory"_s, s(u"Memory"_s)},
                                       {u"devices"_s, b.listOf(gpu, u"Devices to reserve"_s)}},
                                      u"Reservations"_s);
        auto *deploy = b.record(
            {
                {u"resources"_s,
                 b.record({{u"limits"_s, cpuMemPids}, {u"reservations"_s, reservations}},
                          u"Resources"_s)},
                {u"restartPolicy"_s, restartPolicy},
            },
            u"Resources and restart policy (compose deploy)"_s);

        auto *serviceNetwork = b.record(
            {
                {u"aliases"_s, b.stringList(u"More names on this network"_s)},
                {u"ipv4Address"_s, s(u"Static IPv4 address"_s)},
                {u"ipv6Address"_s, s(u"Static IPv6 address"_s)},
            },
            u"Membership in a network"_s);
        auto *dependency = b.record(
            {{u"condition"_s,
              b.choice(
                  u"service_started"_s,
                  {u"service_started"_s, u"service_healthy"_s, u"service_completed_successfully"_s},
                  u"service_started, service_healthy or service_completed_successfully"_s)}},
            u"A dependency"_s);
        auto *longVolume = b.scalarOrRecord({
            {u"type"_s, b.choice(u"volume"_s, {u"volume"_s, u"bind"_s, u"tmpfs"_s},
                                 u"volume, bind or tmpfs"_s)},
            {u"source"_s, s(u"Volume or host path"_s)},
            {u"target"_s, b.required(u"Path in the container"_s)},
            {u"readOnly"_s, f(u"Mount read-only"_s)},
        });
        auto *longPort = b.scalarOrRecord({
            {u"target"_s, b.required(u"Container port"_s)},
            {u"published"_s, s(u"Host port"_s)},
            {u"hostIp"_s, s(u"Host address"_s)},
            {u"protocol"_s,
             b.choice(u"tcp"_s, {u"tcp"_s, u"udp"_s, u"sctp"_s}, u"tcp, udp or sctp"_s)},
        });
        auto *serviceSecret =
            b.scalarOrRecord({{u"source"_s, b.required(u"A secret of the composition"_s)},
                              {u"target"_s, s(u"Path in the container"_s)}});
        auto *ulimit = b.scalarOrRecord(
            {{u"soft"_s, b.required(u"Soft limit"_s)}, {u"hard"_s, b.required(u"Hard limit"_s)}});

        service = b.record(
            {
                {u"image"_s, b.required(u"The image: a reference or a dockerTools image"_s)},
                {u"containerName"_s, s(u"Container name; default <composition>-<service>"_s)},
                {u"environment"_s,
                 b.stringMap(u"Environment variables"_s, Coerce::EnvironmentToMap)},
                {u"environmentFiles"_s, b.stringList(u"Files of KEY=value lines (env_file)"_s)},
                {u"volumes"_s,
                 b.listOf(longVolume, u"Mounts: VOLUME:/path[:MODE], /host:/path[:MODE]"_s)},
                {u"tmpfs"_s, b.stringList(u"tmpfs mounts"_s, Coerce::StringToList)},
                {u"labels"_s, b.stringMap(u"Container labels"_s, Coerce::KeyValueToMap)},
                {u"ports"_s,
                 b.listOf(longPort, u"Published ports: [IP:]HOST:CONTAINER[/PROTOCOL]"_s)},
                {u"expose"_s,
                 b.listOf(b.str({}), u"Ports the service listens on (informational)"_s)},
                {u"dns"_s, b.stringList(u"DNS servers"_s, Coerce::StringToList)},
                {u"dnsSearch"_s, b.stringList(u"DNS search domains"_s, Coerce::StringToList)},
                {u"dnsOpt"_s, b.stringList(u"DNS options"_s, Coerce::StringToList)},
                {u"capAdd"_s, b.stringList(u"Capabilities to add"_s)},
                {u"capDrop"_s, b.stringList(u"Capabilities to drop"_s)},
                {u"logging"_s,
                 b.record({{u"driver"_s, s(u"Log driver"_s)},
                           {u"options"_s, b.stringMap(u"Log options"_s, Coerce::None)}},
                          u"Logging"_s)},
                {u"dependsOn"_s, b.mapOf(dependency, true, u"Services this one starts after"_s)},
                {u"restart"_s, s(u"no, always, unless-stopped (the default), on-failure[:N]"_s)},
                {u"deploy"_s, deploy},
                {u"devices"_s, b.stringList(u"Host devices"_s)},
                {u"networks"_s, b.mapOf(serviceNetwork, true, u"Networks the service joins"_s)},
                {u"networkMode"_s, s(u"host, none, bridge, service:NAME or container:NAME"_s)},
                {u"privileged"_s, f(u"Run privileged"_s)},
                {u"extraHosts"_s,
                 b.stringList(u"Extra /etc/hosts entries (host:ip)"_s, Coerce::AttrsToHostList)},
                {u"sysctls"_s, b.stringMap(u"Kernel parameters"_s, Coerce::KeyValueToMap)},
                {u"shmSize"_s, s(u"Size of /dev/shm"_s)},
                {u"runtime"_s, s(u"OCI runtime"_s)},
                {u"securityOpt"_s, b.stringList(u"Security options"_s)},
                {u"cmd"_s, b.stringOrList(u"Command (compose command)"_s)},
                {u"entrypoint"_s, b.stringOrList(u"Entrypoint"_s)},
                {u"healthcheck"_s, healthcheck},
                {u"hostname"_s, s(u"Host name"_s)},
                {u"macAddress"_s, s(u"MAC address"_s)},
                {u"user"_s, s(u"User (and group)"_s)},
                {u"workingDir"_s, s(u"Working directory"_s)},
                {u"ulimits"_s, b.mapOf(ulimit, false, u"Resource limits"_s)},
                {u"stopSignal"_s, s(u"Stop signal"_s)},
                {u"stopGracePeriod"_s, s(u"Time to stop before SIGKILL"_s)},
                {u"init"_s, f(u"Run an init process"_s)},
                {u"groupAdd"_s, b.listOf(b.str({}), u"Supplementary groups"_s)},
                {u"readOnly"_s, f(u"Read-only root file system"_s)},
                {u"secrets"_s, b.listOf(serviceSecret, u"Secrets mounted under /run/secrets"_s)},
                {u"autoStart"_s, b.boolean(true, u"Start with the composition and at boot"_s)},
                {u"pull"_s, b.choice({}, {u"always"_s, u"missing"_s, u"never"_s, u"newer"_s},
                                     u"always, missing, never or newer (podman only)"_s)},
                {u"login"_s, b.record({{u"username"_s, s(u"Registry user"_s)},
                                       {u"passwordFile"_s, s(u"File with the registry password"_s)},
                                       {u"registry"_s, s(u"Registry"_s)}},
                                      u"Registry login"_s)},
                {u"extraOptions"_s, b.stringList(u"Raw docker run / podman run flags"_s)},
            },
            u"A service"_s);

        network = b.record(
            {
                {u"name"_s, s(u"Docker network name"_s)},
                {u"external"_s, f(u"Exists outside this composition"_s)},
                {u"driver"_s, s(u"Network driver"_s)},
                {u"driverOpts"_s, b.stringMap(u"Driver options"_s)},
                {u"ipam"_s,
                 b.record({{u"driver"_s, s(u"IPAM driver"_s)},
                           {u"config"_s,
                            b.listOf(b.record({{u"subnet"_s, s(u"Subnet"_s)},
                                               {u"ipRange"_s, s(u"Range"_s)},
                                               {u"gateway"_s, s(u"Gateway"_s)},
                                               {u"auxAddresses"_s, b.stringMap({}, Coerce::None)}},
                                              u"Address pool"_s),
                                     u"Address pools"_s)},
                           {u"options"_s, b.stringMap(u"IPAM options"_s, Coerce::None)}},
                          u"IP address management"_s)},
                {u"internal"_s, f(u"No outside connectivity"_s)},
                {u"enableIpv6"_s, f(u"Enable IPv6"_s)},
                {u"labels"_s, b.stringMap(u"Network labels"_s, Coerce::KeyValueToMap)},
            },
            u"A network"_s);
        volume = b.record(
            {
                {u"name"_s, s(u"Docker volume name"_s)},
                {u"external"_s, f(u"Exists outside this composition"_s)},
                {u"driver"_s, s(u"Volume driver"_s)},
                {u"driverOpts"_s, b.stringMap(u"Driver options"_s)},
                {u"labels"_s, b.stringMap(u"Volume labels"_s, Coerce::KeyValueToMap)},
            },
            u"A volume"_s);
        secret = b.record({{u"file"_s, b.required(u"Path of the secret on the host"_s)}},
                          u"A file secret"_s);

        composition = b.record(
            {
                {u"services"_s, b.mapOf(service, false, u"Services"_s)},
                {u"networks"_s, b.mapOf(network, true, u"Networks"_s)},
                {u"volumes"_s, b.mapOf(volume, true, u"Volumes"_s)},
                {u"secrets"_s, b.mapOf(secret, false, u"Secrets"_s)},
            },
            u"A composition"_s);
        compositions = b.mapOf(composition, false, u"Compositions"_s);
    }
};

const Schemas &schemas()
{
    static const Schemas instance;
    return instance;
}

} // namespace

namespace schema {
const SchemaNode &compositions()
{
    return *schemas().compositions;
}
const SchemaNode &composition()
{
    return *schemas().composition;
}
const SchemaNode &service()
{
    return *schemas().service;
}
const SchemaNode &network()
{
    return *schemas().network;
}
const SchemaNode &volume()
{
    return *schemas().volume;
}
const SchemaNode &secret()
{
    return *schemas().secret;
}
} // namespace schema

} // namespace khepri
