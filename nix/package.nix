# The khepri console built with nixpkgs' Qt 6 (and KF6 SyntaxHighlighting,
# which Debian 12 lacks). The test suite needs a private dockerd and a systemd
# user manager, which the build sandbox cannot start: the unit-labelled tests
# run here, the rest in ./scripts/test and the NixOS VM test.
{
  lib,
  stdenv,
  cmake,
  ninja,
  pkg-config,
  qt6,
  kdePackages,
  graphviz,
  yaml-cpp,
  ncurses,
  gtest,
  gbenchmark,
  nix,
  clang-tools,
}:
stdenv.mkDerivation {
  pname = "khepri";
  version = "0.1.0";
  src = lib.cleanSource ../.;

  nativeBuildInputs = [
    cmake
    ninja
    pkg-config
    qt6.wrapQtAppsHook
    nix
    clang-tools
  ];
  buildInputs = [
    qt6.qtbase
    kdePackages.qtkeychain
    kdePackages.syntax-highlighting
    graphviz
    yaml-cpp
    ncurses
    gtest
    gbenchmark
  ];

  doCheck = true;
  checkPhase = ''
    runHook preCheck
    QT_QPA_PLATFORM=offscreen ctest --output-on-failure -L unit
    runHook postCheck
  '';

  meta = {
    description = "Console for khepri compositions: graph, visual editing, rebuild and live state";
    license = lib.licenses.mit;
    platforms = lib.platforms.linux;
    mainProgram = "khepri";
  };
}
