#include "commands.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace khepri {

int runGui(const Command &cmd);
int runTui(const Command &cmd);
int runShow(const Command &cmd);
int runValidate(const Command &cmd);
int runGenerate(const Command &cmd);
int runGraph(const Command &cmd);
int runStatus(const Command &cmd);
int runRebuild(const Command &cmd);
int runAskpass(const Command &cmd);
int runImport(const Command &cmd);
int runExport(const Command &cmd);
int runCompletion(const Command &cmd);
int runManpage(const Command &cmd);

const QStringList &valueOptions()
{
    static const QStringList options{
        u"format"_s,       u"output"_s,    u"deployed"_s, u"target-host"_s, u"name"_s,
        u"owned-file"_s,   u"privilege"_s, u"manifest"_s, u"screenshot"_s,  u"env-file"_s,
        u"project-name"_s, u"profile"_s,   u"into"_s,     u"secrets-to"_s,  u"composition"_s};
    return options;
}

const QStringList &sourceOptions()
{
    static const QStringList options{u"flake"_s, u"file"_s, u"allow-path"_s};
    return options;
}

bool optionTakesValue(const QString &option)
{
    return sourceOptions().contains(option) || valueOptions().contains(option);
}

const QList<std::pair<QString, QString>> &shortOptions()
{
    static const QList<std::pair<QString, QString>> options{
        {u"-h"_s, u"help"_s}, {u"-o"_s, u"output"_s}, {u"-v"_s, u"verbose"_s}};
    return options;
}

const QList<CommandSpec> &commandSpecs()
{
    // clang-format off
    static const QList<CommandSpec> specs{
        {u"gui"_s, u"[gui] [SOURCE] [--screenshot FILE.png]"_s,
         u"desktop console (default with a display); --screenshot renders the window to a PNG and exits"_s,
         {u"user"_s, u"deployed"_s, u"screenshot"_s, u"owned-file"_s}, 0, true, true, &runGui},
        {u"tui"_s, u"tui [SOURCE]"_s, u"terminal console (default without a display)"_s,
         {u"user"_s, u"deployed"_s}, 0, true, false, &runTui},
        {u"show"_s, u"show [SOURCE] [--json]"_s, u"compositions as evaluated"_s,
         {u"json"_s, u"owned-file"_s}, 0, true, false, &runShow},
        {u"validate"_s, u"validate [SOURCE] [--json]"_s, u"diagnostics; exit status 1 when there are errors"_s,
         {u"json"_s, u"owned-file"_s}, 0, true, false, &runValidate},
        {u"graph"_s, u"graph [SOURCE] --format dot|json"_s, u"the dependency graph"_s,
         {u"format"_s}, 0, true, false, &runGraph},
        {u"generate"_s, u"generate [SOURCE] -o FILE"_s, u"write the compositions to a file khepri owns"_s,
         {u"output"_s}, 0, true, false, &runGenerate},
        {u"status"_s, u"status [SOURCE] [--json] [--watch]"_s, u"live state of the compositions"_s,
         {u"json"_s, u"watch"_s, u"user"_s, u"deployed"_s, u"manifest"_s}, 0, true, false, &runStatus},
        {u"rebuild"_s, u"rebuild [ACTION] SOURCE [--target-host HOST|local]"_s,
         u"nixos-rebuild ACTION (switch|test|boot|build|dry-activate), with progress;"
         u" -v the log, --privilege root|pkexec|sudo|none, --remote-sudo."
         u" The target host is remembered per host and said before each run;"
         u" --target-host local deploys here, --forget-target forgets it"_s,
         {u"target-host"_s, u"remote-sudo"_s, u"privilege"_s, u"verbose"_s, u"forget-target"_s},
         1, true, false, &runRebuild},
        {u"askpass"_s, u"askpass PROMPT"_s, u"answer a sudo/ssh password prompt (keychain or ask)"_s,
         {}, 1, false, true, &runAskpass},
        {u"import"_s,
         u"import COMPOSE.yml… [--env-file F]… [--project-name N] [--profile P]… [--into NAME]"
         u" [-o FILE | --owned-file FILE] [--dry-run] [--secrets-to DIR]"_s,
         u"turn a docker compose project into a composition in the file khepri owns; exit 1"
         u" when something could not be carried over (each listed)"_s,
         {u"env-file"_s, u"project-name"_s, u"profile"_s, u"into"_s, u"output"_s, u"owned-file"_s,
          u"dry-run"_s, u"secrets-to"_s}, 64, true, false, &runImport},
        {u"export"_s, u"export [SOURCE] --composition NAME [-o FILE]"_s,
         u"write a composition as a compose file (stdout without -o)"_s,
         {u"composition"_s, u"output"_s}, 0, true, false, &runExport},
        {u"completion"_s, u"completion bash|zsh|fish [-o FILE]"_s,
         u"print the shell completion script (packages install it for you)"_s,
         {u"output"_s}, 1, false, false, &runCompletion},
        {u"manpage"_s, u"manpage [-o FILE]"_s, u"print the khepri(1) manual page (man -l FILE reads it)"_s,
         {u"output"_s}, 0, false, false, &runManpage},
    };
    // clang-format on
    return specs;
}

const CommandSpec *findCommand(const QString &name)
{
    const auto &specs = commandSpecs();
    auto it = std::find_if(specs.begin(), specs.end(),
                           [&](const CommandSpec &s) { return s.name == name; });
    return it == specs.end() ? nullptr : &*it;
}

} // namespace khepri
