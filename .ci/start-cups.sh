#!/usr/bin/env bash
# Start a local CUPS scheduler with a cups-pdf printer named "pdf" (for the printing tests).
# Idempotent: safe to run again; it only does what is missing. Needs root (cupsd, lpadmin).
set -euo pipefail
export LC_ALL=C

PRINTER="${CUPS_PDF_PRINTER:-pdf}"

for tool in cupsd lpstat lpadmin; do
  command -v "$tool" >/dev/null 2>&1 || { echo "start-cups: $tool not found (install cups cups-client printer-driver-cups-pdf)" >&2; exit 1; }
done

scheduler_running() { lpstat -r 2>/dev/null | grep -q "scheduler is running"; }

# 1. the scheduler
if ! scheduler_running; then
  cupsd   # daemonizes; with a config error it exits non-zero and set -e stops us
  for _ in $(seq 1 50); do   # bounded: 50 × 0.2 s = 10 s
    scheduler_running && break
    sleep 0.2
  done
  scheduler_running || { echo "start-cups: cupsd did not come up within 10 s" >&2; exit 1; }
fi

# 2. cups-pdf output folder: make it explicit and predictable (the tests read Out from this file)
conf=/etc/cups/cups-pdf.conf
if [ -f "$conf" ] && ! grep -Eq '^Out[[:space:]]' "$conf"; then
  echo 'Out ${HOME}/PDF' >> "$conf"
fi

# 3. the printer
if ! lpstat -p "$PRINTER" >/dev/null 2>&1; then
  if ! lpadmin -p "$PRINTER" -v cups-pdf:/ -E -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null; then
    model="$(lpinfo -m 2>/dev/null | grep -i cups-pdf | head -n 1 | cut -d' ' -f1 || true)"
    if [ -z "$model" ]; then
      ppd="$(ls /usr/share/ppd/cups-pdf/*.ppd 2>/dev/null | head -n 1 || true)"
      [ -n "$ppd" ] || { echo "start-cups: no cups-pdf PPD found (install printer-driver-cups-pdf)" >&2; exit 1; }
      lpadmin -p "$PRINTER" -v cups-pdf:/ -E -P "$ppd"
    else
      lpadmin -p "$PRINTER" -v cups-pdf:/ -E -m "$model"
    fi
  fi
fi
cupsenable "$PRINTER" 2>/dev/null || true
cupsaccept "$PRINTER" 2>/dev/null || true

lpstat -p "$PRINTER"
