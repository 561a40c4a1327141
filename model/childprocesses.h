#pragma once

// Child processes and the temporary files they read, made safe to abandon.
// Every child khepri starts for nix or git runs as the leader of a process
// group of its own and is listed here while it runs, so that a signal ending
// khepri (SIGINT, SIGTERM, SIGHUP: the CLI's handler in app/main.cpp) ends it
// and everything it started, instead of leaving them to PID 1. Temporary
// files holding compositions live in one private directory (0700, in
// $XDG_RUNTIME_DIR when there is one), removed on exit and by that handler.

#include <QString>

#include "result.h"

class QProcess;

namespace khepri::childprocesses {

// Before QProcess::start() (ProcessJob's, the one place that starts
// children): the child makes itself the leader of a new
// process group, is killed when khepri dies (PR_SET_PDEATHSIG), and its group
// is tracked while it runs.
void runInOwnProcessGroup(QProcess &process);

// Sends `signalNumber` to every tracked group.
void signalAllGroups(int signalNumber);

// This process's private directory for temporary files (created on first
// use, mode 0700): $XDG_RUNTIME_DIR/khepri-XXXXXX, else the same under the
// system's temporary directory.
Result<QString> privateTempDirectory();

// Removes the private directory and everything in it (the signal path; a
// normal exit removes it too).
void removePrivateTempDirectory();

} // namespace khepri::childprocesses
