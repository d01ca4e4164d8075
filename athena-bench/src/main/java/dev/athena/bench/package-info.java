/**
 * Athena's HTTP load generator, run by scripts/bench.sh: a generated corpus, the measured phases, the table and the
 * JSON. A client of the REST tools only; no Athena module depends on it and it is not part of the image.
 */
package dev.athena.bench;
