package dev.athena.bench;

import dev.athena.bench.AthenaClient.Reply;

/** One kind of call a phase repeats, such as a recall of the next query. */
@FunctionalInterface
interface Operation {

    Reply<?> call();
}
