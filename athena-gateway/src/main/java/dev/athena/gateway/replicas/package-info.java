/**
 * Read replicas: the read tools run on PostgreSQL streaming replicas when they are healthy, close enough behind and,
 * for a project written through this gateway, past that write; every other statement stays on the primary. Nothing here
 * is active unless {@code athena.datasource.replicas.nodes} lists a replica.
 */
@NullMarked
package dev.athena.gateway.replicas;

import org.jspecify.annotations.NullMarked;
