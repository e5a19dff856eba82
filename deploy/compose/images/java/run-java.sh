#!/bin/sh
# What the Tweestap images use of the ubi9/openjdk-17 image's run-java.sh: its default JVM
# options (unless JAVA_OPTS is set) with the collector GC_CONTAINER_OPTIONS names (default
# -XX:+UseParallelGC), then JAVA_OPTS_APPEND, then the jar in JAVA_APP_JAR.
set -eu
: "${JAVA_APP_JAR:?JAVA_APP_JAR is not set}"
JAVA_OPTS="${JAVA_OPTS:--XX:MaxRAMPercentage=80.0 ${GC_CONTAINER_OPTIONS:--XX:+UseParallelGC} -XX:+ExitOnOutOfMemoryError}"
cd "$(dirname "$JAVA_APP_JAR")"
# shellcheck disable=SC2086  # option lists
exec java $JAVA_OPTS ${JAVA_OPTS_APPEND:-} -jar "$JAVA_APP_JAR" "$@"
