#!/usr/bin/env bash
# Installs the Debian packages PaperRepro needs, if any is missing. Safe to run repeatedly.
set -euo pipefail
packages=(
  libhdf5-dev hdf5-tools h5utils   # HDF5 results (library, h5dump, h5totxt)
  libopenblas-dev liblapacke-dev   # BLAS/LAPACK for the models
  libfftw3-dev                     # spectra for attractor metrics
  libssl-dev zlib1g-dev pkgconf    # SHA-256/MD5 (libcrypto), gzip for MNIST
  gnuplot-nox fonts-dejavu-core    # figures
  chromium                         # headless browser checks of the notebook (tests only)
  git
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
