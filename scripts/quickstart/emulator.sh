# Sourced by scripts/quickstart.sh: runs the Mailgun emulator in the background on fixed
# loopback ports, its data (account key included) persisted in a file, so the quickstart
# stack's config stays valid from one run to the next.
#
# Needs: PM_ROOT, EMULATOR_DATA_DIR, PORT_US, PORT_EU, and a qs_log function.
# Sets:  EMULATOR_URL_US, EMULATOR_URL_EU, EMULATOR_API_KEY (never printed).

EMULATOR_PID=""

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A previous quickstart emulator still running (killed script, second terminal) is stopped
# cleanly so that it flushes its data file; anything else on the ports is an error.
emulator_stop_previous() {
  local pidfile="$EMULATOR_DATA_DIR/emulator.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && ps -o args= -p "$pid" 2>/dev/null | grep -q "dist/emulator/cli.js"; then
    qs_log "stopping the emulator left running by a previous run (pid $pid)"
    emulator_terminate "$pid"
  fi
  rm -f "$pidfile"
}

emulator_terminate() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  qs_log "the emulator (pid $pid) did not stop within 10 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

emulator_start() {
  mkdir -p "$EMULATOR_DATA_DIR"
  chmod 700 "$EMULATOR_DATA_DIR"
  emulator_stop_previous
  local port
  for port in "$PORT_US" "$PORT_EU"; do
    if port_in_use "$port"; then
      qs_log "port $port on 127.0.0.1 is in use by another program; free it or choose other ports, e.g. QUICKSTART_PORT_US=28080 QUICKSTART_PORT_EU=28081 $0"
      return 1
    fi
  done

  local out="$EMULATOR_DATA_DIR/emulator.out" errlog="$EMULATOR_DATA_DIR/emulator.log"
  : >"$out"
  node "$PM_ROOT/dist/emulator/cli.js" --host 127.0.0.1 --us-port "$PORT_US" --eu-port "$PORT_EU" \
    --data-file "$EMULATOR_DATA_DIR/emulator.json" >"$out" 2>"$errlog" &
  EMULATOR_PID=$!
  echo "$EMULATOR_PID" >"$EMULATOR_DATA_DIR/emulator.pid"

  local i
  for i in $(seq 1 150); do
    [ -s "$out" ] && break
    if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
      qs_log "the emulator exited at start-up:"
      sed 's/^/    /' "$errlog" >&2
      EMULATOR_PID=""
      return 1
    fi
    sleep 0.1
  done
  if [ ! -s "$out" ]; then
    qs_log "the emulator did not report its addresses within 15 s (log: $errlog)"
    return 1
  fi
  # One JSON line {us, eu, apiKey}; the key goes to a variable only.
  local line
  line="$(head -n1 "$out")"
  : >"$out"
  EMULATOR_URL_US="$(node -e 'console.log(JSON.parse(process.argv[1]).us)' "$line")"
  EMULATOR_URL_EU="$(node -e 'console.log(JSON.parse(process.argv[1]).eu)' "$line")"
  EMULATOR_API_KEY="$(node -e 'console.log(JSON.parse(process.argv[1]).apiKey)' "$line")"
}

emulator_stop() {
  [ -n "$EMULATOR_PID" ] || return 0
  emulator_terminate "$EMULATOR_PID"
  wait "$EMULATOR_PID" 2>/dev/null || true
  rm -f "$EMULATOR_DATA_DIR/emulator.pid"
  EMULATOR_PID=""
}
