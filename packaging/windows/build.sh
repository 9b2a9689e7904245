#!/usr/bin/env bash
# Cross-builds the Windows executables. Runs inside the build folder (buildroot.sh run), the
# project at /src: `packaging/windows/buildroot.sh run packaging/windows/build.sh`.
# Output: target/windows/x86_64-pc-windows-gnu/release/{cofrestr.exe,cofrestr-desktop.exe}.
set -euo pipefail
cd /src
target=x86_64-pc-windows-gnu
# Debian's rustc has no prebuilt Windows standard library: build it from rust-src. -Z flags
# need RUSTC_BOOTSTRAP on a stable compiler; it applies to this build only.
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=/src/target/windows
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc-posix
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_AR=x86_64-w64-mingw32-ar
# C dependencies (SQLCipher, OpenSSL) with the posix-threads mingw compilers.
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc-posix
export CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++-posix
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export RANLIB_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ranlib
rustc --version
cargo build --release --locked -Zbuild-std=std,panic_abort --target $target \
  -p cofrestr -p cofrestr-desktop --features cofrestr-desktop/custom-protocol "$@"
