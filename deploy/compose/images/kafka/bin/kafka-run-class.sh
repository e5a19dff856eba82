#!/bin/bash
# kafka-run-class.sh CLASS [args]: a Kafka class on the jars of /opt/kafka/libs, as the
# distribution's script of the same name runs it (tools log WARN to stderr; the broker its own config).
set -euo pipefail
log4j="${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=/opt/kafka/config/log4j2-tools.xml}"
# shellcheck disable=SC2086  # option lists
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20} \
  -Djava.awt.headless=true $log4j ${KAFKA_OPTS:-} -cp '/opt/kafka/libs/*' "$@"
