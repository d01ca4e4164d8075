package dev.athena.gateway.replicas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured read replicas and their state, for {@code /health}: one entry per replica, in configured order. */
public final class Replicas implements AutoCloseable {

    private final List<Replica> replicas;

    Replicas(List<Replica> replicas) {
        this.replicas = List.copyOf(replicas);
    }

    List<Replica> all() {
        return replicas;
    }

    /** The state of each replica by name, as the last check or read found it. */
    public Map<String, ReplicaState> states() {
        Map<String, ReplicaState> states = new LinkedHashMap<>();
        replicas.forEach(replica -> states.put(replica.name(), replica.state()));
        return states;
    }

    @Override
    public void close() {
        replicas.forEach(Replica::close);
    }
}
