package dev.athena.consolidation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.athena.memory.EpisodicEvent;

/** Events that belong together (one stretch of work), in time order. */
record EventCluster(List<EpisodicEvent> events) {

    List<UUID> eventIds() {
        return events.stream().map(EpisodicEvent::id).toList();
    }

    Set<String> filesAndDirectories() {
        Set<String> places = new HashSet<>();
        for (EpisodicEvent event : events) {
            places.addAll(event.context().files());
            if (event.context().cwd() != null) {
                places.add(event.context().cwd());
            }
        }
        return places;
    }

    int size() {
        return events.size();
    }
}
