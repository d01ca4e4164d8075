package dev.athena.consolidation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.athena.memory.EpisodicEvent;
import org.springframework.stereotype.Component;

/**
 * Groups events into clusters of related work: by session (or working directory when there is none), split where the
 * work paused for longer than the time gap, then clusters close in time that touch the same files or directory are
 * joined. Embedding similarity for the events left alone is {@link SingletonAttacher}'s job.
 */
@Component
class EventClusterer {

    List<EventCluster> cluster(List<EpisodicEvent> events, Duration timeGap) {
        List<List<EpisodicEvent>> clusters = new ArrayList<>();
        for (List<EpisodicEvent> stream : bySessionOrDirectory(events).values()) {
            clusters.addAll(splitAtPauses(stream, timeGap));
        }
        clusters.sort(Comparator.comparing(c -> c.get(0).occurredAt()));
        return joinClustersSharingPlaces(clusters, timeGap).stream()
                .map(EventCluster::new)
                .toList();
    }

    private static Map<String, List<EpisodicEvent>> bySessionOrDirectory(List<EpisodicEvent> events) {
        Map<String, List<EpisodicEvent>> groups = new LinkedHashMap<>();
        List<EpisodicEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(EpisodicEvent::occurredAt).thenComparing(EpisodicEvent::id));
        for (EpisodicEvent event : ordered) {
            String key = event.sessionId() != null
                    ? "session:" + event.sessionId()
                    : "cwd:"
                            + (event.context().cwd() == null
                                    ? ""
                                    : event.context().cwd());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
        }
        return groups;
    }

    private static List<List<EpisodicEvent>> splitAtPauses(List<EpisodicEvent> stream, Duration timeGap) {
        List<List<EpisodicEvent>> parts = new ArrayList<>();
        List<EpisodicEvent> current = new ArrayList<>();
        for (EpisodicEvent event : stream) {
            if (!current.isEmpty()
                    && Duration.between(current.get(current.size() - 1).occurredAt(), event.occurredAt())
                                    .compareTo(timeGap)
                            > 0) {
                parts.add(current);
                current = new ArrayList<>();
            }
            current.add(event);
        }
        if (!current.isEmpty()) {
            parts.add(current);
        }
        return parts;
    }

    /** Joins a cluster into an earlier one that overlaps it in time (within the gap) and shares a file or directory. */
    private static List<List<EpisodicEvent>> joinClustersSharingPlaces(
            List<List<EpisodicEvent>> clusters, Duration timeGap) {
        List<List<EpisodicEvent>> joined = new ArrayList<>();
        for (List<EpisodicEvent> cluster : clusters) {
            List<EpisodicEvent> target = null;
            for (List<EpisodicEvent> candidate : joined) {
                if (closeInTime(candidate, cluster, timeGap) && sharePlaces(candidate, cluster)) {
                    target = candidate;
                    break;
                }
            }
            if (target == null) {
                joined.add(new ArrayList<>(cluster));
            } else {
                target.addAll(cluster);
                target.sort(Comparator.comparing(EpisodicEvent::occurredAt).thenComparing(EpisodicEvent::id));
            }
        }
        return joined;
    }

    private static boolean closeInTime(List<EpisodicEvent> a, List<EpisodicEvent> b, Duration timeGap) {
        var aStart = a.get(0).occurredAt();
        var aEnd = a.get(a.size() - 1).occurredAt();
        var bStart = b.get(0).occurredAt();
        var bEnd = b.get(b.size() - 1).occurredAt();
        return !bStart.isAfter(aEnd.plus(timeGap)) && !aStart.isAfter(bEnd.plus(timeGap));
    }

    private static boolean sharePlaces(List<EpisodicEvent> a, List<EpisodicEvent> b) {
        var places = new EventCluster(a).filesAndDirectories();
        return !Collections.disjoint(places, new EventCluster(b).filesAndDirectories());
    }
}
